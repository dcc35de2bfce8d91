package se.peppolgw.ap.pki;

import com.helger.base.state.ETriState;
import com.helger.security.certificate.ECertificateCheckResult;
import com.helger.security.certificate.TrustedCAChecker;
import com.helger.security.crl.CRLCache;
import com.helger.security.revocation.CertificateRevocationCheckerDefaults;
import com.helger.security.revocation.ERevocationCheckMode;
import com.helger.security.revocation.RevocationCheckBuilder;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.config.Mode;

/**
 * Decides whether a certificate is a valid Peppol AP certificate of our network: the signing
 * certificate of an incoming message, or a receiver's certificate from its SMP.
 *
 * <p>Checks, in order: validity at the given instant; issuer among the trusted AP CAs (via
 * peppol-commons' {@link TrustedCAChecker}); the certificate's signature with that CA's key;
 * revocation (TEST/PRODUCTION; CRL/OCSP via ph-security's {@link RevocationCheckBuilder}).
 *
 * <p><b>Revocation failures.</b> ph-security reports <em>any</em> failure of the revocation check
 * as "revoked" — including a CRL that could not be downloaded (phase4#354). This class tells the
 * two apart: {@link Status#REVOKED} only when the CRL/OCSP answer says so, {@link
 * Status#REVOCATION_UNKNOWN} when the status could not be determined. With {@link
 * RevocationPolicy#softFail()} (default {@code false}) an unknown status is accepted as {@link
 * Status#VALID} and the reason says so; without it the certificate is rejected as
 * REVOCATION_UNKNOWN (fail closed, but never reported as revoked). Definite answers are cached
 * for {@link RevocationPolicy#cacheDuration()}; unknown ones are not cached ({@link
 * RevocationChecker}).
 *
 * <p>Thread-safe.
 */
