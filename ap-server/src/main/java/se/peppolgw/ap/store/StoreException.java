package se.peppolgw.ap.store;

/** The store could not do what was asked; nothing was half-written (the transaction rolled back). */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
