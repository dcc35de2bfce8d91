package se.peppolgw.ap.mls;

import java.util.Locale;
import java.util.Optional;

/**
 * The overall response of a Peppol Message Level Status (MLS 1.0 code list "MLS Response Codes",
 * rules SCH-MLS-18 / SCH-MLS-19), with the words the operator sees.
 */
public enum MlsResponseCode {
  /** Accepted: the receiving access point (C3) processed and delivered the document with confirmation. */
  AP("Accepted by the receiver's access point"),
  /** Acknowledged: delivered onwards by C3 without a confirmation from the end receiver. */
  AB("Acknowledged"),
  /** Rejected: the document broke a rule or could not be delivered to the end receiver. */
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
