package se.peppolgw.punchout.web;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import se.peppolgw.punchout.cart.BoundedDecimal;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.LineProblem;
import se.peppolgw.punchout.cart.field.LineDetails;
import se.peppolgw.punchout.cart.field.LineField;
import se.peppolgw.punchout.json.NumberText;

/**
 * One posted line. Quantity, price and VAT rate are kept as the text the shop wrote (JSON numbers, or strings
 * holding one) and parsed with {@link BoundedDecimal}, so that a refusal names the line and the field. Every
 * {@link LineField} is a property of the line too; any other unknown property refuses the body.
 */
public record CartApiLine(
    String lineId,
    String articleNumber,
    String name,
    String quantity,
    String unit,
    String price,
    String currency,
    String vatRate,
    String unspsc,
    Integer leadTimeDays,
    String longDescription,
    LineDetails details) {

  @JsonCreator
  static CartApiLine fromJson(@JsonProperty("lineId") String lineId, @JsonProperty("articleNumber") String articleNumber,
      @JsonProperty("name") String name,
      @JsonProperty("quantity") @JsonDeserialize(using = NumberText.class) String quantity,
      @JsonProperty("unit") String unit,
      @JsonProperty("price") @JsonDeserialize(using = NumberText.class) String price,
      @JsonProperty("currency") String currency,
      @JsonProperty("vatRate") @JsonDeserialize(using = NumberText.class) String vatRate,
      @JsonProperty("unspsc") String unspsc, @JsonProperty("leadTimeDays") Integer leadTimeDays,
      @JsonProperty("longDescription") String longDescription, @JsonAnySetter Map<String, Object> details) {
    return new CartApiLine(lineId, articleNumber, name, quantity, unit, price, currency, vatRate, unspsc,
        leadTimeDays, longDescription, LineDetails.fromJson(details, LineDetails.Unknown.REFUSE));
  }

  CartLine toCartLine(int lineNumber, String defaultCurrency, List<LineProblem> problems) {
    BigDecimal q = number(BoundedDecimal.QUANTITY, quantity, "quantity", lineNumber, problems);
    BigDecimal p = number(BoundedDecimal.PRICE, price, "price", lineNumber, problems);
    BigDecimal v = number(BoundedDecimal.VAT_RATE, vatRate, "vatRate", lineNumber, problems);
    return new CartLine(lineId, articleNumber, name, q, unit, p,
        currency == null || currency.isBlank() ? defaultCurrency : currency, v, unspsc, leadTimeDays,
        longDescription, details);
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
