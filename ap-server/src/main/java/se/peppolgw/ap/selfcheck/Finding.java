package se.peppolgw.ap.selfcheck;

import se.peppolgw.smp.FailureKind;

/**
 * One drift of one served participant's registration.
 *
 * @param kind what is wrong
 * @param participant the participant id (scheme::value)
 * @param documentType the document type (scheme::value), or null when the finding is about the
 *     participant as a whole
 * @param detail the specifics: what is published against what it should be
 * @param failureKind for LOOKUP_FAILED, why the lookup failed; else null
 */
public record Finding(
    DriftKind kind, String participant, String documentType, String detail, FailureKind failureKind) {

  /** {@link DriftKind#meaning()}, for the JSON views. */
  public String meaning() {
    return kind.meaning();
  }

  /** {@link DriftKind#action()}, for the JSON views. */
  public String action() {
    return kind.action();
  }
}
