package se.peppolgw.punchout.cart;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The UN/ECE Recommendation 20 unit codes the gateway accepts, and whether a quantity in that unit may be
 * fractional. Deliberately a short list of units a supplier of goods uses: an unknown code is refused
 * rather than guessed (buyers reject or silently remap unknown units). {@code PCE} is not Rec 20 and is
 * therefore not accepted; use {@code H87} or {@code EA}.
 */
public final class UnitCodes {
  private static final Map<String, Boolean> FRACTIONAL_ALLOWED = Map.ofEntries(
      Map.entry("EA", false), Map.entry("H87", false), Map.entry("C62", false), Map.entry("PR", false),
      Map.entry("SET", false), Map.entry("PK", false), Map.entry("BX", false), Map.entry("CT", false),
      Map.entry("RO", false), Map.entry("PA", false), Map.entry("BG", false), Map.entry("BO", false),
      Map.entry("CA", false), Map.entry("CR", false), Map.entry("TU", false), Map.entry("DZN", false),
      Map.entry("RM", false), Map.entry("KGM", true), Map.entry("GRM", true), Map.entry("TNE", true),
      Map.entry("MTR", true), Map.entry("CMT", true), Map.entry("MMT", true), Map.entry("KMT", true),
      Map.entry("MTK", true), Map.entry("MTQ", true), Map.entry("LTR", true), Map.entry("MLT", true),
      Map.entry("HUR", true), Map.entry("MIN", true), Map.entry("DAY", true), Map.entry("MON", true),
      Map.entry("KWH", true));

  /**
   * The codes above that are UN/ECE Recommendation 21 packages (box, pack, bottle...), long used as units by
   * OCI and cXML buyers as they are, but in Peppol's code list only with the prefix {@code X} ({@code XPK}).
   */
  private static final Set<String> PACKAGES = Set.of("BG", "BO", "BX", "CA", "CR", "CT", "PA", "PK", "RO", "TU");

  private UnitCodes() {
  }

  /** The code as Peppol's unit code list has it: a Rec 21 package X-prefixed, any other code as it is. */
  public static String peppolCode(String code) {
    return code != null && PACKAGES.contains(code) ? "X" + code : code;
  }

  /** @return empty when the code is unknown, else whether fractional quantities are allowed */
  public static Optional<Boolean> allowsFraction(String code) {
    return Optional.ofNullable(code == null ? null : FRACTIONAL_ALLOWED.get(code));
  }

  public static boolean isKnown(String code) {
    return allowsFraction(code).isPresent();
  }

  /** Every accepted code. */
  public static Set<String> known() {
    return FRACTIONAL_ALLOWED.keySet();
  }
}
