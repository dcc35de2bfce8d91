package se.peppolgw.ap.desk;

import java.util.Locale;
import java.util.Set;

/**
 * Units as Peppol BIS wants them: UN/ECE Recommendation 20 codes, or Recommendation 21 package
 * codes prefixed with X. A catalogue written for people says {@code PK} (package) or {@code BX}
 * (box); those are Recommendation 21 codes and become {@code XPK} and {@code XBX} in UBL.
 */
public final class UnitCodes {
  /** Recommendation 21 package codes that catalogues commonly use without the X prefix. */
  static final Set<String> PACKAGE_CODES =
      Set.of("PK", "BX", "BO", "CT", "PA", "BG", "CS", "RL", "TU", "PL", "CR", "CA", "BE", "SA", "TB", "JR", "CN");

  private UnitCodes() {}

  /** The unit for a UBL quantity; EA when there is none. */
  public static String ubl(String unit) {
    if (unit == null || unit.isBlank()) {
      return "EA";
    }
    String u = unit.trim().toUpperCase(Locale.ROOT);
    return PACKAGE_CODES.contains(u) ? "X" + u : u;
  }
}
