package se.peppolgw.ap.desk;

import com.helger.ubl21.UBL21Marshaller;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.InvoiceLineType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.OrderReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.InvoicedQuantityType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.LineExtensionAmountType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.NoteType;
import oasis.names.specification.ubl.schema.xsd.invoice_21.InvoiceType;
import se.peppolgw.ap.desk.DeskInputException.FieldProblem;

/**
 * A BIS Billing 3.0 invoice (type 380) for a received order: the requested lines, or everything
 * agreed and not yet invoiced when none are named; never more than that per line.
 */
final class InvoiceBuilder {
  private final BillingParts parts;

  InvoiceBuilder(BillingParts parts) {
    this.parts = parts;
  }

  DeskDocument build(ReceivedOrder order, OrderProgress progress, InvoiceRequest req, LocalDate today)
      throws DeskInputException {
    BillingChecks.requireSettings(parts.supplier());
    if (progress.rejected()) {
      throw new DeskInputException(409, List.of(new FieldProblem("/",
          "order " + order.orderNumber() + " was rejected: nothing can be invoiced")));
    }
    BillingChecks.requireNumber("/invoiceNumber", req.invoiceNumber());
    List<LineQuantity> lines = req.lines();
    if (lines.isEmpty()) {
      lines = new ArrayList<>();
      for (OrderedLine l : order.lines()) {
        BigDecimal left = progress.agreed(l).subtract(progress.invoiced(l.lineId()));
        if (left.signum() > 0) {
          lines.add(new LineQuantity(l.lineId(), left));
        }
      }
      if (lines.isEmpty()) {
        throw new DeskInputException(409, List.of(new FieldProblem("/lines",
            "everything agreed for order " + order.orderNumber() + " is already invoiced")));
      }
    }
    Map<String, BigDecimal> picked =
        LineSelection.check(order, lines, l -> progress.agreed(l).subtract(progress.invoiced(l.lineId())).max(BigDecimal.ZERO), "invoiced");
    List<BillingLine> priced = parts.pricer().price(order, progress, picked);
    String currency = BillingLinePricer.currency(order);
    String number = req.invoiceNumber().trim();

    InvoiceType inv = new InvoiceType();
    inv.setCustomizationID(Ubl.BILLING_CUSTOMIZATION);
    inv.setProfileID(Ubl.BILLING_PROFILE);
    inv.setID(number);
    inv.setIssueDate(today);
    inv.setDueDate(today.plusDays(parts.supplier().paymentTermsDays()));
    inv.setInvoiceTypeCode("380");
    if (req.note() != null && !req.note().isBlank()) {
      inv.addNote(new NoteType(req.note().trim()));
    }
    inv.setDocumentCurrencyCode(currency);
    inv.setBuyerReference(BillingParties.buyerReference(order));
    OrderReferenceType ref = new OrderReferenceType();
    ref.setID(order.orderNumber());
    inv.setOrderReference(ref);
    inv.setAccountingSupplierParty(parts.parties().seller(order));
    inv.setAccountingCustomerParty(BillingParties.buyer(order));
    inv.addPaymentMeans(parts.payment().means(number));
    inv.addPaymentTerms(parts.payment().terms());
    inv.addTaxTotal(BillingTotals.taxTotal(priced, currency));
    inv.setLegalMonetaryTotal(BillingTotals.totals(priced, currency));
    int n = 0;
    for (BillingLine p : priced) {
      InvoiceLineType il = new InvoiceLineType();
      il.setID(Integer.toString(++n));
      InvoicedQuantityType q = new InvoicedQuantityType(p.quantity());
      q.setUnitCode(BillingLineContent.unit(p.line()));
      il.setInvoicedQuantity(q);
      il.setLineExtensionAmount(BillingTotals.amount(new LineExtensionAmountType(p.net()), currency));
      il.addOrderLineReference(BillingLineContent.orderLine(p.line()));
      il.setItem(parts.lines().item(p));
      il.setPrice(BillingLineContent.price(p, currency));
      inv.addInvoiceLine(il);
    }
    byte[] xml = UBL21Marshaller.invoice().getAsBytes(inv);
    if (xml == null) {
      throw new IllegalStateException("ph-ubl could not write the invoice");
    }
    return new DeskDocument(DeskDocumentKind.INVOICE, number, xml, picked, null);
  }
}
