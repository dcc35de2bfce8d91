package se.peppolgw.ap.mls;

/**
 * The classification of one issue in an MLS (Peppol MLS 1.0, code list "MLS Status Reason
 * Codes", checked by SCH-MLS-31). BV, FD and SV are failures and make the MLS negative
 * (SCH-MLS-24/25); BW is a warning and may appear in a positive MLS.
 */
public enum MlsStatusReason {
  /** Business rule violation, fatal (a Schematron rule of severity error). */
  BV,
  /** Business rule violation, warning. */
  BW,
  /** Failure of delivery to the receiver. */
  FD,
  /** Syntax violation (the document breaks the UBL schema). */
  SV;

  public boolean isFailure() {
    return this != BW;
  }
}
