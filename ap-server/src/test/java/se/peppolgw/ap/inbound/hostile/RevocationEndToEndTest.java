package se.peppolgw.ap.inbound.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.phase4.sender.EAS4UserMessageSendResult;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.config.Mode;
import se.peppolgw.ap.pki.ApCertificateVerifier;
import se.peppolgw.ap.pki.ApCertificateVerifier.RevocationPolicy;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.ap.pki.DevCa;
import se.peppolgw.ap.pki.DevPki;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.BackOfficeWatch;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.TestSender;
import se.peppolgw.ap.testkit.TestSender.Routing;

/**
 * Revocation end to end: a gateway in {@code test} mode whose key store and extra trust store
 * ({@code gateway.truststore.path}) come from a CA of this test, which publishes its CRL over HTTP
 * on loopback. That is the operator's own configuration path (no test hook): in test/production
 * mode the gateway checks revocation of every signing certificate; local mode does not, because
 * the generated dev CA publishes no CRL.
 *
 * <p>Two gateways share the CA: one with {@code gateway.revocation.soft-fail} off (the default),
 * one with it on. Sender certificates carry a CRL distribution point: the live CRL, or a port
 * where nothing listens; or no CRL at all and an OCSP responder of the same CA (served on the same
 * loopback server) in their Authority Information Access.
 */
class RevocationEndToEndTest {
  @TempDir static Path dir;
  static DevCa ca;
  static HttpServer crlServer;
  static final AtomicInteger crlDownloads = new AtomicInteger();
  static GatewayFixture strict;
  static GatewayFixture softFail;
  static ApKeyMaterial good;
  static ApKeyMaterial revoked;
  static ApKeyMaterial crlUnreachable;
  static ApKeyMaterial ocspGood;
  static ApKeyMaterial ocspRevoked;
  static final AtomicInteger ocspRequests = new AtomicInteger();
  static BackOfficeWatch strictBackOffice;
  static BackOfficeWatch softBackOffice;

