package se.peppolgw.punchout.session;

/** Result of a browser login (OCI, Peppol punch-out). */
public sealed interface SetupOutcome {
  record Started(PunchoutSession session) implements SetupOutcome {
  }

  /** OCI VALIDATE / BACKGROUND_SEARCH: answer with a cart at once, no shop. */
  record Background(PunchoutSession session, String function, String productId, String quantity, String searchString)
      implements SetupOutcome {
  }

  /**
   * Refused before any shop page is shown; {@code message} is safe to show. {@code retryAfterSeconds} is set
   * (for a {@code Retry-After} header) when the login was throttled, else null.
   */
  record Refused(int httpStatus, String title, String message, Long retryAfterSeconds) implements SetupOutcome {
    public Refused(int httpStatus, String title, String message) {
      this(httpStatus, title, message, null);
    }

    public Refused withRetryAfter(long seconds) {
      return new Refused(httpStatus, title, message, seconds);
    }
  }
}
