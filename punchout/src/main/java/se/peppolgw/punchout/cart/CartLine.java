package se.peppolgw.punchout.cart;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.Map;
import se.peppolgw.punchout.cart.field.LineDetails;
import se.peppolgw.punchout.cart.field.LineField;

/**
 * One line of the internal cart model, independent of the protocol it will be sent with.
 * Mandatory for Proceedo: article number, name, price, unit (UN/ECE Rec 20), VAT rate. {@code lineId} is
 * our stable line key (sent as cXML {@code SupplierPartAuxiliaryID}); it survives edit round trips.
 * The typed components are the fields each protocol structures in its own way; every other field is a
 * {@link LineField} in {@code details}.
 */
public record CartLine(
    String lineId,
    String articleNumber,
    String name,
    BigDecimal quantity,
    String unit,
    BigDecimal price,
    String currency,
    BigDecimal vatRate,
    String unspsc,
    Integer leadTimeDays,
    String longDescription,
    @JsonIgnore LineDetails details) {

  public CartLine {
    details = details == null ? LineDetails.NONE : details;
  }

  /**
   * The stored session's JSON (see {@code SessionCodec}): the details are plain properties beside the typed
   * ones, and one this node does not know (written by a newer node) is dropped.
   */
  @JsonCreator
  static CartLine fromJson(@JsonProperty("lineId") String lineId, @JsonProperty("articleNumber") String articleNumber,
      @JsonProperty("name") String name, @JsonProperty("quantity") BigDecimal quantity,
      @JsonProperty("unit") String unit, @JsonProperty("price") BigDecimal price,
      @JsonProperty("currency") String currency, @JsonProperty("vatRate") BigDecimal vatRate,
      @JsonProperty("unspsc") String unspsc, @JsonProperty("leadTimeDays") Integer leadTimeDays,
      @JsonProperty("longDescription") String longDescription, @JsonAnySetter Map<String, Object> details) {
    return new CartLine(lineId, articleNumber, name, quantity, unit, price, currency, vatRate, unspsc, leadTimeDays,
        longDescription, LineDetails.fromJson(details, LineDetails.Unknown.IGNORE));
  }

  @JsonAnyGetter
  Map<String, String> detailsByJsonName() {
    return details.byJsonName();
  }

  /** The field's value, or null. */
  public String detail(LineField field) {
    return details.get(field);
  }

  public CartLine withQuantity(BigDecimal newQuantity) {
    return copy(lineId, newQuantity, currency);
  }

  public CartLine withLineId(String newLineId) {
    return copy(newLineId, quantity, currency);
  }

  public CartLine withCurrency(String newCurrency) {
    return copy(lineId, quantity, newCurrency);
  }

  private CartLine copy(String newLineId, BigDecimal newQuantity, String newCurrency) {
    return new CartLine(newLineId, articleNumber, name, newQuantity, unit, price, newCurrency, vatRate, unspsc,
        leadTimeDays, longDescription, details);
  }

  /**
   * quantity x price rounded half-up to two decimals ({@link Money}), or zero when one of them is missing
   * (such a line never passes validation).
   */
  public BigDecimal lineAmount() {
    return Money.lineAmount(quantity, price);
  }
}