  @BeforeAll
  static void start() throws Exception {
    ca = DevPki.createStandaloneCa("Revocation Test AP CA");
    crlServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String liveCrl = "http://127.0.0.1:" + crlServer.getAddress().getPort() + "/ap-ca.crl";
    String deadCrl;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      deadCrl = "http://127.0.0.1:" + s.getLocalPort() + "/ap-ca.crl";
    }
    Instant now = Instant.now();
    Instant from = now.minus(Duration.ofDays(1));
    Instant until = now.plus(Duration.ofDays(30));
    good = ca.issueApCertificate("PSE000002", from, until, liveCrl);
    revoked = ca.issueApCertificate("PSE000003", from, until, liveCrl);
    crlUnreachable = ca.issueApCertificate("PSE000004", from, until, deadCrl);
    String ocsp = "http://127.0.0.1:" + crlServer.getAddress().getPort() + "/ocsp";
    ocspGood = ca.issueApCertificate("PSE000005", from, until, null, ocsp);
    ocspRevoked = ca.issueApCertificate("PSE000006", from, until, null, ocsp);
    Set<BigInteger> revokedByOcsp = Set.of(ocspRevoked.certificate().getSerialNumber());
    // RFC 6960: a small request may come as GET /ocsp/<base64, URL-encoded>, else as a POST body
    crlServer.createContext(
        "/ocsp",
        ex -> {
          ocspRequests.incrementAndGet();
          String path = ex.getRequestURI().getRawPath();
          byte[] request =
              "POST".equals(ex.getRequestMethod())
                  ? ex.getRequestBody().readNBytes(64 * 1024)
                  : Base64.getDecoder().decode(
                      URLDecoder.decode(path.substring(path.indexOf("/ocsp/") + 6), StandardCharsets.US_ASCII));
          byte[] answer = ca.ocspResponse(request, Instant.now(), revokedByOcsp);
          ex.getResponseHeaders().add("Content-Type", "application/ocsp-response");
          ex.sendResponseHeaders(200, answer.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(answer);
          }
        });
    // Published once, before any check: the gateway caches a downloaded CRL (24 h / nextUpdate).
    byte[] crl = ca.createCrl(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), revoked.certificate()).getEncoded();
    crlServer.createContext(
        "/ap-ca.crl",
        ex -> {
          crlDownloads.incrementAndGet();
          ex.getResponseHeaders().add("Content-Type", "application/pkix-crl");
          ex.sendResponseHeaders(200, crl.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(crl);
          }
        });
    crlServer.start();

    ApKeyMaterial gatewayKeys = ca.issueApCertificate("PSE000001", from, until, liveCrl);
    Path keystore = dir.resolve("ap.p12");
    DevPki.writePkcs12(gatewayKeys, keystore, "secret".toCharArray());
    Path truststore = dir.resolve("ap-ca.p12");
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("revocation-test-ca", ca.certificate());
    try (OutputStream o = Files.newOutputStream(truststore)) {
      ts.store(o, "secret".toCharArray());
    }
    strict = networkGateway(dir.resolve("strict"), keystore, truststore).start();
    softFail =
        networkGateway(dir.resolve("soft"), keystore, truststore)
            .with("gateway.revocation.soft-fail", "true")
            .start();
    strictBackOffice = new BackOfficeWatch(strict);
    softBackOffice = new BackOfficeWatch(softFail);
  }

  static GatewayFixture networkGateway(Path root, Path keystore, Path truststore) {
    return new GatewayFixture(root)
        .with("gateway.mode", "test")
        .with("gateway.keystore.path", keystore.toString())
        .with("gateway.keystore.password", "secret")
        .with("gateway.truststore.path", truststore.toString())
        .with("gateway.truststore.password", "secret")
        // no SML lookups from this test: outbound is not used
        .with("gateway.routing.mode", "static");
  }

  @AfterAll
  static void stop() {
    if (strict != null) {
      strict.close();
    }
    if (softFail != null) {
      softFail.close();
    }
    if (crlServer != null) {
      crlServer.stop(0);
    }
  }

  @BeforeEach
  void snapshot() {
    strictBackOffice.snapshot();
    softBackOffice.snapshot();
  }

  /**
   * A sender signing with {@code keys}. Its check of the gateway's certificate is by CA only:
   * what is under test is the gateway's check of the sender, not the sender's of the gateway.
   */
  static TestSender sender(GatewayFixture fx, ApKeyMaterial keys) {
    ApCertificateVerifier byCaOnly =
        ApCertificateVerifier.forCas(Mode.LOCAL, List.of(ca.certificate()), RevocationPolicy.none());
    return new TestSender(keys, fx.gateway().keys().certificate(), byCaOnly.asTrustedCAChecker(), fx.as4Url());
  }

  static TestSender.Sent sendInvoice(GatewayFixture fx, ApKeyMaterial keys) {
    Routing r = GatewayFixture.invoiceRouting();
    TestSender.Sent sent = sender(fx, keys).send(r, BackOfficeWatch.invoiceSbd(r));
    System.out.println("[revocation] " + sent.result() + " " + sent.answer().errorCodes() + " " + sent.answer().allDetails());
    return sent;
  }

  static Transmission accepted(GatewayFixture fx, TestSender.Sent sent) {
    assertEquals(EAS4UserMessageSendResult.SUCCESS, sent.result(), () -> sent.answer().allDetails());
    Transmission t = fx.gateway().store().findByAs4MessageId(sent.messageId()).get(0);
    assertTrue(t.state() != TransmissionState.REJECTED && t.state() != TransmissionState.DUPLICATE, t.state()::name);
    return t;
  }

  static String timeline(GatewayFixture fx, Transmission t) {
    StringBuilder sb = new StringBuilder();
    for (TimelineEvent e : fx.gateway().store().timeline(t.id())) {
      sb.append(e.type()).append(' ').append(e.message()).append('\n');
    }
    return sb.toString();
  }

  /** Sent to the strict gateway: received, handed over, and "not revoked" on its timeline. */
  static void assertAcceptedAsNotRevoked(ApKeyMaterial keys) throws Exception {
    int pendingBefore = strictBackOffice.pending();
    Transmission t = accepted(strict, sendInvoice(strict, keys));
    assertEquals(pendingBefore + 1, strictBackOffice.pending());
    String timeline = timeline(strict, t);
    assertTrue(timeline.contains("not revoked"), timeline);
  }

  /** Sent to the strict gateway: refused as revoked, naming the certificate, logged, not handed over. */
  static void assertRefusedAsRevoked(ApKeyMaterial keys) throws Exception {
    TestSender.Sent sent = sendInvoice(strict, keys);
    // Our processor's step 5 (phase4's servlet: revocation/CA check of the signing certificate)
    BackOfficeWatch.assertAs4Error(sent, "EBMS:0101", "REVOKED: certificate is revoked");
    String seat = keys.seatId();
    assertTrue(sent.answer().allDetails().contains(seat), sent.answer().allDetails());
    BackOfficeWatch.assertRejectionLogged(strict, sent.messageId(), "EBMS:0101", "REVOKED");
    // by id, not by count: under load a message of an earlier case of this class could still land
    strictBackOffice.assertNotHandedOver(sent.messageId());
  }

  @Test
  void notRevokedIsAcceptedAfterTheCrlWasFetched() throws Exception {
    assertAcceptedAsNotRevoked(good);
    // the control case proves the check ran: the CRL was fetched (now or by an earlier case)
    assertTrue(crlDownloads.get() > 0, "the gateway never fetched the CRL");
  }

  @Test
  void revokedSenderCertificateIsRefused() throws Exception {
    assertRefusedAsRevoked(revoked);
    assertTrue(crlDownloads.get() > 0, "revoked without ever fetching the CRL?");
  }

  @Test
  void notRevokedIsAcceptedAfterTheOcspResponderWasAsked() throws Exception {
    int before = ocspRequests.get();
    assertAcceptedAsNotRevoked(ocspGood);
    // no CRL in the certificate: the answer can only have come from the responder
    assertTrue(ocspRequests.get() > before, "the gateway never asked the OCSP responder");
  }

  @Test
  void revokedByOcspIsRefused() throws Exception {
    int before = ocspRequests.get();
    assertRefusedAsRevoked(ocspRevoked);
    assertTrue(ocspRequests.get() > before, "revoked without asking the OCSP responder?");
  }

  @Test
  void unreachableCrlIsRefusedWithoutSoftFail() throws Exception {
    TestSender.Sent sent = sendInvoice(strict, crlUnreachable);
    BackOfficeWatch.assertAs4Error(sent, "EBMS:0101", "REVOCATION_UNKNOWN");
    // never reported as revoked: the sender's operator must see that our side could not check
    assertFalse(sent.answer().allDetails().contains("REVOKED:"), sent.answer().allDetails());
    assertTrue(sent.answer().allDetails().contains("soft-fail is off"), sent.answer().allDetails());
    BackOfficeWatch.assertRejectionLogged(strict, sent.messageId(), "EBMS:0101", "REVOCATION_UNKNOWN");
    strictBackOffice.assertNothingHandedOver();
  }

  @Test
  void unreachableCrlIsAcceptedWithSoftFailAndTheTimelineSaysSo() throws Exception {
    int pendingBefore = softBackOffice.pending();
    Transmission t = accepted(softFail, sendInvoice(softFail, crlUnreachable));
    assertEquals(pendingBefore + 1, softBackOffice.pending());
    String timeline = timeline(softFail, t);
    assertTrue(timeline.contains("revocation status unknown"), timeline);
    assertTrue(timeline.contains("accepted because revocation soft-fail is on"), timeline);
  }

  @Test
  void softFailDoesNotAcceptARevokedCertificate() throws Exception {
    TestSender.Sent sent = sendInvoice(softFail, revoked);
    BackOfficeWatch.assertAs4Error(sent, "EBMS:0101", "REVOKED: certificate is revoked");
    BackOfficeWatch.assertRejectionLogged(softFail, sent.messageId(), "EBMS:0101", "REVOKED");
    softBackOffice.assertNothingHandedOver();
  }
}
