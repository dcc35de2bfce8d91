package se.peppolgw.ap.desk;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * An invoice the desk sent for an order, as a credit note needs it.
 *
 * @param lines per order line the quantity invoiced
 * @param credited per order line the quantity already credited against this invoice
 */
public record InvoicedDocument(
    String invoiceNumber, LocalDate issueDate, Map<String, BigDecimal> lines, Map<String, BigDecimal> credited) {
  public InvoicedDocument {
    lines = Map.copyOf(lines);
    credited = Map.copyOf(credited);
  }
}
