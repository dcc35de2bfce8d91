package se.peppolgw.ap.desk;

import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/**
 * Builds Peppol BIS Billing 3.0 invoices and credit notes for a received order: one order per
 * invoice, lines and prices from the order (quantities and articles as the order response agreed),
 * the buyer's reference carried over, supplier VAT id and payment details from {@link
 * SupplierSettings}. Amounts are rounded to two decimals per line, then summed (EN 16931).
 *
 * <p>The document kinds are {@link InvoiceBuilder} and {@link CreditNoteBuilder}; what they share
 * is in {@link BillingParts} (pricing, parties, payment details, line content) and {@link
 * BillingTotals}.
 */
public final class BillingBuilder {
  private final InvoiceBuilder invoices;
  private final CreditNoteBuilder creditNotes;

  public BillingBuilder(SupplierSettings supplier, Function<String, Optional<CatalogueItem>> catalogue) {
    BillingParts parts = BillingParts.of(supplier, catalogue);
    this.invoices = new InvoiceBuilder(parts);
    this.creditNotes = new CreditNoteBuilder(parts);
  }

  public DeskDocument invoice(ReceivedOrder order, OrderProgress progress, InvoiceRequest req, LocalDate today)
      throws DeskInputException {
    return invoices.build(order, progress, req, today);
  }

  public DeskDocument creditNote(
      ReceivedOrder order, OrderProgress progress, InvoicedDocument invoice, CreditNoteRequest req, LocalDate today)
      throws DeskInputException {
    return creditNotes.build(order, progress, invoice, req, today);
  }
}
