package se.peppolgw.punchout.oci;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * OCI allows at most 3 decimals in PRICE. A price with more decimals is expressed per PRICEUNIT
 * (0.12345 each = 12.345 per 100) when the PRICEUNIT field of the OCI version is long enough, otherwise
 * it is rounded half-up to 3 decimals (documented in punchout/README.md).
 *
 * @param price     the PRICE value (per priceUnit)
 * @param priceUnit 1 unless a larger divisor was needed
 * @param rounded   true when precision was lost
 */
public record OciPrice(BigDecimal price, BigDecimal priceUnit, boolean rounded) {

  public static OciPrice of(BigDecimal unitPrice, OciVersion version) {
    BigDecimal p = unitPrice.stripTrailingZeros();
    if (p.scale() <= 3) {
      return new OciPrice(unitPrice, BigDecimal.ONE, false);
    }
    BigDecimal unit = BigDecimal.ONE;
    for (int k = 1; k <= p.scale(); k++) {
      unit = unit.multiply(BigDecimal.TEN);
      if (unit.toPlainString().length() > version.priceUnitLength()) {
        break;
      }
      BigDecimal scaled = p.multiply(unit).stripTrailingZeros();
      if (scaled.scale() <= 3) {
        return new OciPrice(scaled, unit, false);
      }
    }
    return new OciPrice(p.setScale(3, RoundingMode.HALF_UP), BigDecimal.ONE, true);
  }

  /** Decimal point, no grouping, no exponent, no padding; prices keep at least 2 decimals. */
  public static String formatPrice(BigDecimal value) {
    BigDecimal v = value.stripTrailingZeros();
    if (v.scale() < 2) {
      v = v.setScale(2, RoundingMode.UNNECESSARY);
    }
    return v.toPlainString();
  }

  public static String formatQuantity(BigDecimal value) {
    BigDecimal v = value.stripTrailingZeros();
    if (v.scale() < 0) {
      v = v.setScale(0, RoundingMode.UNNECESSARY);
    }
    return v.toPlainString();
  }
}
