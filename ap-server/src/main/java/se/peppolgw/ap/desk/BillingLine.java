package se.peppolgw.ap.desk;

import java.math.BigDecimal;

/**
 * One priced line of an invoice or credit note: the order line, the article actually supplied
 * (a substitute when the order response agreed one), the quantity billed, the net amount rounded
 * to two decimals, and the VAT category and percent that apply.
 */
record BillingLine(
    OrderedLine line, String article, BigDecimal quantity, BigDecimal net, String taxCategory, BigDecimal percent) {}
