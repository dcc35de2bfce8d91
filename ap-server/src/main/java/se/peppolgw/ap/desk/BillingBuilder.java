package se.peppolgw.ap.desk;

import com.helger.ubl21.UBL21Marshaller;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.AddressType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.BillingReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.BranchType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.CountryType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.CreditNoteLineType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.CustomerPartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.DocumentReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.FinancialAccountType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.InvoiceLineType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemIdentificationType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.MonetaryTotalType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.OrderLineReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.OrderReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyLegalEntityType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyNameType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyTaxSchemeType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PaymentMeansType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PaymentTermsType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PriceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.SupplierPartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.TaxCategoryType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.TaxSchemeType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.TaxSubtotalType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.TaxTotalType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.BaseQuantityType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.CreditedQuantityType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.InvoicedQuantityType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.LineExtensionAmountType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.PayableAmountType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.PriceAmountType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.TaxAmountType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.TaxExclusiveAmountType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.TaxInclusiveAmountType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.TaxableAmountType;
import oasis.names.specification.ubl.schema.xsd.creditnote_21.CreditNoteType;
import oasis.names.specification.ubl.schema.xsd.invoice_21.InvoiceType;
import se.peppolgw.ap.desk.DeskInputException.FieldProblem;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/**
 * Builds Peppol BIS Billing 3.0 invoices and credit notes for a received order: one order per
 * invoice, lines and prices from the order (quantities and articles as the order response agreed),
 * the buyer's reference carried over, supplier VAT id and payment details from {@link
 * SupplierSettings}. Amounts are rounded to two decimals per line, then summed (EN 16931).
 */
public final class BillingBuilder {
  private final SupplierSettings supplier;
  private final Function<String, Optional<CatalogueItem>> catalogue;

  public BillingBuilder(SupplierSettings supplier, Function<String, Optional<CatalogueItem>> catalogue) {
    this.supplier = supplier;
    this.catalogue = catalogue;
  }

  /** One priced line of an invoice or credit note. */
  private record Priced(OrderedLine line, String article, BigDecimal quantity, BigDecimal net, String taxCategory, BigDecimal percent) {}

  public DeskDocument invoice(ReceivedOrder order, OrderProgress progress, InvoiceRequest req, LocalDate today)
      throws DeskInputException {
    requireSettings();
    if (progress.rejected()) {
      throw new DeskInputException(409, List.of(new FieldProblem("/",
          "order " + order.orderNumber() + " was rejected: nothing can be invoiced")));
    }
    requireNumber("/invoiceNumber", req.invoiceNumber());
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
    List<Priced> priced = price(order, progress, picked);
    String currency = currency(order);

    InvoiceType inv = new InvoiceType();
    inv.setCustomizationID(Ubl.BILLING_CUSTOMIZATION);
    inv.setProfileID(Ubl.BILLING_PROFILE);
    inv.setID(req.invoiceNumber().trim());
    inv.setIssueDate(today);
    inv.setDueDate(today.plusDays(supplier.paymentTermsDays()));
    inv.setInvoiceTypeCode("380");
    if (req.note() != null && !req.note().isBlank()) {
      inv.addNote(new oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.NoteType(req.note().trim()));
    }
    inv.setDocumentCurrencyCode(currency);
    inv.setBuyerReference(buyerReference(order));
    OrderReferenceType ref = new OrderReferenceType();
    ref.setID(order.orderNumber());
    inv.setOrderReference(ref);
    inv.setAccountingSupplierParty(sellerParty(order));
    inv.setAccountingCustomerParty(buyerParty(order));
    inv.addPaymentMeans(paymentMeans(req.invoiceNumber().trim()));
    inv.addPaymentTerms(terms());
    inv.addTaxTotal(taxTotal(priced, currency));
    inv.setLegalMonetaryTotal(totals(priced, currency));
    int n = 0;
    for (Priced p : priced) {
      InvoiceLineType il = new InvoiceLineType();
      il.setID(Integer.toString(++n));
      InvoicedQuantityType q = new InvoicedQuantityType(p.quantity());
      q.setUnitCode(unit(p.line()));
      il.setInvoicedQuantity(q);
      il.setLineExtensionAmount(amount(new LineExtensionAmountType(p.net()), currency));
      il.addOrderLineReference(orderLine(p.line()));
      il.setItem(item(p));
      il.setPrice(price(p, currency));
      inv.addInvoiceLine(il);
    }
    byte[] xml = UBL21Marshaller.invoice().getAsBytes(inv);
    if (xml == null) {
      throw new IllegalStateException("ph-ubl could not write the invoice");
    }
    return new DeskDocument(DeskDocumentKind.INVOICE, req.invoiceNumber().trim(), xml, picked, null);
  }

