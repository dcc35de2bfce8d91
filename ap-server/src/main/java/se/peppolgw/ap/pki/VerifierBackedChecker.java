package se.peppolgw.ap.pki;

import com.helger.base.state.ETriState;
import com.helger.security.certificate.ECertificateCheckResult;
import com.helger.security.certificate.TrustedCAChecker;
import com.helger.security.revocation.ERevocationCheckMode;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peppol-commons {@link TrustedCAChecker} that answers with an {@link ApCertificateVerifier}, for
 * phase4's sender (see {@link ApCertificateVerifier#asTrustedCAChecker()}).
 */
final class VerifierBackedChecker extends TrustedCAChecker {
  // the verifier's logger: its rejections are one story in the log
  private static final Logger LOG = LoggerFactory.getLogger(ApCertificateVerifier.class);

  private final ApCertificateVerifier verifier;

  VerifierBackedChecker(ApCertificateVerifier verifier) {
    super(
        ERevocationCheckMode.NONE,
        Duration.ZERO,
        1,
        verifier.trustedCas().toArray(new X509Certificate[0]));
    this.verifier = verifier;
  }

  @Override
  public ECertificateCheckResult checkCertificate(
      X509Certificate cert,
      OffsetDateTime checkDateTime,
      ETriState cacheRevocationCheckResult,
      ERevocationCheckMode checkMode) {
    Instant at = checkDateTime == null ? Instant.now() : checkDateTime.toInstant();
    ApCertificateVerifier.Result r = verifier.verify(cert, at);
    if (!r.isValid()) {
      LOG.warn("AP certificate rejected: {}: {}", r.status(), r.reason());
    }
    return toLibraryResult(r.status());
  }

  /**
   * REVOCATION_UNKNOWN maps to {@code NOT_CHECKED}, INVALID_SIGNATURE to {@code
   * UNSUPPORTED_ISSUER}; both are invalid for phase4.
   */
  static ECertificateCheckResult toLibraryResult(ApCertificateVerifier.Status s) {
    switch (s) {
      case VALID:
        return ECertificateCheckResult.VALID;
      case NO_CERTIFICATE:
        return ECertificateCheckResult.NO_CERTIFICATE_PROVIDED;
      case EXPIRED:
        return ECertificateCheckResult.EXPIRED;
      case NOT_YET_VALID:
        return ECertificateCheckResult.NOT_YET_VALID;
      case REVOKED:
        return ECertificateCheckResult.REVOKED;
      case REVOCATION_UNKNOWN:
        return ECertificateCheckResult.NOT_CHECKED;
      default:
        return ECertificateCheckResult.UNSUPPORTED_ISSUER;
    }
  }
}
