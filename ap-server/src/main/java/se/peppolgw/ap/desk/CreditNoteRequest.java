package se.peppolgw.ap.desk;

import java.util.List;

/**
 * A credit note for a whole invoice the desk sent, or chosen lines of it.
 *
 * @param creditNoteNumber from the supplier's number series (required)
 * @param invoiceNumber the invoice credited (required)
 * @param reason why, shown to the buyer (required)
 * @param lines per order line the quantity credited; empty = all of the invoice not yet credited
 */
public record CreditNoteRequest(String creditNoteNumber, String invoiceNumber, String reason, List<LineQuantity> lines)
    implements DeskRequest {
  public CreditNoteRequest {
    lines = lines == null ? List.of() : List.copyOf(lines);
  }
}
