package se.peppolgw.smp;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Decides whether the certificate an SMP (or the static table) gives for a receiver is acceptable as an
 * access point certificate. Supplied by the caller: the Peppol networks use the Peppol AP CAs, local
 * mode uses its own CA. See {@link ReceiverCertificateChecks} for ready-made checks.
 */
@FunctionalInterface
public interface ReceiverCertificateCheck {
  /** @return empty when acceptable, otherwise a human-readable reason for rejecting it */
  Optional<String> rejectionReason(X509Certificate certificate);
}
