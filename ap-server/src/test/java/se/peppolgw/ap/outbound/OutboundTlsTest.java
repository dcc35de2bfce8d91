package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.outbound.TestDocuments.BUYER;
import static se.peppolgw.ap.outbound.TestDocuments.SUPPLIER;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.TlsTestServer;
import se.peppolgw.ap.testkit.TlsTestServer.SelfSigned;

/**
 * Finding 7b: an AS4 send over HTTPS verifies the receiving endpoint's certificate. The receiver
 * sits behind a TLS-terminating forwarder on loopback with a self-signed certificate: refused with
 * TLS_HANDSHAKE_FAILED (never DELIVERED) until that certificate is in the configured extra trust
 * store; a trusted certificate for another host name is refused as well.
 */
class OutboundTlsTest {
  @TempDir Path dir;

  @Test
  void aSelfSignedReceiverIsRefusedUntilTrustedAndAWrongHostNameAlways() throws Exception {
    Peer supplier = new Peer(dir, "supplier", "PSE000001", null);
    supplier.serves("supplier", SUPPLIER, "order").start();
    SelfSigned good = SelfSigned.generate("localhost", "127.0.0.1");
    SelfSigned otherHost = SelfSigned.generate("other.example");
    Path trust = dir.resolve("trust.p12");
    writeBoth(good, otherHost, trust);
    Peer untrusting = null;
    Peer trusting = null;
    try (TlsTestServer front = new TlsTestServer(good, new Forwarder(supplier.as4Url()));
        TlsTestServer wrongHost = new TlsTestServer(otherHost, new Forwarder(supplier.as4Url()))) {
      String frontUrl = "https://localhost:" + front.port() + "/as4";
      String wrongHostUrl = "https://localhost:" + wrongHost.port() + "/as4";

      // 1. self-signed, not in any trust store: on main this was DELIVERED. This sender uses
      // phase4's own per-message HTTP client (no pooling), the others the pooled poster.
      untrusting =
          buyer("buyer1", "PSE000002", supplier, frontUrl)
              .with("gateway.outbound.http.reuse-connections", "false")
              .start();
      String refused = send(untrusting);
      Transmission t1 = awaitCode(untrusting, refused, SendFailure.TLS_HANDSHAKE_FAILED.code());
      assertNotEquals(TransmissionState.DELIVERED, t1.state());
      TimelineEvent attempt = firstAttempt(untrusting, refused);
      assertTrue(attempt.message().contains("TLS handshake"), attempt.message());
      untrusting.close();
      untrusting = null;

      // 2. the same certificate in gateway.outbound.tls.truststore.path: delivered
      trusting =
          buyer("buyer2", "PSE000003", supplier, frontUrl)
              .with("gateway.outbound.tls.truststore.path", trust.toString())
              .with("gateway.outbound.tls.truststore.password", "changeit")
              .start();
      String delivered = send(trusting);
      Transmission t2 = trusting.awaitState(delivered, TransmissionState.DELIVERED, Duration.ofSeconds(60));
      Peer p2 = trusting;
      assertEquals(TransmissionState.DELIVERED, t2.state(), () -> p2.gateway().store().timeline(delivered).toString());
      trusting.close();
      trusting = null;

      // 3. a trusted certificate, but for another host name: refused
      trusting =
          buyer("buyer3", "PSE000004", supplier, wrongHostUrl)
              .with("gateway.outbound.tls.truststore.path", trust.toString())
              .with("gateway.outbound.tls.truststore.password", "changeit")
              .start();
      String mismatch = send(trusting);
      Transmission t3 = awaitCode(trusting, mismatch, SendFailure.TLS_HANDSHAKE_FAILED.code());
      assertNotEquals(TransmissionState.DELIVERED, t3.state());
    } finally {
      if (untrusting != null) {
        untrusting.close();
      }
      if (trusting != null) {
        trusting.close();
      }
      supplier.close();
    }
  }

  private Peer buyer(String name, String seat, Peer supplier, String url) throws IOException {
    return new Peer(dir, name, seat, supplier.keystoreDir())
        .serves(name, BUYER, "*")
        .routes("supplier", SUPPLIER, "order", url, supplier.certificateFile())
        .with("gateway.outbound.retry.initial-delay-ms", "200")
        .with("gateway.outbound.retry.max-attempts", "40");
  }

  private static String send(Peer p) throws Exception {
    var r = p.post("", TestDocuments.order());
    assertEquals(202, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    return Json.MAPPER.readTree(r.body()).get("id").asText();
  }

  private static Transmission awaitCode(Peer p, String id, String code) throws InterruptedException {
    Peer.await(
        () -> code.equals(p.transmission(id).errorCode()),
        Duration.ofSeconds(60),
        () -> "transmission " + id + ": " + p.transmission(id) + " " + p.gateway().store().timeline(id));
    return p.transmission(id);
  }

  private static TimelineEvent firstAttempt(Peer p, String id) {
    List<TimelineEvent> tl = p.gateway().store().timeline(id);
    return tl.stream().filter(e -> e.type() == EventType.SEND_ATTEMPT).findFirst().orElseThrow();
  }

  private static void writeBoth(SelfSigned a, SelfSigned b, Path file) throws Exception {
    var ks = a.trustStore();
    ks.setCertificateEntry("other", b.certificate());
    try (var out = java.nio.file.Files.newOutputStream(file)) {
      ks.store(out, "changeit".toCharArray());
    }
  }

  /** Terminates TLS and forwards each request to the receiving gateway's plain-HTTP AS4 endpoint. */
  static final class Forwarder extends HttpServlet {
    private static final Set<String> SKIP =
        Set.of("host", "content-length", "connection", "transfer-encoding", "expect", "upgrade", "keep-alive");
    private final URI target;
    private final HttpClient http = HttpClient.newHttpClient();

    Forwarder(String target) {
      this.target = URI.create(target);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      HttpRequest.Builder b = HttpRequest.newBuilder(target);
      for (String h : Collections.list(req.getHeaderNames())) {
        if (!SKIP.contains(h.toLowerCase(Locale.ROOT))) {
          for (String v : Collections.list(req.getHeaders(h))) {
            b.header(h, v);
          }
        }
      }
      byte[] body = req.getInputStream().readAllBytes();
      b.method(req.getMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      try {
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        resp.setStatus(r.statusCode());
        r.headers().firstValue("content-type").ifPresent(resp::setContentType);
        resp.getOutputStream().write(r.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
  }
}
