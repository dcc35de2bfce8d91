package se.peppolgw.ap.testkit;

import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.phase4.crypto.AS4CryptoFactoryInMemoryKeyStore;
import com.helger.phase4.messaging.http.BasicHttpPoster;
import com.helger.phase4.peppol.Phase4PeppolSender;
import com.helger.phase4.peppol.Phase4PeppolSender.PeppolUserMessageSBDHBuilder;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import com.helger.security.certificate.TrustedCAChecker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.ap.sbd.SbdWriter;

/**
 * A sending access point for tests: phase4's own Peppol sender (what real APs use), pointed at a
 * fixed endpoint and certificate (no SMP). Hooks let a test change the message (extra payloads,
 * other party ids …) or the raw bytes on the wire (tampering, replay).
 */
public final class TestSender {
  private final ApKeyMaterial keys;
  private final X509Certificate receiverCert;
  private final TrustedCAChecker caChecker;
  private final String url;

  public TestSender(ApKeyMaterial keys, X509Certificate receiverCert, TrustedCAChecker caChecker, String url) {
    this.keys = keys;
    this.receiverCert = receiverCert;
    this.caChecker = caChecker;
    this.url = url;
  }

  /** Routing of one test message. */
  public record Routing(
      String sender, String receiver, String documentTypeId, String processId, String countryC1) {}

  /** What happened: phase4's verdict, the parsed answer, and the exact bytes that were posted. */
  public record Sent(
      EAS4UserMessageSendResult result, As4Answer answer, String messageId, byte[] requestBytes,
      String requestContentType, byte[] sbd) {}

  public static byte[] sbd(Routing r, String instanceId, byte[] document, String rootNs, String rootName) {
    return SbdWriter.write(
        new SbdWriter.Header(
            r.sender(), r.receiver(), r.documentTypeId(), r.processId(), r.countryC1(),
            instanceId, Instant.now(), rootNs, rootName),
        document);
  }

  public Sent send(Routing r, byte[] sbd) {
    return send(r, sbd, b -> {}, UnaryOperator.identity());
  }

  public Sent send(
      Routing r,
      byte[] sbd,
      Consumer<PeppolUserMessageSBDHBuilder> customize,
      UnaryOperator<byte[]> wireTamper) {
    var ids = PeppolIdentifierFactory.INSTANCE;
    AtomicReference<byte[]> raw = new AtomicReference<>();
    AtomicReference<byte[]> request = new AtomicReference<>();
    AtomicReference<String> requestType = new AtomicReference<>();
    AtomicReference<Integer> status = new AtomicReference<>(0);
    String messageId = UUID.randomUUID() + "@test.peppolgw";
    BasicHttpPoster poster = new BasicHttpPoster();
    poster.setHttpCustomizer(
        post -> {
          HttpEntity e = post.getEntity();
          ByteArrayOutputStream bos = new ByteArrayOutputStream();
          try {
            e.writeTo(bos);
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
          byte[] bytes = wireTamper.apply(bos.toByteArray());
          request.set(bytes);
          requestType.set(e.getContentType());
          post.setEntity(new ByteArrayEntity(bytes, ContentType.parse(e.getContentType())));
        });
    PeppolUserMessageSBDHBuilder b =
        Phase4PeppolSender.sbdhBuilder()
            .cryptoFactory(
                new AS4CryptoFactoryInMemoryKeyStore(
                    keys.keyStore(), keys.alias(), keys.keyPassword(), keys.trustStore()))
            .messageID(messageId)
            .senderParticipantID(ids.createParticipantIdentifierWithDefaultScheme(r.sender()))
            .receiverParticipantID(ids.createParticipantIdentifierWithDefaultScheme(r.receiver()))
            .documentTypeID(ids.createDocumentTypeIdentifierWithDefaultScheme(r.documentTypeId()))
            .processID(ids.createProcessIdentifierWithDefaultScheme(r.processId()))
            .countryC1(r.countryC1())
            .senderPartyID(keys.seatId())
            .receiverEndpointDetails(receiverCert, url)
            .peppolAP_CAChecker(caChecker)
            .customHttpPoster(poster)
            .rawResponseConsumer(
                m -> {
                  raw.set(m.getResponseContent());
                  if (m.hasResponseStatusLine()) {
                    status.set(m.getResponseStatusLine().getStatusCode());
                  }
                })
            .payload(sbd);
    customize.accept(b);
    EAS4UserMessageSendResult result = b.sendMessageAndCheckForReceipt(ex -> {});
    return new Sent(
        result, As4Answer.parse(status.get(), raw.get()), messageId, request.get(), requestType.get(), sbd);
  }

  /** Posts bytes captured from an earlier send again, unchanged (a replay). */
  public As4Answer replay(Sent earlier) {
    try {
      HttpClient c = HttpClient.newHttpClient();
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(url))
              .header("Content-Type", earlier.requestContentType())
              .header("MIME-Version", "1.0")
              .POST(HttpRequest.BodyPublishers.ofByteArray(earlier.requestBytes()))
              .build();
      HttpResponse<byte[]> resp = c.send(req, HttpResponse.BodyHandlers.ofByteArray());
      return As4Answer.parse(resp.statusCode(), resp.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

}
