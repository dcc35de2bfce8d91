package se.peppolgw.ap.store;

/** What stored bytes are. */
public enum PayloadKind {
  /** The Standard Business Document exactly as received or sent (after decompression). */
  SBD,
  /** The business document (UBL) inside the SBD, byte for byte as it stands there. */
  DOCUMENT,
  /** A signed AS4 receipt, verbatim. */
  RECEIPT,
  /** An AS4 error signal, verbatim. */
  ERROR_SIGNAL
}
