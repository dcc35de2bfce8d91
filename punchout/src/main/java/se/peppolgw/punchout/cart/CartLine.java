package se.peppolgw.punchout.cart;

import java.math.BigDecimal;

/**
 * One line of the internal cart model, independent of the protocol it will be sent with.
 * Mandatory for Proceedo: article number, name, price, unit (UN/ECE Rec 20), VAT rate. {@code lineId} is
 * our stable line key (sent as cXML {@code SupplierPartAuxiliaryID}); it survives edit round trips.
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
    String gtin,
    String manufacturer,
    String manufacturerPartNumber) {

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
        leadTimeDays, longDescription, gtin, manufacturer, manufacturerPartNumber);
  }

  /**
   * quantity x price rounded half-up to two decimals ({@link Money}), or zero when one of them is missing
   * (such a line never passes validation).
   */
  public BigDecimal lineAmount() {
    return Money.lineAmount(quantity, price);
  }
}
