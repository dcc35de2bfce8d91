package se.peppolgw.ap.inbound;

import com.helger.phase4.incoming.IAS4IncomingMessageState;
import com.helger.phase4.model.error.EEbmsError;
import java.security.cert.X509Certificate;
import org.apache.wss4j.dom.str.STRParser;

/**
 * Steps 1 to 5 of phase4's own Peppol servlet, in its order and with its EBMS codes: the message
 * was decrypted, its signature verified, both certificates referenced as a BinarySecurityToken, and
 * the signing certificate is one of a Peppol access point of our network.
 */
final class MessageSecurityChecks {
  private MessageSecurityChecks() {}

  /** Returns the verdict on the signing certificate, whose reason the timeline keeps. */
  static SigningCertificatePolicy.Verdict check(
      IAS4IncomingMessageState state, SigningCertificatePolicy certificatePolicy) throws Rejection {
    if (!state.isSoapDecrypted()) {
      throw new Rejection(
          EEbmsError.EBMS_FAILED_DECRYPTION,
          "A Peppol message must be encrypted; this one was not decrypted");
    }
    if (!state.isSoapSignatureChecked()) {
      throw new Rejection(
          EEbmsError.EBMS_FAILED_AUTHENTICATION,
          "A Peppol message must be signed; no verified signature was found");
    }
    if (state.getSigningCertificateReferenceType() != STRParser.REFERENCE_TYPE.DIRECT_REF) {
      throw new Rejection(
          EEbmsError.EBMS_POLICY_NONCOMPLIANCE,
          "The signing certificate must be referenced as a BinarySecurityToken (direct"
              + " reference), not " + state.getSigningCertificateReferenceType());
    }
    if (state.hasDecryptingCertificateReferenceType()
        && state.getDecryptingCertificateReferenceType() != STRParser.REFERENCE_TYPE.DIRECT_REF) {
      throw new Rejection(
          EEbmsError.EBMS_POLICY_NONCOMPLIANCE,
          "The encryption certificate must be referenced as a BinarySecurityToken (direct"
              + " reference), not " + state.getDecryptingCertificateReferenceType());
    }
    X509Certificate cert = state.getSigningCertificate();
    if (cert == null) {
      throw new Rejection(
          EEbmsError.EBMS_FAILED_AUTHENTICATION, "The signing certificate is missing");
    }
    SigningCertificatePolicy.Verdict verdict = certificatePolicy.check(cert);
    if (!verdict.accepted()) {
      throw new Rejection(
          EEbmsError.EBMS_FAILED_AUTHENTICATION,
          "The signing certificate is not accepted: " + verdict.reason());
    }
    return verdict;
  }

  /**
   * Whether the sender is known: phase4 (WSS4J) verified the signature, and the certificate chains
   * to our trust store (the AP CAs of the network): see PeppolAs4Plumbing. True also when we then
   * refuse that certificate (e.g. revoked), so that such refusals are kept in full.
   */
  static boolean isAuthenticated(IAS4IncomingMessageState state) {
    return state != null && state.isSoapSignatureChecked() && state.getSigningCertificate() != null;
  }
}
