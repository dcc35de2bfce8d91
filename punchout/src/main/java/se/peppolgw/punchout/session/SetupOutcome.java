package se.peppolgw.punchout.session;

/** Result of a browser login (OCI, Peppol punch-out). */
public sealed interface SetupOutcome {
  record Started(PunchoutSession session) implements SetupOutcome {
  }

  /** OCI VALIDATE / BACKGROUND_SEARCH: answer with a cart at once, no shop. */
  record Background(PunchoutSession session, String function, String productId, String quantity, String searchString)
      implements SetupOutcome {
  }

  /** Refused before any shop page is shown; {@code message} is safe to show. */
  record Refused(int httpStatus, String title, String message) implements SetupOutcome {
  }
}
