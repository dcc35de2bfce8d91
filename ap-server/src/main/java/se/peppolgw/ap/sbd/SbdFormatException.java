package se.peppolgw.ap.sbd;

/** The payload is not an acceptable Standard Business Document; the message says why. */
public class SbdFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public SbdFormatException(String message) {
    super(message);
  }

  public SbdFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
