package se.peppolgw.punchout.session;

/** Result of a browser login (OCI, Peppol punch-out). */
public sealed interface SetupOutcome {
  record Started(PunchoutSession session) implements SetupOutcome {
  }

  /** Refused before any shop page is shown; {@code message} is safe to show. */
  record Refused(int httpStatus, String title, String message) implements SetupOutcome {
  }
}
