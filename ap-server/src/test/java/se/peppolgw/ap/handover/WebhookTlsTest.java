package se.peppolgw.ap.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.testkit.TlsTestServer;
import se.peppolgw.ap.testkit.TlsTestServer.SelfSigned;
import se.peppolgw.smp.tls.OutboundTls;

/** Finding 7b for the webhook: its HTTPS certificate and host name are verified. */
class WebhookTlsTest {
  private final AtomicInteger received = new AtomicInteger();

  private final HttpServlet hook =
      new HttpServlet() {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
          req.getInputStream().readAllBytes();
          received.incrementAndGet();
          resp.setStatus(204);
        }
      };

  @Test
  void aSelfSignedWebhookIsRefusedUnlessTrustedAndOnlyForItsHostName() throws Exception {
    SelfSigned cert = SelfSigned.generate("localhost", "127.0.0.1");
    try (TlsTestServer server = new TlsTestServer(cert, hook)) {
      URI byName = URI.create("https://localhost:" + server.port() + "/hook");
      byte[] doc = "<Invoice/>".getBytes();

      IOException e =
          assertThrows(
              IOException.class,
              () -> new WebhookDelivery(byName, "s", Clock.systemUTC()).deliver("t1", doc, new byte[0]));
      assertTrue(causedBySsl(e), e::toString);
      assertEquals(0, received.get(), "nothing reaches an untrusted server");

      OutboundTls trusting = OutboundTls.withExtraTrustStore(cert.trustStore());
      new WebhookDelivery(byName, "s", Clock.systemUTC(), trusting).deliver("t2", doc, new byte[0]);
      assertEquals(1, received.get());

      // trusted certificate, but asked for by an address it does not carry
      SelfSigned onlyName = SelfSigned.generate("localhost");
      try (TlsTestServer named = new TlsTestServer(onlyName, hook)) {
        URI byIp = URI.create("https://127.0.0.1:" + named.port() + "/hook");
        IOException mismatch =
            assertThrows(
                IOException.class,
                () ->
                    new WebhookDelivery(byIp, "s", Clock.systemUTC(),
                            OutboundTls.withExtraTrustStore(onlyName.trustStore()))
                        .deliver("t3", doc, new byte[0]));
        assertTrue(causedBySsl(mismatch), mismatch::toString);
      }
      assertEquals(1, received.get());
    }
  }

  private static boolean causedBySsl(Throwable t) {
    for (; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return true;
      }
    }
    return false;
  }
}
