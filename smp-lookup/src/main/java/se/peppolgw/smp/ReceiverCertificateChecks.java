package se.peppolgw.smp;

import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Predicate;

import com.helger.base.state.ETriState;
import com.helger.peppol.security.PeppolTrustedCA;
import com.helger.security.certificate.ECertificateCheckResult;
import com.helger.security.certificate.TrustedCAChecker;
import com.helger.security.revocation.ERevocationCheckMode;

/** Factories for {@link ReceiverCertificateCheck}. */
public final class ReceiverCertificateChecks {
  private ReceiverCertificateChecks() {
  }

  /** Checks issuer, validity and revocation with a peppol-commons {@link TrustedCAChecker}. */
  public static ReceiverCertificateCheck trustedCa(TrustedCAChecker checker) {
    return cert -> {
      ECertificateCheckResult result = checker.checkCertificate(cert);
      return result.isValid() ? Optional.empty() : Optional.of("certificate check: " + result.getReason());
    };
  }

  /** Peppol production and test AP CAs (G2 and G3), with the peppol-commons default revocation check. */
  public static ReceiverCertificateCheck peppolAllAccessPoints() {
    return trustedCa(PeppolTrustedCA.peppolAllAP());
  }

  public static ReceiverCertificateCheck peppolProductionAccessPoints() {
    return trustedCa(PeppolTrustedCA.peppolProductionAP());
  }

  public static ReceiverCertificateCheck peppolTestAccessPoints() {
    return trustedCa(PeppolTrustedCA.peppolTestAP());
  }

  /** Issued directly by one of the given CAs and currently valid; no revocation check (local mode). */
  public static ReceiverCertificateCheck issuedBy(X509Certificate... caCertificates) {
    TrustedCAChecker checker = new TrustedCAChecker(caCertificates);
    return cert -> {
      ECertificateCheckResult result =
          checker.checkCertificate(cert, null, ETriState.FALSE, ERevocationCheckMode.NONE);
      return result.isValid() ? Optional.empty() : Optional.of("certificate check: " + result.getReason());
    };
  }

  /** Adapts a plain predicate. */
  public static ReceiverCertificateCheck of(Predicate<X509Certificate> acceptable, String rejectionReason) {
    return cert -> acceptable.test(cert) ? Optional.empty() : Optional.of(rejectionReason);
  }

  /** Accepts everything. Only for tests and closed setups where the static table is trusted as is. */
  public static ReceiverCertificateCheck acceptAll() {
    return cert -> Optional.empty();
  }
}