  public DeskDocument creditNote(
      ReceivedOrder order, OrderProgress progress, InvoicedDocument invoice, CreditNoteRequest req, LocalDate today)
      throws DeskInputException {
    requireSettings();
    requireNumber("/creditNoteNumber", req.creditNoteNumber());
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
    List<Priced> priced = price(order, progress, picked);
    String currency = currency(order);

    CreditNoteType cn = new CreditNoteType();
    cn.setCustomizationID(Ubl.BILLING_CUSTOMIZATION);
    cn.setProfileID(Ubl.BILLING_PROFILE);
    cn.setID(req.creditNoteNumber().trim());
    cn.setIssueDate(today);
    cn.setCreditNoteTypeCode("381");
    cn.addNote(new oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.NoteType(req.reason().trim()));
    cn.setDocumentCurrencyCode(currency);
    cn.setBuyerReference(buyerReference(order));
    OrderReferenceType ref = new OrderReferenceType();
    ref.setID(order.orderNumber());
    cn.setOrderReference(ref);
    BillingReferenceType billing = new BillingReferenceType();
    DocumentReferenceType invRef = new DocumentReferenceType();
    invRef.setID(invoice.invoiceNumber());
    invRef.setIssueDate(invoice.issueDate());
    billing.setInvoiceDocumentReference(invRef);
    cn.addBillingReference(billing);
    cn.setAccountingSupplierParty(sellerParty(order));
    cn.setAccountingCustomerParty(buyerParty(order));
    cn.addPaymentMeans(paymentMeans(req.creditNoteNumber().trim()));
    cn.addTaxTotal(taxTotal(priced, currency));
    cn.setLegalMonetaryTotal(totals(priced, currency));
    int n = 0;
    for (Priced p : priced) {
      CreditNoteLineType cl = new CreditNoteLineType();
      cl.setID(Integer.toString(++n));
      CreditedQuantityType q = new CreditedQuantityType(p.quantity());
      q.setUnitCode(unit(p.line()));
      cl.setCreditedQuantity(q);
      cl.setLineExtensionAmount(amount(new LineExtensionAmountType(p.net()), currency));
      cl.addOrderLineReference(orderLine(p.line()));
      cl.setItem(item(p));
      cl.setPrice(price(p, currency));
      cn.addCreditNoteLine(cl);
    }
    byte[] xml = UBL21Marshaller.creditNote().getAsBytes(cn);
    if (xml == null) {
      throw new IllegalStateException("ph-ubl could not write the credit note");
    }
    return new DeskDocument(DeskDocumentKind.CREDIT_NOTE, req.creditNoteNumber().trim(), xml, picked, null);
  }

  private void requireSettings() throws DeskInputException {
    List<String> missing = supplier.missingForInvoicing();
    if (!missing.isEmpty()) {
      throw new DeskInputException(409, List.of(new FieldProblem("/",
          "this gateway cannot invoice until " + String.join(" and ", missing) + " is configured")));
    }
  }

  private static void requireNumber(String field, String number) throws DeskInputException {
    if (number == null || number.isBlank()) {
      throw DeskInputException.of(field, "required: the number from your own number series");
    }
    if (number.trim().length() > 64 || !number.trim().matches("[\\p{Alnum}._/-]+")) {
      throw DeskInputException.of(field, "1 to 64 letters, digits and . _ / -");
    }
  }

