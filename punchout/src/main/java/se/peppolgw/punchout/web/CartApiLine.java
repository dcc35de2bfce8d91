package se.peppolgw.punchout.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.math.BigDecimal;
import java.util.List;
import se.peppolgw.punchout.cart.BoundedDecimal;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.LineProblem;
import se.peppolgw.punchout.json.NumberText;

/**
 * One posted line. Quantity, price and VAT rate are kept as the text the shop wrote (JSON numbers, or strings
 * holding one) and parsed with {@link BoundedDecimal}, so that a refusal names the line and the field.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record CartApiLine(
    String lineId,
    String articleNumber,
    String name,
    @JsonDeserialize(using = NumberText.class) String quantity,
    String unit,
    @JsonDeserialize(using = NumberText.class) String price,
    String currency,
    @JsonDeserialize(using = NumberText.class) String vatRate,
    String unspsc,
    Integer leadTimeDays,
    String longDescription,
    String gtin,
    String manufacturer,
    String manufacturerPartNumber) {

  CartLine toCartLine(int lineNumber, String defaultCurrency, List<LineProblem> problems) {
    BigDecimal q = number(BoundedDecimal.QUANTITY, quantity, "quantity", lineNumber, problems);
    BigDecimal p = number(BoundedDecimal.PRICE, price, "price", lineNumber, problems);
    BigDecimal v = number(BoundedDecimal.VAT_RATE, vatRate, "vatRate", lineNumber, problems);
    return new CartLine(lineId, articleNumber, name, q, unit, p,
        currency == null || currency.isBlank() ? defaultCurrency : currency, v, unspsc, leadTimeDays,
        longDescription, gtin, manufacturer, manufacturerPartNumber);
  }

  private BigDecimal number(BoundedDecimal kind, String text, String field, int lineNumber, List<LineProblem> problems) {
    try {
      return kind.parse(text, field);
    } catch (BoundedDecimal.Refused e) {
      problems.add(new LineProblem(lineNumber, articleNumber, field, e.reason()));
      return null;
    }
  }
}
