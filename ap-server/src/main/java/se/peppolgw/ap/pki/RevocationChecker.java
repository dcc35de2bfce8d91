package se.peppolgw.ap.pki;

import com.helger.security.crl.CRLHelper;
import com.helger.security.revocation.ERevoked;
import com.helger.security.revocation.RevocationCheckBuilder;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The revocation step of {@link ApCertificateVerifier}: asks CRL/OCSP through ph-security's {@link
 * RevocationCheckBuilder} and tells a definite "revoked" from a status that could not be determined,
 * which ph-security reports alike (phase4#354). Definite answers are cached for the policy's
 * duration; unknown ones are not, so the next message asks again. Thread-safe.
 */
final class RevocationChecker {
  private static final int MAX_CACHE_ENTRIES = 10_000;

  enum Revocation {
    GOOD,
    REVOKED,
    UNKNOWN
  }

  /** The answer, with its detail in words (the CRL's reason, or why there was no answer). */
  record Answer(Revocation revocation, String detail, Instant expires) {}

  private final ApCertificateVerifier.RevocationPolicy policy;
  private final ConcurrentHashMap<String, Answer> cache = new ConcurrentHashMap<>();

  RevocationChecker(ApCertificateVerifier.RevocationPolicy policy) {
    this.policy = policy;
  }

  /** The revocation status of {@code cert}, issued by {@code issuer}, as of {@code at}. */
  Answer check(X509Certificate cert, X509Certificate issuer, Instant at) {
    String key = Certificates.issuer(cert) + "#" + cert.getSerialNumber().toString(16);
    Instant now = Instant.now();
    Answer cached = cache.get(key);
    if (cached != null && cached.expires().isAfter(now)) {
      return cached;
    }
    Answer fresh = ask(cert, issuer, at, now);
    if (fresh.revocation() != Revocation.UNKNOWN && !policy.cacheDuration().isZero()) {
      if (cache.size() >= MAX_CACHE_ENTRIES) {
        cache.clear();
      }
      cache.put(key, fresh);
    }
    return fresh;
  }

  private Answer ask(X509Certificate cert, X509Certificate issuer, Instant at, Instant now) {
    AtomicReference<GeneralSecurityException> failure = new AtomicReference<>();
    RevocationCheckBuilder b =
        new RevocationCheckBuilder()
            .certificate(cert)
            .validCA(issuer)
            .checkDate(Date.from(at))
            .checkMode(policy.checkMode())
            // soft-fail is decided here, not by the JDK, so that the outcome is visible
            .allowSoftFail(false)
            .exceptionHandler(failure::set);
    b.crlCache(policy.crlCache() != null ? policy.crlCache() : RetryingCrlCache.peppolDefault());
    ERevoked outcome = b.build();
    Instant expires = now.plus(policy.cacheDuration());
    if (!outcome.isRevoked()) {
      return new Answer(Revocation.GOOD, "not revoked", expires);
    }
    GeneralSecurityException ex = failure.get();
    CertPathValidatorException revokedBy = findRevokedReason(ex);
    if (revokedBy != null) {
      return new Answer(Revocation.REVOKED, revokedBy.getMessage(), expires);
    }
    List<String> crls = new ArrayList<>(CRLHelper.getAllDistributionPoints(cert));
    String detail =
        (ex == null ? "revocation check failed" : ex.getClass().getSimpleName() + ": " + ex.getMessage())
            + (crls.isEmpty() ? "; the certificate names no CRL" : "; CRL " + crls);
    return new Answer(Revocation.UNKNOWN, detail, now);
  }

  /** The exception saying "revoked", if any, in the cause chain. */
  private static CertPathValidatorException findRevokedReason(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof CertPathValidatorException
          && ((CertPathValidatorException) c).getReason()
              == CertPathValidatorException.BasicReason.REVOKED) {
        return (CertPathValidatorException) c;
      }
    }
    return null;
  }
}