  private List<Priced> price(ReceivedOrder order, OrderProgress progress, Map<String, BigDecimal> picked)
      throws DeskInputException {
    List<Priced> out = new ArrayList<>();
    List<FieldProblem> problems = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, BigDecimal> e : picked.entrySet()) {
      OrderedLine l = order.line(e.getKey()).orElseThrow();
      String article = progress.article(l);
      Optional<CatalogueItem> fromCatalogue = article == null ? Optional.empty() : catalogue.apply(article);
      if (l.price() == null) {
        problems.add(new FieldProblem("/lines/" + i, "order line " + l.lineId() + " has no price to invoice"));
        i++;
        continue;
      }
      BigDecimal net = Ubl.money(l.price().multiply(e.getValue()).divide(l.baseQuantity(), 10, RoundingMode.HALF_UP));
      String category = l.taxCategory() != null ? l.taxCategory() : "S";
      BigDecimal percent =
          l.taxPercent() != null
              ? l.taxPercent()
              : fromCatalogue.map(CatalogueItem::vatRate).orElse(supplier.defaultVatPercent());
      out.add(new Priced(l, article, e.getValue(), net, category, percent));
      i++;
    }
    if (!problems.isEmpty()) {
      throw new DeskInputException(409, problems);
    }
    return out;
  }

  private static String currency(ReceivedOrder order) {
    return order.currency() == null ? "SEK" : order.currency();
  }

  /** The buyer's reference ("beställar-id") when the order carries one, else the order number. */
  static String buyerReference(ReceivedOrder order) {
    return order.customerReference().orElse(order.orderNumber());
  }

  private SupplierPartyType sellerParty(ReceivedOrder order) {
    PartyType from = order.seller();
    PartyType p = new PartyType();
    if (from != null && from.getEndpointID() != null) {
      p.setEndpointID(from.getEndpointID().clone());
    }
    String name = supplier.legalName().orElse(Ubl.name(from));
    PartyNameType pn = new PartyNameType();
    pn.setName(name == null ? supplier.vatId().orElseThrow() : name);
    p.addPartyName(pn);
    p.setPostalAddress(address(from, supplier.vatId().orElseThrow().substring(0, 2)));
    PartyTaxSchemeType tax = new PartyTaxSchemeType();
    tax.setCompanyID(supplier.vatId().orElseThrow());
    tax.setTaxScheme(vat());
    p.addPartyTaxScheme(tax);
    PartyLegalEntityType legal = new PartyLegalEntityType();
    legal.setRegistrationName(pn.getNameValue());
    supplier.organisationNumber().ifPresent(legal::setCompanyID);
    p.addPartyLegalEntity(legal);
    SupplierPartyType s = new SupplierPartyType();
    s.setParty(p);
    return s;
  }

  private static CustomerPartyType buyerParty(ReceivedOrder order) {
    PartyType from = order.buyer();
    PartyType p = new PartyType();
    if (from != null && from.getEndpointID() != null) {
      p.setEndpointID(from.getEndpointID().clone());
    }
    String name = Ubl.name(from);
    if (name != null) {
      PartyNameType pn = new PartyNameType();
      pn.setName(name);
      p.addPartyName(pn);
    }
    p.setPostalAddress(address(from, null));
    if (from != null) {
      from.getPartyTaxScheme().stream()
          .filter(t -> t.getTaxScheme() != null && "VAT".equals(t.getTaxScheme().getIDValue()) && t.getCompanyIDValue() != null)
          .findFirst()
          .ifPresent(
              t -> {
                PartyTaxSchemeType tax = new PartyTaxSchemeType();
                tax.setCompanyID(t.getCompanyIDValue());
                tax.setTaxScheme(vat());
                p.addPartyTaxScheme(tax);
              });
    }
    PartyLegalEntityType legal = new PartyLegalEntityType();
    legal.setRegistrationName(name == null ? "Buyer" : name);
    p.addPartyLegalEntity(legal);
    CustomerPartyType c = new CustomerPartyType();
    c.setParty(p);
    return c;
  }

  /** The party's postal address from the order; at least a country (BIS requires one). */
  private static AddressType address(PartyType from, String fallbackCountry) {
    AddressType a = new AddressType();
    if (from != null && from.getPostalAddress() != null) {
      AddressType o = from.getPostalAddress();
      if (o.getStreetNameValue() != null) {
        a.setStreetName(o.getStreetNameValue());
      }
      if (o.getCityNameValue() != null) {
        a.setCityName(o.getCityNameValue());
      }
      if (o.getPostalZoneValue() != null) {
        a.setPostalZone(o.getPostalZoneValue());
      }
      if (o.getCountry() != null) {
        a.setCountry(o.getCountry().clone());
      }
    }
    if (a.getCountry() == null) {
      CountryType c = new CountryType();
      c.setIdentificationCode(fallbackCountry == null ? "SE" : fallbackCountry);
      a.setCountry(c);
    }
    return a;
  }

  private PaymentMeansType paymentMeans(String paymentId) {
    PaymentMeansType pm = new PaymentMeansType();
    pm.setPaymentMeansCode("30"); // credit transfer
    pm.addPaymentID(new oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.PaymentIDType(paymentId));
    FinancialAccountType account = new FinancialAccountType();
    if (supplier.bankgiro().isPresent()) {
      account.setID(supplier.bankgiro().get());
      BranchType branch = new BranchType();
      branch.setID("SE:BANKGIRO");
      account.setFinancialInstitutionBranch(branch);
    } else {
      account.setID(supplier.iban().orElseThrow());
      supplier.bic().ifPresent(
          bic -> {
            BranchType branch = new BranchType();
            branch.setID(bic);
            account.setFinancialInstitutionBranch(branch);
          });
    }
    pm.setPayeeFinancialAccount(account);
    return pm;
  }

  private PaymentTermsType terms() {
    PaymentTermsType t = new PaymentTermsType();
    t.addNote(new oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.NoteType(
        supplier.paymentTermsDays() + " dagar netto / " + supplier.paymentTermsDays() + " days net"));
    return t;
  }

  private static TaxTotalType taxTotal(List<Priced> lines, String currency) {
    Map<String, BigDecimal[]> byCategory = new LinkedHashMap<>();
    for (Priced p : lines) {
      String key = p.taxCategory() + "|" + p.percent().stripTrailingZeros().toPlainString();
      byCategory.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO, p.percent()})[0] =
          byCategory.get(key)[0].add(p.net());
    }
    TaxTotalType total = new TaxTotalType();
    BigDecimal sum = BigDecimal.ZERO;
    for (Map.Entry<String, BigDecimal[]> e : byCategory.entrySet()) {
      BigDecimal taxable = e.getValue()[0];
      BigDecimal percent = e.getValue()[1];
      BigDecimal tax = Ubl.money(taxable.multiply(percent).divide(BigDecimal.valueOf(100), 10, RoundingMode.HALF_UP));
      sum = sum.add(tax);
      TaxSubtotalType st = new TaxSubtotalType();
      st.setTaxableAmount(amount(new TaxableAmountType(taxable), currency));
      st.setTaxAmount(amount(new TaxAmountType(tax), currency));
      TaxCategoryType cat = new TaxCategoryType();
      cat.setID(e.getKey().substring(0, e.getKey().indexOf('|')));
      cat.setPercent(percent);
      cat.setTaxScheme(vat());
      st.setTaxCategory(cat);
      total.addTaxSubtotal(st);
    }
    total.setTaxAmount(amount(new TaxAmountType(sum), currency));
    return total;
  }

  private static MonetaryTotalType totals(List<Priced> lines, String currency) {
    BigDecimal net = lines.stream().map(Priced::net).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal tax = taxTotal(lines, currency).getTaxAmountValue();
    MonetaryTotalType t = new MonetaryTotalType();
    t.setLineExtensionAmount(amount(new LineExtensionAmountType(net), currency));
    t.setTaxExclusiveAmount(amount(new TaxExclusiveAmountType(net), currency));
    t.setTaxInclusiveAmount(amount(new TaxInclusiveAmountType(net.add(tax)), currency));
    t.setPayableAmount(amount(new PayableAmountType(net.add(tax)), currency));
    return t;
  }

  private static OrderLineReferenceType orderLine(OrderedLine l) {
    OrderLineReferenceType r = new OrderLineReferenceType();
    r.setLineID(l.lineId());
    return r;
  }

  private ItemType item(Priced p) {
    ItemType item = new ItemType();
    boolean substituted = p.article() != null && !p.article().equals(p.line().articleNumber());
    String name =
        substituted
            ? catalogue.apply(p.article()).map(CatalogueItem::name).orElse("Article " + p.article())
            : p.line().name() == null ? "Article " + p.article() : p.line().name();
    item.setName(name);
    if (p.article() != null) {
      ItemIdentificationType sid = new ItemIdentificationType();
      sid.setID(p.article());
      item.setSellersItemIdentification(sid);
    }
    TaxCategoryType cat = new TaxCategoryType();
    cat.setID(p.taxCategory());
    cat.setPercent(p.percent());
    cat.setTaxScheme(vat());
    item.addClassifiedTaxCategory(cat);
    return item;
  }

  private static PriceType price(Priced p, String currency) {
    PriceType price = new PriceType();
    price.setPriceAmount(amount(new PriceAmountType(p.line().price()), currency));
    if (p.line().baseQuantity().compareTo(BigDecimal.ONE) != 0) {
      BaseQuantityType b = new BaseQuantityType(p.line().baseQuantity());
      b.setUnitCode(unit(p.line()));
      price.setBaseQuantity(b);
    }
    return price;
  }

  private static String unit(OrderedLine l) {
    return l.unitCode() == null ? "EA" : l.unitCode();
  }

  private static TaxSchemeType vat() {
    TaxSchemeType s = new TaxSchemeType();
    s.setID("VAT");
    return s;
  }

  private static <T extends oasis.names.specification.ubl.schema.xsd.unqualifieddatatypes_21.AmountType> T amount(
      T a, String currency) {
    a.setCurrencyID(currency);
    return a;
  }
}
