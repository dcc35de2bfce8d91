package se.peppolgw.ap.store;

import java.util.Locale;

/** The result of validating a received business document (inbound_validation.outcome). */
public enum ValidationOutcome {
  /** No rule failed. */
  PASSED,
  /** Only rules with the severity warning failed. */
  WARNINGS,
  /** At least one rule with the severity error (fatal) failed. */
  FAILED,
  /** No rule set applies to the document (e.g. an unknown CustomizationID); the reason says why. */
  NOT_VALIDATED;

  /** The word used in the inbox metadata and the APIs: passed, warnings, failed, not-validated. */
  public String word() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
