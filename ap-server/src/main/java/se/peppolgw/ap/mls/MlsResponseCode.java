package se.peppolgw.ap.mls;

import java.util.Locale;
import java.util.Optional;

/**
 * The overall response of a Peppol Message Level Status (MLS 1.0 code list "MLS Response Codes";
 * Schematron SCH-MLS-18 / SCH-MLS-19 allow exactly these three), with the words the operator sees.
 * Used both when we answer a received document (C3, {@link MlsResponder}) and when we read the
 * answer to one we sent (C2, {@link MlsReader}).
 */
public enum MlsResponseCode {
  /** Accepted: the receiving access point (C3) took the document and it passed validation. */
  AP("Accepted by the receiver's access point"),
  /**
   * Acknowledged ("accepted blind"): C3 took the document but vouches only for the delivery, not
   * for a checked content (this gateway: no Peppol rule set applies to the document).
   */
  AB("Acknowledged"),
  /** Rejected: at least one fatal issue; the MLS lists each with its location (SCH-MLS-20 to 24). */
  RE("Rejected by the receiver's access point");

  private final String words;

  MlsResponseCode(String words) {
    this.words = words;
  }

  /** What this answer means, in plain words (a rejection adds its reasons; see {@code Verdict}). */
  public String words() {
    return words;
  }

  /** A negative MLS (SCH-MLS-20 to SCH-MLS-24 apply to it). */
  public boolean isRejection() {
    return this == RE;
  }

  /** Whether this is a positive MLS (sent only when the sender asked for ALWAYS_SEND). */
  public boolean isPositive() {
    return !isRejection();
  }

  /** The code of a received MLS, if it is one of the three. */
  public static Optional<MlsResponseCode> of(String code) {
    if (code == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(code.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
