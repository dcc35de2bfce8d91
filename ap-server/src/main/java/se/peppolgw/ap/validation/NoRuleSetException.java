package se.peppolgw.ap.validation;

/** No Peppol BIS rule set matches the document (unknown CustomizationID or root element). */
public final class NoRuleSetException extends Exception {
  private static final long serialVersionUID = 1L;

  public NoRuleSetException(String message) {
    super(message);
  }
}
