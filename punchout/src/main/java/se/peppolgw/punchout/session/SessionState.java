package se.peppolgw.punchout.session;

public enum SessionState {
  /** Setup accepted, start URL not yet used. */
  CREATED,
  /** The buyer's browser has arrived; the cart can be built. */
  ACTIVE,
  /** The cart went back to the buyer; the session is closed. */
  TRANSFERRED,
  EXPIRED,
  CANCELLED;

  public boolean isFinal() {
    return this == TRANSFERRED || this == EXPIRED || this == CANCELLED;
  }
}