public final class ApCertificateVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(ApCertificateVerifier.class);

  /** The outcome of a check. Only {@link #VALID} is acceptable. */
  public enum Status {
    VALID,
    NO_CERTIFICATE,
    EXPIRED,
    NOT_YET_VALID,
    /** Not issued by one of the trusted AP CAs of our network. */
    UNTRUSTED_ISSUER,
    /** Names a trusted CA as issuer, but the signature does not verify with that CA's key. */
    INVALID_SIGNATURE,
    REVOKED,
    /** The revocation status could not be determined (CRL/OCSP unreachable) and soft-fail is off. */
    REVOCATION_UNKNOWN
  }

  /**
   * @param reason human-readable, for logs and for the remote operator
   */
  public record Result(Status status, String reason) {
    public Result {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(reason, "reason");
    }

    public boolean isValid() {
      return status == Status.VALID;
    }
  }

  /**
   * How revocation is checked.
   *
   * @param checkMode CRL, OCSP, both, or NONE; {@code null} = ph-security's global default ({@link
   *     CertificateRevocationCheckerDefaults#getRevocationCheckMode()}, CRL_BEFORE_OCSP in 12.1.5)
   * @param softFail accept a certificate whose revocation status cannot be determined (CRL/OCSP
   *     unreachable). Default {@code false}: such a certificate is rejected as REVOCATION_UNKNOWN
   * @param crlCache where CRLs are downloaded and cached; {@code null} = {@link
   *     RetryingCrlCache#peppolDefault()} (ph-security's own default cache never retries a failed
   *     download and has no download timeouts)
   * @param cacheDuration how long a definite revocation answer is reused
   */
  public record RevocationPolicy(
      ERevocationCheckMode checkMode, boolean softFail, CRLCache crlCache, Duration cacheDuration) {
    public RevocationPolicy {
      Objects.requireNonNull(cacheDuration, "cacheDuration");
    }

    /**
     * ph-security's default mode, {@link RetryingCrlCache#peppolDefault()}, soft-fail off, answers
     * reused for 6 h.
     */
    public static RevocationPolicy defaults() {
      return new RevocationPolicy(
          null,
          false,
          null,
          CertificateRevocationCheckerDefaults.DEFAULT_REVOCATION_CHECK_CACHING_DURATION);
    }

    /** No revocation check (LOCAL mode: the dev CA publishes no CRL). */
    public static RevocationPolicy none() {
      return new RevocationPolicy(ERevocationCheckMode.NONE, false, null, Duration.ZERO);
    }

    public RevocationPolicy withSoftFail(boolean value) {
      return new RevocationPolicy(checkMode, value, crlCache, cacheDuration);
    }

    public RevocationPolicy withCrlCache(CRLCache cache) {
      return new RevocationPolicy(checkMode, softFail, cache, cacheDuration);
    }

    public RevocationPolicy withCheckMode(ERevocationCheckMode mode) {
      return new RevocationPolicy(mode, softFail, crlCache, cacheDuration);
    }

    boolean enabled() {
      return checkMode != ERevocationCheckMode.NONE;
    }
  }

  private final Mode mode;
  private final List<X509Certificate> cas;
  private final RevocationPolicy policy;
  private final TrustedCAChecker issuerChecker;
  private final RevocationChecker revocation;

  private ApCertificateVerifier(
      Mode mode, Collection<X509Certificate> cas, RevocationPolicy policy) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.cas = List.copyOf(cas);
    this.policy = Objects.requireNonNull(policy, "policy");
    if (this.cas.isEmpty()) {
      throw new IllegalArgumentException("no trusted CA");
    }
    // revocation is done separately (see class comment); this checker does validity + issuer
    this.issuerChecker =
        new TrustedCAChecker(
            ERevocationCheckMode.NONE, Duration.ZERO, 1, this.cas.toArray(new X509Certificate[0]));
    this.revocation = new RevocationChecker(this.policy);
  }

  /**
   * The verifier for our own key material: LOCAL trusts only the dev CA and checks no revocation;
   * TEST/PRODUCTION trust the AP CAs of the key material's trust store and check revocation with
   * {@link RevocationPolicy#defaults()} (soft-fail off).
   */
  public static ApCertificateVerifier forKeyMaterial(ApKeyMaterial material) {
    return forKeyMaterial(material, false);
  }

  /** As {@link #forKeyMaterial(ApKeyMaterial)} with the revocation soft-fail flag. */
  public static ApCertificateVerifier forKeyMaterial(ApKeyMaterial material, boolean softFail) {
    return forKeyMaterial(material, softFail, null);
  }

  /** As {@link #forKeyMaterial(ApKeyMaterial, boolean)}, CRLs from {@code crlCache} (null: the default). */
  public static ApCertificateVerifier forKeyMaterial(
      ApKeyMaterial material, boolean softFail, CRLCache crlCache) {
    RevocationPolicy p =
        material.mode() == Mode.LOCAL
            ? RevocationPolicy.none()
            : RevocationPolicy.defaults().withSoftFail(softFail);
    if (crlCache != null && material.mode() != Mode.LOCAL) {
      p = p.withCrlCache(crlCache);
    }
    return new ApCertificateVerifier(material.mode(), material.trustedCas(), p);
  }

  /**
   * The Peppol AP CAs of a network from peppol-commons: G3, and G2 only when {@code trustG2} (see
   * PeppolPkiGenerations: G2 is revoked since 2026-04-01).
   */
  public static ApCertificateVerifier forNetwork(
      Mode network, RevocationPolicy policy, boolean trustG2) {
    return new ApCertificateVerifier(
        network, ApKeyMaterialLoader.peppolApCas(network, trustG2), policy);
  }

  /** Any set of trusted CAs; {@code mode} only words the messages. */
  public static ApCertificateVerifier forCas(
      Mode mode, Collection<X509Certificate> trustedCas, RevocationPolicy policy) {
    return new ApCertificateVerifier(mode, trustedCas, policy);
  }

  public Mode mode() {
    return mode;
  }

  public List<X509Certificate> trustedCas() {
    return cas;
  }

  public RevocationPolicy revocationPolicy() {
    return policy;
  }

  public Result verify(X509Certificate cert) {
    return verify(cert, Instant.now());
  }

  /** Checks {@code cert} as of {@code at}. Never throws for a bad certificate. */
  public Result verify(X509Certificate cert, Instant at) {
    Objects.requireNonNull(at, "at");
    if (cert == null) {
      return new Result(Status.NO_CERTIFICATE, "no certificate provided");
    }
    String subject = "(subject " + Certificates.subject(cert) + ")";
    ECertificateCheckResult basic =
        issuerChecker.checkCertificate(
            cert,
            OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC),
            ETriState.FALSE,
            ERevocationCheckMode.NONE);
    switch (basic) {
      case EXPIRED:
        return new Result(
            Status.EXPIRED,
            "certificate expired on "
                + Certificates.date(cert.getNotAfter().toInstant())
                + " "
                + subject);
      case NOT_YET_VALID:
        return new Result(
            Status.NOT_YET_VALID,
            "certificate is not yet valid: valid from "
                + cert.getNotBefore().toInstant()
                + " "
                + subject);
      case UNSUPPORTED_ISSUER:
        return new Result(Status.UNTRUSTED_ISSUER, untrustedMessage(cert, subject));
      case VALID:
        break;
      default:
        return new Result(
            Status.UNTRUSTED_ISSUER, "certificate check failed: " + basic.getReason() + " " + subject);
    }
    X509Certificate issuer =
        cas.stream().filter(ca -> Certificates.isSignedBy(cert, ca)).findFirst().orElse(null);
    if (issuer == null) {
      return new Result(
          Status.INVALID_SIGNATURE,
          "certificate names the trusted CA '"
              + Certificates.issuer(cert)
              + "' as issuer but its signature does not verify with that CA's key "
              + subject);
    }
    if (!policy.enabled()) {
      return new Result(
          Status.VALID, "issued by " + Certificates.subject(issuer) + " " + subject);
    }
    RevocationChecker.Answer r = revocation.check(cert, issuer, at);
    switch (r.revocation()) {
      case GOOD:
        return new Result(
            Status.VALID,
            "issued by " + Certificates.subject(issuer) + ", not revoked " + subject);
      case REVOKED:
        return new Result(Status.REVOKED, "certificate is revoked: " + r.detail() + " " + subject);
      default:
        if (policy.softFail()) {
          LOG.warn(
              "Revocation status of {} unknown ({}); accepted because revocation soft-fail is on",
              Certificates.subject(cert),
              r.detail());
          return new Result(
              Status.VALID,
              "issued by "
                  + Certificates.subject(issuer)
                  + "; revocation status unknown ("
                  + r.detail()
                  + "), accepted because revocation soft-fail is on "
                  + subject);
        }
        return new Result(
            Status.REVOCATION_UNKNOWN,
            "revocation status could not be determined: "
                + r.detail()
                + " "
                + subject
                + "; not treated as revoked, but rejected because revocation soft-fail is off");
    }
  }

  /** Empty when {@code cert} is acceptable now, otherwise the reason. */
  public Optional<String> rejectReason(X509Certificate cert) {
    Result r = verify(cert);
    return r.isValid() ? Optional.empty() : Optional.of(r.status() + ": " + r.reason());
  }

  /**
   * A peppol-commons {@link TrustedCAChecker} backed by this verifier, for {@code
   * Phase4PeppolSender.builder().peppolAP_CAChecker(...)}: the same CAs, and the same revocation
   * handling (soft-fail, no false "revoked"); see {@link VerifierBackedChecker#toLibraryResult}.
   */
  public TrustedCAChecker asTrustedCAChecker() {
    return new VerifierBackedChecker(this);
  }

  private String untrustedMessage(X509Certificate cert, String subject) {
    return "certificate is not issued by a "
        + (mode == Mode.LOCAL ? "local dev CA" : "Peppol AP CA of the " + mode + " network")
        + " (issuer: "
        + Certificates.issuer(cert)
        + ") "
        + subject
        + "; expected one of: "
        + cas.stream().map(Certificates::subject).collect(Collectors.toList());
  }
}
