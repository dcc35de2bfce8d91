package se.peppolgw.punchout.cart;

/** Why a line cannot be sent; {@code lineNumber} counts from 1 in cart order. */
public record LineProblem(int lineNumber, String articleNumber, String field, String message) {
  public String describe() {
    return "Line " + lineNumber + (articleNumber == null || articleNumber.isBlank() ? "" : " (" + articleNumber + ")")
        + ": " + message;
  }
}
