package se.peppolgw.ap.mls;

/**
 * The overall response code of a Peppol MLS (Peppol MLS 1.0, code list "MLS Response Codes";
 * Schematron rule SCH-MLS-19 allows exactly these three).
 */
public enum MlsResponseCode {
  /** Accepted: the document was received and passed validation. */
  AP,
  /**
   * Acknowledged: the document was received and handed on, but its content could not be checked
   * (no rule set applies), so the receiver vouches for the delivery, not for the content.
   */
  AB,
  /** Rejected: at least one fatal issue; the MLS lists each with its location (SCH-MLS-23/24). */
  RE;

  /** Whether this is a positive MLS (sent only when the sender asked for ALWAYS_SEND). */
  public boolean isPositive() {
    return this != RE;
  }
}
