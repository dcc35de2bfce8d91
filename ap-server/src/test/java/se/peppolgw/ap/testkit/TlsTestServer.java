package se.peppolgw.ap.testkit;

import jakarta.servlet.http.HttpServlet;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A real HTTPS server on loopback (Jetty) with a self-signed certificate generated here, for tests
 * of the gateway's outbound TLS verification.
 */
public final class TlsTestServer implements AutoCloseable {
  private static final char[] PASSWORD = "changeit".toCharArray();

  /** A self-signed certificate and its key. */
  public record SelfSigned(X509Certificate certificate, KeyPair keys) {
    /**
     * @param names DNS names and IP addresses (dotted) for the subjectAltName
     */
    public static SelfSigned generate(String... names) throws Exception {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048, new SecureRandom());
      KeyPair kp = g.generateKeyPair();
      X500Name subject = new X500Name("CN=" + names[0] + ",O=TLS test");
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(64, new SecureRandom()).setBit(62),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(2))),
              subject,
              kp.getPublic());
      List<GeneralName> sans = new ArrayList<>();
      for (String n : names) {
        sans.add(new GeneralName(n.matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName, n));
      }
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
      return new SelfSigned(cert, kp);
    }

    /** A PKCS#12 trust store holding this certificate, password {@code changeit}. */
    public Path writeTrustStore(Path file) throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("tls-test", certificate);
      try (OutputStream out = Files.newOutputStream(file)) {
        ks.store(out, PASSWORD);
      }
      return file;
    }

    public KeyStore trustStore() throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("tls-test", certificate);
      return ks;
    }
  }

  private final Server server;
  private final ServerConnector connector;

  /** Serves {@code servlet} at every path over HTTPS on 127.0.0.1 with {@code cert}. */
  public TlsTestServer(SelfSigned cert, HttpServlet servlet) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("server", cert.keys().getPrivate(), PASSWORD, new X509Certificate[] {cert.certificate()});
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(ks);
    ssl.setKeyStorePassword(new String(PASSWORD));
    server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    SecureRequestCustomizer src = new SecureRequestCustomizer();
    src.setSniHostCheck(false); // the test asks for host names the certificate may not have
    http.addCustomizer(src);
    connector =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler ctx = new ServletContextHandler();
    ctx.addServlet(new ServletHolder(servlet), "/*");
    server.setHandler(ctx);
    server.start();
  }

  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the TLS test server", e);
    }
  }
}
