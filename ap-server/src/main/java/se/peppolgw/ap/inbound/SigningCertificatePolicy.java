package se.peppolgw.ap.inbound;

import java.security.cert.X509Certificate;
import java.util.Objects;
import se.peppolgw.ap.pki.ApCertificateVerifier;

/**
 * Decides whether the certificate that signed an incoming message belongs to a Peppol access
 * point of our network (issuer, validity, revocation). Local mode trusts only the dev CA.
 */
@FunctionalInterface
public interface SigningCertificatePolicy {
  /** The verdict on {@code signingCertificate}; never throws for a bad certificate. */
  Verdict check(X509Certificate signingCertificate);

  /**
   * @param accepted whether the message may be processed further
   * @param reason why, worded for operators on both sides. For an accepted certificate it says
   *     what was established (e.g. "not revoked", or that the revocation status was unknown and
   *     accepted because of soft-fail), so that the timeline shows it.
   */
  record Verdict(boolean accepted, String reason) {
    public Verdict {
      Objects.requireNonNull(reason, "reason");
    }

    public static Verdict accept(String reason) {
      return new Verdict(true, reason);
    }

    public static Verdict reject(String reason) {
      return new Verdict(false, reason);
    }
  }

  /** The gateway's policy: the verifier's result, with its status named when rejected. */
  static SigningCertificatePolicy of(ApCertificateVerifier verifier) {
    return cert -> {
      ApCertificateVerifier.Result r = verifier.verify(cert);
      return r.isValid()
          ? Verdict.accept(r.reason())
          : Verdict.reject(r.status() + ": " + r.reason());
    };
  }
}
