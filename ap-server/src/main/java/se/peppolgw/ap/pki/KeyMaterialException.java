package se.peppolgw.ap.pki;

/**
 * The gateway's key material cannot be used, so the gateway refuses to start. The message is
 * written for the operator: it names the configuration key to fix and what is wrong with it. It
 * never contains a password.
 */
public final class KeyMaterialException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KeyMaterialException(String message) {
    super(message);
  }

  public KeyMaterialException(String message, Throwable cause) {
    super(message, cause);
  }
}
