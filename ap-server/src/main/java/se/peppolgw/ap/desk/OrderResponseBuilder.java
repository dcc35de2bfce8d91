package se.peppolgw.ap.desk;

import com.helger.ubl21.UBL21Marshaller;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.CustomerPartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.DeliveryType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemIdentificationType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.ItemType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.LineItemType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.OrderLineReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.OrderLineType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.OrderReferenceType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PeriodType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.SupplierPartyType;
import oasis.names.specification.ubl.schema.xsd.orderresponse_21.OrderResponseType;
import se.peppolgw.ap.desk.DeskInputException.FieldProblem;
import se.peppolgw.ap.desk.OrderResponseRequest.Decision;
import se.peppolgw.ap.desk.OrderResponseRequest.LineChange;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/** Builds a Peppol BIS Order Response 3 for a received order. */
public final class OrderResponseBuilder {
  private final Function<String, Optional<CatalogueItem>> catalogue;

  /** @param catalogue looks up an article of the supplier's catalogue by article number */
  public OrderResponseBuilder(Function<String, Optional<CatalogueItem>> catalogue) {
    this.catalogue = catalogue;
  }

  public DeskDocument build(ReceivedOrder order, OrderResponseRequest req, String responseId, LocalDate today)
      throws DeskInputException {
    Map<String, LineChange> changes = checked(order, req);
    OrderResponseType r = new OrderResponseType();
    r.setCustomizationID(DeskDocumentKind.ORDER_RESPONSE.customizationId());
    r.setProfileID(Ubl.ORDERING_PROFILE);
    r.setID(responseId);
    r.setIssueDate(today);
    r.setIssueTime(LocalTime.of(0, 0));
    r.setOrderResponseCode(req.decision().code());
    if (req.reason() != null && !req.reason().isBlank()) {
      r.addNote(new oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.NoteType(req.reason().trim()));
    }
    if (order.currency() != null) {
      r.setDocumentCurrencyCode(order.currency());
    }
    order.customerReference().ifPresent(r::setCustomerReference);
    OrderReferenceType ref = new OrderReferenceType();
    ref.setID(order.orderNumber());
    r.addOrderReference(ref);
    SupplierPartyType seller = new SupplierPartyType();
    seller.setParty(Ubl.slim(order.seller()));
    r.setSellerSupplierParty(seller);
    CustomerPartyType buyer = new CustomerPartyType();
    buyer.setParty(Ubl.slim(order.buyer()));
    r.setBuyerCustomerParty(buyer);
    if (req.promisedDelivery() != null && req.decision() != Decision.REJECT) {
      r.addDelivery(delivery(req.promisedDelivery()));
    }
    Map<String, BigDecimal> confirmed = new LinkedHashMap<>();
    for (OrderedLine l : order.lines()) {
      LineChange c = changes.get(l.lineId());
      BigDecimal qty =
          req.decision() == Decision.REJECT ? BigDecimal.ZERO : c != null && c.quantity() != null ? c.quantity() : l.quantity();
      confirmed.put(l.lineId(), qty);
      if (req.decision() == Decision.ACCEPT_WITH_CHANGES) {
        r.addOrderLine(line(l, c));
      }
    }
    byte[] xml = UBL21Marshaller.orderResponse().getAsBytes(r);
    if (xml == null) {
      throw new IllegalStateException("ph-ubl could not write the order response");
    }
    return new DeskDocument(DeskDocumentKind.ORDER_RESPONSE, responseId, xml, confirmed, req.decision().code());
  }

