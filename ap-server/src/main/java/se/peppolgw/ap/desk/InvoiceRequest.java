package se.peppolgw.ap.desk;

import java.util.List;

/**
 * An invoice for (part of) one order.
 *
 * @param invoiceNumber the invoice number from the supplier's number series (required: invoice
 *     numbers are accounting records and must not be invented by the gateway)
 * @param note free text for the buyer, or null
 * @param lines per order line the quantity to invoice; empty = everything agreed and not yet invoiced
 */
public record InvoiceRequest(String invoiceNumber, String note, List<LineQuantity> lines) implements DeskRequest {
  public InvoiceRequest {
    lines = lines == null ? List.of() : List.copyOf(lines);
  }
}
