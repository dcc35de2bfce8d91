package se.peppolgw.punchout.cart;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;

/**
 * The one rounding rule for amounts (punchout/README.md, "Money"): a line amount is quantity x unit price
 * rounded half-up to two decimals; a total is the sum of the rounded line amounts, so the lines a buyer
 * sees always add up to the total. Unit prices are not rounded: a catalogue price of 0.123456 stays so.
 */
public final class Money {
  /** Decimals of every amount shown or sent (öre / cents). */
  public static final int SCALE = 2;

  private Money() {
  }

  /** quantity x unit price, rounded half-up to two decimals; zero when either is missing. */
  public static BigDecimal lineAmount(BigDecimal quantity, BigDecimal unitPrice) {
    if (quantity == null || unitPrice == null) {
      return BigDecimal.ZERO.setScale(SCALE);
    }
    return round(quantity.multiply(unitPrice));
  }

  /** The sum of the lines' rounded amounts (two decimals). */
  public static BigDecimal total(Collection<CartLine> lines) {
    return lines.stream().map(CartLine::lineAmount).reduce(BigDecimal.ZERO.setScale(SCALE), BigDecimal::add);
  }

  public static BigDecimal round(BigDecimal amount) {
    return amount.setScale(SCALE, RoundingMode.HALF_UP);
  }
}
