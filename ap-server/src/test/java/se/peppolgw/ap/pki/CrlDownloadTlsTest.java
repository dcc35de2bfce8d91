package se.peppolgw.ap.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.testkit.TlsTestServer;
import se.peppolgw.ap.testkit.TlsTestServer.SelfSigned;
import se.peppolgw.smp.tls.OutboundTls;

/**
 * Finding 7b for revocation data: a CRL offered over HTTPS by a server whose certificate is not
 * trusted is not used (phase4's own CRL downloader trusts every certificate).
 */
class CrlDownloadTlsTest {
  @Test
  void aCrlFromAnUntrustedHttpsServerIsNotUsed() throws Exception {
    DevCa ca = DevPki.createStandaloneCa("CRL TLS Test CA");
    X509CRL crl = ca.createCrl(Instant.now(), Instant.now().plus(Duration.ofDays(1)));
    AtomicInteger served = new AtomicInteger();
    HttpServlet crlServer =
        new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            served.incrementAndGet();
            try {
              resp.setContentType("application/pkix-crl");
              resp.getOutputStream().write(crl.getEncoded());
            } catch (java.security.cert.CRLException e) {
              throw new IOException(e);
            }
          }
        };
    SelfSigned cert = SelfSigned.generate("localhost", "127.0.0.1");
    try (TlsTestServer server = new TlsTestServer(cert, crlServer)) {
      String url = "https://localhost:" + server.port() + "/ca.crl";

      // on main (phase4's PeppolCRLDownloader, trust all) this CRL was downloaded and used
      assertNull(RetryingCrlCache.peppol(OutboundTls.jdkDefault()).getCRLFromURL(url));
      assertEquals(0, served.get(), "the handshake failed before any request");

      RetryingCrlCache trusting = RetryingCrlCache.peppol(OutboundTls.withExtraTrustStore(cert.trustStore()));
      assertNotNull(trusting.getCRLFromURL(url));
      assertEquals(1, served.get());
    }
  }
}
