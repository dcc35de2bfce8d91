package se.peppolgw.ap.desk;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A document the desk built, before it is submitted.
 *
 * @param documentId the document's own cbc:ID
 * @param lineQuantities per order line id: the quantity this document confirms, delivers, invoices
 *     or credits (an order response lists every line, 0 for a line not accepted)
 * @param responseCode for an order response: AP, CA or RE; otherwise null
 */
public record DeskDocument(
    DeskDocumentKind kind,
    String documentId,
    byte[] xml,
    Map<String, BigDecimal> lineQuantities,
    String responseCode) {
  public DeskDocument {
    lineQuantities = Map.copyOf(lineQuantities);
  }
}
