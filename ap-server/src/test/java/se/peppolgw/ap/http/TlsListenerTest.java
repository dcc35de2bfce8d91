package se.peppolgw.ap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
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
      // the certificate is not for "localhost"; host name checking is not what this test is about
      System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
      URI url = URI.create("https://127.0.0.1:" + port + "/health");

      HttpClient tls12 = HttpClient.newBuilder().sslContext(ctx).sslParameters(new SSLParameters(null, new String[] {"TLSv1.2"})).build();
      HttpResponse<String> r = tls12.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertEquals("TLSv1.2", r.sslSession().orElseThrow().getProtocol());

      SSLContext old = SSLContext.getInstance("TLSv1.1");
      old.init(null, tmf.getTrustManagers(), null);
      HttpClient tls11 = HttpClient.newBuilder().sslContext(old).sslParameters(new SSLParameters(null, new String[] {"TLSv1.1"})).build();
      assertThrows(Exception.class, () -> tls11.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()));
    } finally {
      System.clearProperty("jdk.internal.httpclient.disableHostnameVerification");
    }
  }
}
