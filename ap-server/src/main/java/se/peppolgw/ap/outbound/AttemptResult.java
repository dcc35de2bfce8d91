package se.peppolgw.ap.outbound;

/**
 * How one send attempt ended, already judged.
 *
 * @param verdict delivered, worth retrying, or permanently failed
 * @param failure the kind of failure; null when delivered
 * @param code short machine-readable reason (e.g. {@code EBMS:0004}, {@code TRANSPORT_ERROR},
 *     {@code RECEIPT_NOT_VERIFIED}); null when delivered
 * @param detail human-readable reason; null when delivered
 * @param as4MessageId the AS4 MessageId of this attempt
 * @param remoteAp the receiving AP's seat id (CN of its certificate), when known
 * @param endpointUrl where it was sent, when known
 * @param httpStatus the HTTP status of the response, 0 when none
 * @param response the raw response body (receipt or error signal), verbatim; may be null
 * @param sendingReportJson phase4's sending report of this attempt
 * @param durationMillis the whole attempt
 * @param technicalDetail the exception chain behind a failure, for the timeline only; null if none
 */
public record AttemptResult(
    Verdict verdict,
    SendFailure failure,
    String code,
    String detail,
    String as4MessageId,
    String remoteAp,
    String endpointUrl,
    int httpStatus,
    byte[] response,
    String sendingReportJson,
    long durationMillis,
    String technicalDetail) {

  public enum Verdict {
    DELIVERED,
    RETRY,
    PERMANENT
  }

  /** True when the response is kept verbatim with the attempt: a receipt, or an AS4 error signal. */
  public boolean keepsSignal() {
    return keepsSignal(failure, response);
  }

  /** A receipt (no failure) or an AS4 error signal is kept; a proxy's page or garbage is not. */
  static boolean keepsSignal(SendFailure failure, byte[] response) {
    return response != null && (failure == null || failure.isErrorSignal());
  }
}
