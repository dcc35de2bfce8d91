package se.peppolgw.ap.desk;

import com.helger.ubl21.UBL21Marshaller;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.CustomerPartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.DeliveryType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemIdentificationType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.LineItemType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.OrderLineType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.OrderReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PeriodType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PriceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.SupplierPartyType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.LineExtensionAmountType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.NoteType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.PriceAmountType;
import oasis.names.specification.ubl.schema.xsd.orderresponse_21.OrderResponseType;
import se.peppolgw.ap.desk.DeskInputException.FieldProblem;
import se.peppolgw.ap.desk.OrderAgreementRequest.AgreedLine;
import se.peppolgw.ap.ubl.UblParties;
import se.peppolgw.ap.ubl.UblTax;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/**
 * Builds a Peppol BIS Order Agreement 3 (a UBL OrderResponse with its own customization and
 * profile) from the supplier's catalogue: names, prices, units and VAT rates come from there, so
 * a call-off can only agree to articles the supplier sells.
 */
public final class OrderAgreementBuilder {
  public static final String CUSTOMIZATION = "urn:fdc:peppol.eu:poacc:trns:order_agreement:3";
  public static final String PROFILE = "urn:fdc:peppol.eu:poacc:bis:order_agreement:3";
  static final int MAX_LINES = 1_000;

  private final SupplierSettings supplier;
  private final Function<String, Optional<CatalogueItem>> catalogue;
  private final String currency;

  public OrderAgreementBuilder(
      SupplierSettings supplier, Function<String, Optional<CatalogueItem>> catalogue, String currency) {
    this.supplier = supplier;
    this.catalogue = catalogue;
    this.currency = currency;
  }

  /** @param seller the supplier's participant id ({@code scheme:value}) the agreement is sent from */
  public DeskDocument build(OrderAgreementRequest req, String seller, LocalDate today) throws DeskInputException {
    List<FieldProblem> problems = new ArrayList<>();
    required(problems, "/agreementId", req.agreementId());
    required(problems, "/orderReference", req.orderReference());
    required(problems, "/buyerName", req.buyerName());
    if (req.buyer() == null || !req.buyer().trim().matches("[0-9]{4}:[^\\s:]{1,100}")) {
      problems.add(new FieldProblem("/buyer", "required: the buyer's participant id as scheme:value, e.g. 0007:2321000131"));
    }
    if (supplier.legalName().isEmpty()) {
      problems.add(new FieldProblem("/", "gateway.supplier.legal-name is not configured"));
    }
    if (req.lines().isEmpty()) {
      problems.add(new FieldProblem("/lines", "name at least one article"));
    } else if (req.lines().size() > MAX_LINES) {
      problems.add(new FieldProblem("/lines", "at most " + MAX_LINES + " lines"));
    }
    List<CatalogueItem> items = new ArrayList<>();
    for (int i = 0; i < req.lines().size() && i < MAX_LINES; i++) {
      AgreedLine l = req.lines().get(i);
      Optional<CatalogueItem> item = l.articleNumber() == null ? Optional.empty() : catalogue.apply(l.articleNumber().trim());
      if (item.isEmpty()) {
        problems.add(new FieldProblem("/lines/" + i + "/articleNumber",
            "no article " + l.articleNumber() + " in the supplier's catalogue"));
      } else if (item.get().price() == null || item.get().vatRate() == null) {
        problems.add(new FieldProblem("/lines/" + i + "/articleNumber",
            "article " + l.articleNumber() + " has no price or VAT rate in the catalogue"));
      }
      items.add(item.orElse(null));
      if (l.quantity() == null || l.quantity().signum() <= 0) {
        problems.add(new FieldProblem("/lines/" + i + "/quantity", "must be a positive number"));
      }
    }
    if (!problems.isEmpty()) {
      throw new DeskInputException(400, problems);
    }
    OrderResponseType r = new OrderResponseType();
    r.setCustomizationID(CUSTOMIZATION);
    r.setProfileID(PROFILE);
    r.setID(req.agreementId().trim());
    r.setIssueDate(today);
    r.setIssueTime(LocalTime.of(0, 0));
    if (req.note() != null && !req.note().isBlank()) {
      r.addNote(new NoteType(req.note().trim()));
    }
    r.setDocumentCurrencyCode(currency);
    if (req.buyerReference() != null && !req.buyerReference().isBlank()) {
      r.setCustomerReference(req.buyerReference().trim());
    }
    OrderReferenceType ref = new OrderReferenceType();
    ref.setID(req.orderReference().trim());
    r.addOrderReference(ref);
    SupplierPartyType s = new SupplierPartyType();
    s.setParty(UblParties.endpointParty(seller, supplier.legalName().get()));
    r.setSellerSupplierParty(s);
    CustomerPartyType b = new CustomerPartyType();
    b.setParty(UblParties.endpointParty(req.buyer().trim(), req.buyerName().trim()));
    r.setBuyerCustomerParty(b);
    Map<String, BigDecimal> quantities = new LinkedHashMap<>();
    for (int i = 0; i < req.lines().size(); i++) {
      String lineId = String.valueOf(i + 1);
      r.addOrderLine(line(lineId, req.lines().get(i), items.get(i)));
      quantities.put(lineId, req.lines().get(i).quantity());
    }
    byte[] xml = UBL21Marshaller.orderResponse().getAsBytes(r);
    if (xml == null) {
      throw new IllegalStateException("ph-ubl could not write the order agreement (schema violation)");
    }
    return new DeskDocument(DeskDocumentKind.ORDER_AGREEMENT, req.agreementId().trim(), xml, quantities, null);
  }

  private OrderLineType line(String lineId, AgreedLine l, CatalogueItem item) {
    LineItemType li = new LineItemType();
    li.setID(lineId);
    li.setQuantity(Ubl.quantity(l.quantity(), UnitCodes.ubl(item.unit())));
    LineExtensionAmountType net = new LineExtensionAmountType(Ubl.money(l.quantity().multiply(item.price())));
    net.setCurrencyID(currency);
    li.setLineExtensionAmount(net);
    PriceType price = new PriceType();
    PriceAmountType amount = new PriceAmountType(item.price().setScale(Math.max(2, item.price().scale()), RoundingMode.UNNECESSARY));
    amount.setCurrencyID(currency);
    price.setPriceAmount(amount);
    li.setPrice(price);
    if (l.deliveryDate() != null) {
      DeliveryType d = new DeliveryType();
      PeriodType p = new PeriodType();
      // the rules require a start: the promised day is both
      p.setStartDate(l.deliveryDate());
      p.setEndDate(l.deliveryDate());
      d.setPromisedDeliveryPeriod(p);
      li.addDelivery(d);
    }
    ItemType it = new ItemType();
    it.setName(item.name());
    ItemIdentificationType sid = new ItemIdentificationType();
    sid.setID(item.articleNumber());
    it.setSellersItemIdentification(sid);
    it.addClassifiedTaxCategory(UblTax.categoryOfRate(item.vatRate()));
    li.setItem(it);
    OrderLineType ol = new OrderLineType();
    ol.setLineItem(li);
    return ol;
  }


  private static void required(List<FieldProblem> problems, String field, String value) {
    if (value == null || value.isBlank()) {
      problems.add(new FieldProblem(field, "required"));
    } else if (value.length() > 200) {
      problems.add(new FieldProblem(field, "longer than 200 characters"));
    }
  }
}
