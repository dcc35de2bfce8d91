package se.peppolgw.punchout.cart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BoundedDecimalTest {
  private static final String FORTY = "1234567890123456789012345678901234567890";

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "QUANTITY | 1e100000                  | exponent notation",
      "QUANTITY | 1E5                       | exponent notation",
      "QUANTITY | 1.5e-3                    | exponent notation",
      "QUANTITY | " + FORTY + "             | longer than 32 characters",
      "QUANTITY | -1                        | quantity must be greater than 0",
      "QUANTITY | 0                         | quantity must be greater than 0",
      "QUANTITY | -0.000                    | quantity must be greater than 0",
      "QUANTITY | NaN                       | quantity is not a number",
      "QUANTITY | Infinity                  | quantity is not a number",
      "QUANTITY | -Infinity                 | quantity is not a number",
      "QUANTITY | 0x10                      | quantity is not a number",
      "QUANTITY | 1 000                     | quantity is not a number",
      "QUANTITY | 1.2.3                     | quantity is not a number",
      "QUANTITY | ١٢٣                       | quantity is not a number",
      "QUANTITY | 1,5                       | quantity is not a number",
      "QUANTITY | .                         | quantity is not a number",
      "QUANTITY | 1.1234567                 | at most 6 decimals",
      "QUANTITY | 1234567890                | at most 9 digits before the decimal point",
      "PRICE    | -0.01                     | price must not be negative",
      "PRICE    | 1234567890123             | at most 12 digits before the decimal point",
      "PRICE    | 0.1234567                 | at most 6 decimals",
      "PRICE    | 1E+2                      | exponent notation",
      "VAT_RATE | 100.01                    | VAT rate must be between 0 and 100",
      "VAT_RATE | 25.125                    | at most 2 decimals",
      "VAT_RATE | -1                        | VAT rate must not be negative",
      "VAT_RATE | 1000                      | at most 3 digits before the decimal point",
  })
  void refusedWithAMessageNamingTheField(BoundedDecimal kind, String text, String expected) {
    BoundedDecimal.Refused e = assertThrows(BoundedDecimal.Refused.class, () -> kind.parse(text, "the-field"));
    assertEquals("the-field", e.field());
    assertTrue(e.getMessage().startsWith("the-field: "), e.getMessage());
    assertTrue(e.reason().contains(expected), e.reason());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "QUANTITY | 1                  | 1",
      "QUANTITY | 0.375              | 0.375",
      "QUANTITY | +2                 | 2",
      "QUANTITY | 999999999.999999   | 999999999.999999",
      "QUANTITY | 0001.5000000000    | 1.5000000000",
      "QUANTITY | .5                 | 0.5",
      "QUANTITY | 5.                 | 5",
      "PRICE    | 0                  | 0",
      "PRICE    | 0.00               | 0.00",
      "PRICE    | 49.00              | 49.00",
      "PRICE    | 0.123456           | 0.123456",
      "PRICE    | 999999999999.99    | 999999999999.99",
      "VAT_RATE | 25                 | 25",
      "VAT_RATE | 12.5               | 12.5",
      "VAT_RATE | 100.00             | 100.00",
      "VAT_RATE | 0                  | 0",
  })
  void accepted(BoundedDecimal kind, String text, String expected) {
    assertEquals(new BigDecimal(expected), kind.parse(text, "f"));
  }

  @Test
  void typedInputAcceptsADecimalCommaMachineInputDoesNot() {
    assertEquals(new BigDecimal("1.5"), BoundedDecimal.QUANTITY.parseTyped(" 1,5 ", "quantity"));
    assertThrows(BoundedDecimal.Refused.class, () -> BoundedDecimal.QUANTITY.parse("1,5", "quantity"));
    assertNull(BoundedDecimal.QUANTITY.parse("  ", "quantity"), "blank is absent, not refused");
    assertNull(BoundedDecimal.QUANTITY.parse(null, "quantity"));
  }

  @Test
  void aHugeInputIsRefusedWithoutParsing() {
    String huge = "1".repeat(5_000_000);
    BoundedDecimal.Refused e = assertThrows(BoundedDecimal.Refused.class, () -> BoundedDecimal.PRICE.parse(huge, "price"));
    assertEquals("price: price is longer than 32 characters", e.getMessage(), "the input is never echoed");
  }

  @Test
  void checkAppliesTheSameLimitsToValuesBuiltInCode() {
    assertThrows(BoundedDecimal.Refused.class, () -> BoundedDecimal.QUANTITY.check(new BigDecimal("1E+100000"), "quantity"));
    assertThrows(BoundedDecimal.Refused.class, () -> BoundedDecimal.PRICE.check(new BigDecimal("1E-100000"), "price"));
    assertEquals(new BigDecimal("1.2E+3"), BoundedDecimal.QUANTITY.check(new BigDecimal("1.2E+3"), "quantity"));
  }
}
