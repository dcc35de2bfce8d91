package se.peppolgw.ap.pki;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import se.peppolgw.ap.config.Mode;

/**
 * The gateway's own AP key and certificate, plus the AP CAs it trusts. Immutable: the key store
 * accessors return fresh copies (build them once and reuse them), {@link #keyPassword()} returns a
 * copy of the password.
 */
public final class ApKeyMaterial {
  private final Mode mode;
  private final String alias;
  private final char[] keyPassword;
  private final PrivateKey privateKey;
  private final List<X509Certificate> chain;
  private final List<X509Certificate> trustedCas;
  private final String seatId;

  /**
   * @param chain the own certificate first, then its issuers (at least the own certificate)
   * @param trustedCas the AP CA certificates of the network (never empty)
   */
  public ApKeyMaterial(
      Mode mode,
      String alias,
      char[] keyPassword,
      PrivateKey privateKey,
      List<X509Certificate> chain,
      List<X509Certificate> trustedCas) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.alias = Objects.requireNonNull(alias, "alias");
    this.keyPassword = Objects.requireNonNull(keyPassword, "keyPassword").clone();
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.chain = List.copyOf(chain);
    this.trustedCas = List.copyOf(trustedCas);
    if (this.chain.isEmpty()) {
      throw new IllegalArgumentException("the certificate chain is empty");
    }
    if (this.trustedCas.isEmpty()) {
      throw new IllegalArgumentException("no trusted AP CA");
    }
    String cn = Certificates.commonName(this.chain.get(0));
    this.seatId = cn == null ? "" : cn;
  }

  public Mode mode() {
    return mode;
  }

  /** A new PKCS#12 key store holding only our key entry under {@link #alias()}. */
  public KeyStore keyStore() {
    return Certificates.keyStore(alias, privateKey, keyPassword, chain);
  }

  public String alias() {
    return alias;
  }

  /** A copy of the password of the key entry (also the password of {@link #keyStore()}). */
  public char[] keyPassword() {
    return keyPassword.clone();
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  /** Our own AP certificate. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** Our certificate first, then its issuers as found in the key store. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** A new PKCS#12 trust store with one trusted-certificate entry per AP CA. */
  public KeyStore trustStore() {
    return Certificates.trustStore(trustedCas);
  }

  /** The AP CA certificates (the content of {@link #trustStore()}). */
  public List<X509Certificate> trustedCas() {
    return trustedCas;
  }

  /** The CN of our certificate: the Peppol seat id (e.g. {@code PSE000001}). */
  public String seatId() {
    return seatId;
  }

  /** The subject DN of our certificate (RFC 2253). */
  public String subject() {
    return Certificates.subject(certificate());
  }

  public Instant notAfter() {
    return certificate().getNotAfter().toInstant();
  }

  /** Whole days until our certificate expires; negative once it has expired. */
  public long daysUntilExpiry(Clock clock) {
    return Duration.between(clock.instant(), notAfter()).toDays();
  }

  /** Never prints the password or the key. */
  @Override
  public String toString() {
    return "ApKeyMaterial[mode="
        + mode
        + ", seatId="
        + seatId
        + ", alias="
        + alias
        + ", subject="
        + subject()
        + ", serial="
        + certificate().getSerialNumber().toString(16)
        + ", notAfter="
        + notAfter()
        + ", trustedCas="
        + trustedCas.size()
        + "]";
  }
}
