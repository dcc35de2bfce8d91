package se.peppolgw.punchout.cart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class MoneyTest {
  private static CartLine line(String quantity, String price) {
    return new CartLine("l", "A", "n", new BigDecimal(quantity), "EA", new BigDecimal(price), "SEK",
        BigDecimal.valueOf(25), null, null, null, null);
  }

  @Test
  void aLineAmountIsQuantityTimesPriceRoundedHalfUpToTwoDecimals() {
    assertEquals(new BigDecimal("463.56"), Money.lineAmount(new BigDecimal("18.625"), new BigDecimal("24.889")));
    assertEquals(new BigDecimal("0.01"), Money.lineAmount(new BigDecimal("0.05"), new BigDecimal("0.1")), "0.005 rounds up");
    assertEquals(new BigDecimal("0.00"), Money.lineAmount(new BigDecimal("0.04"), new BigDecimal("0.1")), "0.004 rounds down");
    assertEquals(new BigDecimal("1.23"), Money.lineAmount(BigDecimal.TEN, new BigDecimal("0.123456")), "unit price keeps its decimals");
    assertEquals(new BigDecimal("-0.01"), Money.round(new BigDecimal("-0.005")), "half-up is away from zero");
  }

  @Test
  void aMissingQuantityOrPriceIsZeroWithTwoDecimals() {
    assertEquals(new BigDecimal("0.00"), Money.lineAmount(null, BigDecimal.ONE));
    assertEquals(new BigDecimal("0.00"), Money.lineAmount(BigDecimal.ONE, null));
  }

  @Test
  void theTotalIsTheSumOfTheRoundedLinesSoTheLinesAddUp() {
    // 3 x 0.335 = 1.005 -> 1.01 each; rounding the exact sum (2.01) would give a total the lines do not add up to
    List<CartLine> lines = List.of(line("3", "0.335"), line("3", "0.335"));
    assertEquals(new BigDecimal("2.02"), Money.total(lines));
    assertEquals(new BigDecimal("0.00"), Money.total(List.of()));
    assertEquals(new BigDecimal("1.01"), line("3", "0.335").lineAmount());
  }
}
