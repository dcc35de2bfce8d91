package se.peppolgw.ap.mls;

/** A received document is not a readable Peppol MLS; the message says what is wrong. */
public final class MlsFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public MlsFormatException(String message) {
    super(message);
  }
}