  private Map<String, LineChange> checked(ReceivedOrder order, OrderResponseRequest req) throws DeskInputException {
    List<FieldProblem> problems = new ArrayList<>();
    if (req.decision() == null) {
      problems.add(new FieldProblem("/decision", "required: ACCEPT, ACCEPT_WITH_CHANGES or REJECT"));
      throw new DeskInputException(400, problems);
    }
    if (req.decision() == Decision.REJECT && (req.reason() == null || req.reason().isBlank())) {
      problems.add(new FieldProblem("/reason", "a rejection needs a reason the buyer can read"));
    }
    if (req.decision() != Decision.ACCEPT_WITH_CHANGES && !req.changes().isEmpty()) {
      problems.add(new FieldProblem("/lines", "line changes are only allowed with ACCEPT_WITH_CHANGES"));
    }
    if (req.decision() == Decision.ACCEPT_WITH_CHANGES && req.changes().isEmpty()) {
      problems.add(new FieldProblem("/lines", "ACCEPT_WITH_CHANGES needs at least one changed line"));
    }
    Map<String, LineChange> byLine = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < req.changes().size(); i++) {
      LineChange c = req.changes().get(i);
      String at = "/lines/" + i;
      if (c.lineId() == null || order.line(c.lineId()).isEmpty()) {
        problems.add(new FieldProblem(at + "/lineId", "no line " + c.lineId() + " in order " + order.orderNumber()));
        continue;
      }
      if (!seen.add(c.lineId())) {
        problems.add(new FieldProblem(at + "/lineId", "line " + c.lineId() + " is changed twice"));
        continue;
      }
      if (c.quantity() == null && c.deliveryDate() == null && c.substituteArticle() == null) {
        problems.add(new FieldProblem(at, "a changed line needs a quantity, a deliveryDate or a substituteArticle"));
      }
      if (c.quantity() != null && c.quantity().signum() < 0) {
        problems.add(new FieldProblem(at + "/quantity", "must not be negative (0 = line not accepted)"));
      }
      if (c.substituteArticle() != null) {
        if (c.substituteArticle().isBlank()) {
          problems.add(new FieldProblem(at + "/substituteArticle", "the substitute must be named"));
        } else if (catalogue.apply(c.substituteArticle().trim()).isEmpty()) {
          problems.add(new FieldProblem(at + "/substituteArticle",
              "article " + c.substituteArticle().trim() + " is not in the supplier catalogue"));
        }
      }
      byLine.put(c.lineId(), c);
    }
    if (!problems.isEmpty()) {
      throw new DeskInputException(400, problems);
    }
    return byLine;
  }

  private OrderLineType line(OrderedLine l, LineChange c) {
    LineItemType li = new LineItemType();
    li.setID(l.lineId());
    ItemType item = new ItemType();
    item.setName(l.name() == null ? "Article " + l.articleNumber() : l.name());
    if (l.articleNumber() != null) {
      ItemIdentificationType sid = new ItemIdentificationType();
      sid.setID(l.articleNumber());
      item.setSellersItemIdentification(sid);
    }
    li.setItem(item);
    OrderLineType ol = new OrderLineType();
    ol.setLineItem(li);
    if (c == null) {
      li.setLineStatusCode("5"); // accepted as ordered
    } else if (c.quantity() != null && c.quantity().signum() == 0) {
      li.setLineStatusCode("7"); // not accepted
    } else {
      li.setLineStatusCode("3"); // changed
      if (c.quantity() != null) {
        li.setQuantity(Ubl.quantity(c.quantity(), l.unitCode()));
      }
      if (c.deliveryDate() != null) {
        li.addDelivery(delivery(c.deliveryDate()));
      }
      if (c.substituteArticle() != null) {
        CatalogueItem sub = catalogue.apply(c.substituteArticle().trim()).orElseThrow();
        LineItemType s = new LineItemType();
        s.setID(l.lineId());
        ItemType si = new ItemType();
        si.setName(sub.name());
        ItemIdentificationType sid = new ItemIdentificationType();
        sid.setID(sub.articleNumber());
        si.setSellersItemIdentification(sid);
        s.setItem(si);
        ol.addSellerSubstitutedLineItem(s);
      }
    }
    OrderLineReferenceType olr = new OrderLineReferenceType();
    olr.setLineID(l.lineId());
    ol.addOrderLineReference(olr);
    return ol;
  }

  private static DeliveryType delivery(LocalDate day) {
    PeriodType p = new PeriodType();
    p.setStartDate(day);
    p.setEndDate(day);
    DeliveryType d = new DeliveryType();
    d.setPromisedDeliveryPeriod(p);
    return d;
  }
}
