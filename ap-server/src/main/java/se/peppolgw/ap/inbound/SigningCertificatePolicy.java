package se.peppolgw.ap.inbound;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Decides whether the certificate that signed an incoming message belongs to a Peppol access
 * point of our network (issuer, validity, revocation). Local mode trusts only the dev CA.
 */
@FunctionalInterface
public interface SigningCertificatePolicy {
  /** Empty when acceptable; otherwise the reason, worded for the sender's operator. */
  Optional<String> rejectReason(X509Certificate signingCertificate);
}
