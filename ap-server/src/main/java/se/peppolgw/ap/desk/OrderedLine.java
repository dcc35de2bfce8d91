package se.peppolgw.ap.desk;

import java.math.BigDecimal;

/**
 * One line of a received order, as the desk needs it.
 *
 * @param lineId the order line's cbc:ID (what every answer refers to)
 * @param articleNumber the seller's article number (SellersItemIdentification), or null
 * @param price the net unit price, or null when the order carries none
 * @param baseQuantity the quantity the price is for (1 when not given)
 * @param taxCategory UNCL5305 code of the line's VAT category, or null when the order has none
 * @param taxPercent the VAT rate in percent, or null
 */
public record OrderedLine(
    String lineId,
    String articleNumber,
    String name,
    BigDecimal quantity,
    String unitCode,
    BigDecimal price,
    BigDecimal baseQuantity,
    String taxCategory,
    BigDecimal taxPercent) {}
