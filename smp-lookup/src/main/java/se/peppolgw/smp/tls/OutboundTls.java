package se.peppolgw.smp.tls;

import com.helger.http.tls.ETLSVersion;
import com.helger.http.tls.TLSConfigurationMode;
import com.helger.httpclient.HttpClientSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.hc.client5.http.ssl.HttpsSupport;

/**
 * The TLS settings of every HTTPS connection the gateway opens (AS4 sends, SMP lookups, CRL
 * downloads, the webhook): the server certificate must chain to a CA of the JDK's trust store or
 * of an extra trust store from the configuration, the host name must match it, and only TLS 1.3
 * and 1.2 are spoken.
 *
 * <p>Why this exists: phase4's Peppol HTTP settings, the SMP client's settings and phase4's CRL
 * downloader all install a trust-everything trust manager, so any certificate, self-signed or for
 * another host, was accepted. Message-level signing still protects an AS4 message, but a Peppol
 * endpoint's TLS certificate must be verified, and an SMP or CRL answer has nothing else.
 */
public final class OutboundTls {
  /** Protocols offered, best first: TLS 1.3 where the peer has it, else 1.2. */
  public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private final SSLContext context;
  private final int extraCas;

  private OutboundTls(SSLContext context, int extraCas) {
    this.context = context;
    this.extraCas = extraCas;
  }

  /** The JDK's trust store only (built once). */
  public static OutboundTls jdkDefault() {
    return JdkDefault.INSTANCE;
  }

  private static final class JdkDefault {
    static final OutboundTls INSTANCE = build(null);
  }

  /**
   * The JDK's trust store plus every certificate entry of {@code trustStore} (PKCS#12 or JKS).
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or holds no certificate
   */
  public static OutboundTls withExtraTrustStore(Path trustStore, char[] password) {
    Objects.requireNonNull(trustStore, "trustStore");
    KeyStore extra;
    try (InputStream in = Files.newInputStream(trustStore)) {
      extra = KeyStore.getInstance(KeyStore.getDefaultType()); // PKCS12, which also reads JKS
      extra.load(in, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read the trust store " + trustStore + ": " + e.getMessage(), e);
    }
    return build(extra);
  }

  /** Trusts exactly the given CAs (and the JDK's). For tests and callers that hold a KeyStore. */
  public static OutboundTls withExtraTrustStore(KeyStore extra) {
    return build(Objects.requireNonNull(extra, "extra"));
  }

  private static OutboundTls build(KeyStore extra) {
    try {
      KeyStore anchors = KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      int n = 0;
      // the JDK's trust anchors (cacerts, or javax.net.ssl.trustStore when set)
      TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      jdk.init((KeyStore) null);
      for (var tm : jdk.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            anchors.setCertificateEntry("jdk-" + n++, c);
          }
        }
      }
      int extraCas = 0;
      if (extra != null) {
        for (String alias : Collections.list(extra.aliases())) {
          Certificate c = extra.getCertificate(alias);
          if (c != null) {
            anchors.setCertificateEntry("extra-" + extraCas++, c);
          }
        }
        if (extraCas == 0) {
          throw new IllegalArgumentException("the extra trust store holds no certificate");
        }
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(anchors);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
      return new OutboundTls(ctx, extraCas);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up the outbound TLS context: " + e, e);
    }
  }

  public SSLContext sslContext() {
    return context;
  }

  /** How many CAs came from the extra trust store. */
  public int extraCaCount() {
    return extraCas;
  }

  /** For the JDK's HttpClient: TLS 1.3/1.2 and host name verification (endpoint identification). */
  public SSLParameters sslParameters() {
    SSLParameters p = context.getDefaultSSLParameters();
    p.setProtocols(PROTOCOLS.clone());
    p.setEndpointIdentificationAlgorithm("HTTPS");
    return p;
  }

  /** For ph-httpclient (phase4, the SMP client, CRL downloads): our context, verifier and protocols. */
  public <T extends HttpClientSettings> T applyTo(T settings) {
    settings.setSSLContext(context);
    settings.setHostnameVerifier(HttpsSupport.getDefaultHostnameVerifier());
    settings.setTLSConfigurationMode(
        new TLSConfigurationMode(
            new ETLSVersion[] {ETLSVersion.TLS_13, ETLSVersion.TLS_12},
            // the JDK's default suites, named: an empty list would leave none enabled
            context.getDefaultSSLParameters().getCipherSuites()));
    return settings;
  }
}
