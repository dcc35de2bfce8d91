package se.peppolgw.ap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.ap.pki.DevPki;
import se.peppolgw.ap.testkit.GatewayFixture;

/** The optional HTTPS listener serves with the configured certificate, TLS 1.2+ only. */
class TlsListenerTest {
  @TempDir Path dir;

  @Test
  void httpsListenerServesHealthOverTls12AndRefusesTls11() throws Exception {
    // A server certificate from a CA of our own (in production: a public CA).
    DevPki pki = DevPki.loadOrCreate(dir.resolve("keystore"), GatewayConfig.DEFAULT_SEAT_ID);
    ApKeyMaterial server = pki.issueApCertificate("PSE000009", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(10)));
    Path p12 = dir.resolve("tls.p12");
    DevPki.writePkcs12(server, p12, "tlspass".toCharArray());

    try (GatewayFixture fx = new GatewayFixture(dir)
        .with("gateway.tls.keystore.path", p12.toString())
        .with("gateway.tls.keystore.password", "tlspass")
        .with("gateway.tls.port", "0")
        .start()) {
      int port = fx.gateway().tlsPort();
      assertTrue(port > 0);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", pki.caCertificate());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      // A raw TLS socket: the test certificate names no host, and host name checking is not
      // what this test is about (HttpClient only turns it off JVM-wide).
      try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
        socket.setEnabledProtocols(new String[] {"TLSv1.2"});
        socket.startHandshake();
        assertEquals("TLSv1.2", socket.getSession().getProtocol());
        socket.getOutputStream().write(
            "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertTrue(response.contains("\"status\":\"UP\""), response);
      }
      SSLContext legacy = SSLContext.getInstance("TLS");
      legacy.init(null, tmf.getTrustManagers(), null);
      try (SSLSocket socket = (SSLSocket) legacy.getSocketFactory().createSocket("127.0.0.1", port)) {
        socket.setEnabledProtocols(new String[] {"TLSv1.1"});
        assertThrows(Exception.class, socket::startHandshake);
      }
    }
  }
}
