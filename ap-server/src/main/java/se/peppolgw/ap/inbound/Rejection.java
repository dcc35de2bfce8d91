package se.peppolgw.ap.inbound;

import com.helger.phase4.model.error.EEbmsError;

/**
 * A reason to refuse a message: the EBMS error to answer with, the detail for the sender, and an
 * HTTP status (-1 = phase4's default 200) for failures the sender should retry.
 */
final class Rejection extends Exception {
  private static final long serialVersionUID = 1L;
  /**
   * The ErrorDetail the Peppol AS4 profile wants for a receiver or document type not served here;
   * a detail starting with it is answered with exactly this ErrorDetail (see {@link As4ErrorSignals}).
   */
  static final String NOT_SERVICED = "PEPPOL:NOT_SERVICED";

  final transient EEbmsError error;
  final String detail;
  final int httpStatus;

  Rejection(EEbmsError error, String detail) {
    this(error, detail, -1);
  }

  Rejection(EEbmsError error, String detail, int httpStatus) {
    super(error.getErrorCode() + " " + detail, null, false, false);
    this.error = error;
    this.detail = detail;
    this.httpStatus = httpStatus;
  }
}
