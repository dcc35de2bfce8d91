package se.peppolgw.ap.outbound;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.ap.pki.DevCa;
import se.peppolgw.ap.pki.DevPki;

/**
 * A Peppol SMP 1.x ("busdox") on loopback for the routing tests: answers the service group and
 * the signed service metadata of registered participants, signed with a key from its own test CA
 * (enveloped XML DSig, RSA-SHA256). {@link #tamper(boolean)} changes a signed value after
 * signing, so that the signature no longer verifies.
 */
final class TestSmpServer implements AutoCloseable {
  private static final String SMP = "http://busdox.org/serviceMetadata/publishing/1.0/";
  private static final String IDS = "http://busdox.org/transport/identifiers/1.0/";
  private static final String WSA = "http://www.w3.org/2005/08/addressing";

  private record Registration(String process, String url, X509Certificate certificate) {}

  private final HttpServer server;
  private final DevCa ca = DevPki.createStandaloneCa("Test SMP CA");
  private final ApKeyMaterial signer =
      ca.issueApCertificate("PSM000001", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
  /** participant (lower case, no scheme) -> document type -> registration */
  private final Map<String, Map<String, Registration>> registry = new ConcurrentHashMap<>();
  private final AtomicInteger metadataRequests = new AtomicInteger();
  private volatile boolean tamper;

  TestSmpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void register(String participant, String documentType, String process, Peer at) {
    register(participant, documentType, process, at.as4Url(), at.certificate());
  }

  /** A registration with any address and certificate (the SMP self-check's drift cases). */
  void register(String participant, String documentType, String process, String url, X509Certificate certificate) {
    registry
        .computeIfAbsent(participant.toLowerCase(java.util.Locale.ROOT), k -> new ConcurrentHashMap<>())
        .put(documentType, new Registration(process, url, certificate));
  }

  void tamper(boolean on) {
    tamper = on;
  }

  int metadataRequests() {
    return metadataRequests.get();
  }

  /** A PKCS#12 trust store holding the CA that issued the SMP's signing certificate. */
  Path writeTrustStore(Path file, String password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("smp-ca", ca.certificate());
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, password.toCharArray());
    }
    return file;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      // /{participant URI}[/services/{document type URI}], each segment percent-encoded
      String[] seg = ex.getRequestURI().getRawPath().substring(1).split("/");
      String participant = stripScheme(decode(seg[0]), "iso6523-actorid-upis::").toLowerCase(java.util.Locale.ROOT);
      Map<String, Registration> services = registry.get(participant);
      if (services == null) {
        send(ex, 404, "<error>unknown participant</error>");
        return;
      }
      if (seg.length == 1) {
        send(ex, 200, serviceGroup(seg[0], services));
        return;
      }
      String docType = stripScheme(decode(seg[2]), "busdox-docid-qns::");
      Registration r = services.get(docType);
      if (r == null) {
        send(ex, 404, "<error>unknown document type</error>");
        return;
      }
      metadataRequests.incrementAndGet();
      send(ex, 200, signedMetadata(participant, docType, r));
    } catch (Exception e) {
      send(ex, 500, "<error>" + e + "</error>");
    }
  }

  private String serviceGroup(String rawParticipant, Map<String, Registration> services) {
    StringBuilder refs = new StringBuilder();
    for (String d : services.keySet()) {
      refs.append("<smp:ServiceMetadataReference href=\"")
          .append(url()).append('/').append(rawParticipant).append("/services/")
          .append(java.net.URLEncoder.encode("busdox-docid-qns::" + d, StandardCharsets.UTF_8))
          .append("\"/>");
    }
    return "<smp:ServiceGroup xmlns:smp=\"" + SMP + "\" xmlns:ids=\"" + IDS + "\">"
        + "<ids:ParticipantIdentifier scheme=\"iso6523-actorid-upis\">"
        + decode(rawParticipant).replace("iso6523-actorid-upis::", "")
        + "</ids:ParticipantIdentifier><smp:ServiceMetadataReferenceCollection>" + refs
        + "</smp:ServiceMetadataReferenceCollection></smp:ServiceGroup>";
  }

  private String signedMetadata(String participant, String docType, Registration r) throws Exception {
    String xml =
        "<smp:SignedServiceMetadata xmlns:smp=\"" + SMP + "\" xmlns:ids=\"" + IDS + "\" xmlns:wsa=\""
            + WSA + "\"><smp:ServiceMetadata><smp:ServiceInformation>"
            + "<ids:ParticipantIdentifier scheme=\"iso6523-actorid-upis\">" + participant
            + "</ids:ParticipantIdentifier>"
            + "<ids:DocumentIdentifier scheme=\"busdox-docid-qns\">" + esc(docType) + "</ids:DocumentIdentifier>"
            + "<smp:ProcessList><smp:Process>"
            + "<ids:ProcessIdentifier scheme=\"cenbii-procid-ubl\">" + esc(r.process()) + "</ids:ProcessIdentifier>"
            + "<smp:ServiceEndpointList><smp:Endpoint transportProfile=\"peppol-transport-as4-v2_0\">"
            + "<wsa:EndpointReference><wsa:Address>" + r.url() + "</wsa:Address></wsa:EndpointReference>"
            + "<smp:RequireBusinessLevelSignature>false</smp:RequireBusinessLevelSignature>"
            + "<smp:Certificate>" + Base64.getEncoder().encodeToString(r.certificate().getEncoded())
            + "</smp:Certificate><smp:ServiceDescription>test endpoint</smp:ServiceDescription>"
            + "<smp:TechnicalContactUrl>mailto:ops@example.org</smp:TechnicalContactUrl>"
            + "</smp:Endpoint></smp:ServiceEndpointList></smp:Process></smp:ProcessList>"
            + "</smp:ServiceInformation></smp:ServiceMetadata></smp:SignedServiceMetadata>";
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    XMLSignatureFactory sf = XMLSignatureFactory.getInstance("DOM");
    var ref =
        sf.newReference(
            "",
            sf.newDigestMethod(DigestMethod.SHA256, null),
            List.of(sf.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null)),
            null,
            null);
    var si =
        sf.newSignedInfo(
            sf.newCanonicalizationMethod(CanonicalizationMethod.INCLUSIVE, (C14NMethodParameterSpec) null),
            sf.newSignatureMethod(SignatureMethod.RSA_SHA256, null),
            List.of(ref));
    KeyInfoFactory kif = sf.getKeyInfoFactory();
    X509Certificate cert = signer.certificate();
    var ki =
        kif.newKeyInfo(
            List.of(kif.newX509Data(List.of(cert.getSubjectX500Principal().getName(), cert))));
    sf.newXMLSignature(si, ki).sign(new DOMSignContext(signer.privateKey(), d.getDocumentElement()));
    if (tamper) {
      d.getElementsByTagNameNS(SMP, "ServiceDescription").item(0).setTextContent("changed after signing");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TransformerFactory.newInstance().newTransformer().transform(new DOMSource(d), new StreamResult(out));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String stripScheme(String s, String scheme) {
    return s.regionMatches(true, 0, scheme, 0, scheme.length()) ? s.substring(scheme.length()) : s;
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;");
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/xml");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
