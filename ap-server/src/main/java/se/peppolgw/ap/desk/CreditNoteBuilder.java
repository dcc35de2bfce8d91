package se.peppolgw.ap.desk;

import com.helger.ubl21.UBL21Marshaller;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.BillingReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.CreditNoteLineType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.DocumentReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.OrderReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.CreditedQuantityType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.LineExtensionAmountType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.NoteType;
import oasis.names.specification.ubl.schema.xsd.creditnote_21.CreditNoteType;
import se.peppolgw.ap.desk.DeskInputException.FieldProblem;

/**
 * A BIS Billing 3.0 credit note (type 381) against one earlier invoice: the requested lines, or
 * everything on the invoice not yet credited when none are named; never more than that per line.
 * The reason is required and becomes the note.
 */
final class CreditNoteBuilder {
  private final BillingParts parts;

  CreditNoteBuilder(BillingParts parts) {
    this.parts = parts;
  }

  DeskDocument build(
      ReceivedOrder order, OrderProgress progress, InvoicedDocument invoice, CreditNoteRequest req, LocalDate today)
      throws DeskInputException {
    BillingChecks.requireSettings(parts.supplier());
    BillingChecks.requireNumber("/creditNoteNumber", req.creditNoteNumber());
    if (req.reason() == null || req.reason().isBlank()) {
      throw DeskInputException.of("/reason", "say why the invoice is credited");
    }
    List<LineQuantity> lines = req.lines();
    if (lines.isEmpty()) {
      lines = new ArrayList<>();
      for (Map.Entry<String, BigDecimal> e : invoice.lines().entrySet()) {
        BigDecimal left = e.getValue().subtract(invoice.credited().getOrDefault(e.getKey(), BigDecimal.ZERO));
        if (left.signum() > 0) {
          lines.add(new LineQuantity(e.getKey(), left));
        }
      }
      if (lines.isEmpty()) {
        throw new DeskInputException(409, List.of(new FieldProblem("/invoiceNumber",
            "invoice " + invoice.invoiceNumber() + " is already credited in full")));
      }
    }
    Map<String, BigDecimal> picked =
        LineSelection.check(
            order,
            lines,
            l -> invoice.lines().getOrDefault(l.lineId(), BigDecimal.ZERO)
                .subtract(invoice.credited().getOrDefault(l.lineId(), BigDecimal.ZERO)).max(BigDecimal.ZERO),
            "credited on invoice " + invoice.invoiceNumber());
    List<BillingLine> priced = parts.pricer().price(order, progress, picked);
    String currency = BillingLinePricer.currency(order);
    String number = req.creditNoteNumber().trim();

    CreditNoteType cn = new CreditNoteType();
    cn.setCustomizationID(Ubl.BILLING_CUSTOMIZATION);
    cn.setProfileID(Ubl.BILLING_PROFILE);
    cn.setID(number);
    cn.setIssueDate(today);
    cn.setCreditNoteTypeCode("381");
    cn.addNote(new NoteType(req.reason().trim()));
    cn.setDocumentCurrencyCode(currency);
    cn.setBuyerReference(BillingParties.buyerReference(order));
    OrderReferenceType ref = new OrderReferenceType();
    ref.setID(order.orderNumber());
    cn.setOrderReference(ref);
    BillingReferenceType billing = new BillingReferenceType();
    DocumentReferenceType invRef = new DocumentReferenceType();
    invRef.setID(invoice.invoiceNumber());
    invRef.setIssueDate(invoice.issueDate());
    billing.setInvoiceDocumentReference(invRef);
    cn.addBillingReference(billing);
    cn.setAccountingSupplierParty(parts.parties().seller(order));
    cn.setAccountingCustomerParty(BillingParties.buyer(order));
    cn.addPaymentMeans(parts.payment().means(number));
    cn.addTaxTotal(BillingTotals.taxTotal(priced, currency));
    cn.setLegalMonetaryTotal(BillingTotals.totals(priced, currency));
    int n = 0;
    for (BillingLine p : priced) {
      CreditNoteLineType cl = new CreditNoteLineType();
      cl.setID(Integer.toString(++n));
      CreditedQuantityType q = new CreditedQuantityType(p.quantity());
      q.setUnitCode(BillingLineContent.unit(p.line()));
      cl.setCreditedQuantity(q);
      cl.setLineExtensionAmount(BillingTotals.amount(new LineExtensionAmountType(p.net()), currency));
      cl.addOrderLineReference(BillingLineContent.orderLine(p.line()));
      cl.setItem(parts.lines().item(p));
      cl.setPrice(BillingLineContent.price(p, currency));
      cn.addCreditNoteLine(cl);
    }
    byte[] xml = UBL21Marshaller.creditNote().getAsBytes(cn);
    if (xml == null) {
      throw new IllegalStateException("ph-ubl could not write the credit note");
    }
    return new DeskDocument(DeskDocumentKind.CREDIT_NOTE, number, xml, picked, null);
  }
}
