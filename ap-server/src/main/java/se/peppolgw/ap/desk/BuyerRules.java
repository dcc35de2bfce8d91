package se.peppolgw.ap.desk;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import se.peppolgw.ap.ops.DocumentKinds;
import se.peppolgw.ap.outbound.OutboundCheck;
import se.peppolgw.ap.outbound.ParsedOutbound;
import se.peppolgw.ap.sbd.SafeXml;
import se.peppolgw.ap.store.DeskStore;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/**
 * Checks every outbound document against the rule profile of its receiver (if one applies): the
 * buyers' rules of {@link BuyerRule}. Orders referenced are looked up among the orders this
 * gateway received; quantities already announced come from the desk's chain.
 */
public final class BuyerRules implements OutboundCheck {
  static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
  static final String CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";

  private final List<BuyerProfile> profiles;
  private final DeskStore desk;
  private final TransmissionStore store;
  private final Function<String, Optional<CatalogueItem>> catalogue;

  public BuyerRules(
      List<BuyerProfile> profiles,
      DeskStore desk,
      TransmissionStore store,
      Function<String, Optional<CatalogueItem>> catalogue) {
    this.profiles = List.copyOf(profiles);
    this.desk = desk;
    this.store = store;
    this.catalogue = catalogue;
  }

  public List<BuyerProfile> profiles() {
    return profiles;
  }

  @Override
  public Result check(ParsedOutbound p) {
    String receiver = p.routing().receiverId();
    Optional<BuyerProfile> profile = profiles.stream().filter(x -> x.appliesTo(receiver)).findFirst();
    if (profile.isEmpty()) {
      return Result.NOT_APPLICABLE;
    }
    Document d;
    try {
      javax.xml.parsers.DocumentBuilder b = SafeXml.documentBuilder();
      b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
      d = b.parse(new ByteArrayInputStream(p.document()));
    } catch (Exception e) {
      // the parser accepted it a moment ago; should it not now, BIS validation has said why
      return new Result(profile.get().id(), profile.get().name(), 0, List.of());
    }
    Checks c = new Checks(profile.get(), d.getDocumentElement(), receiver);
    switch (p.rootLocalName()) {
      case "Invoice", "CreditNote" -> c.invoice();
      case "DespatchAdvice" -> c.despatch();
      case "OrderResponse" -> c.orderResponse();
      default -> {
        // no buyer rule concerns other documents
      }
    }
    return new Result(profile.get().id(), profile.get().name(), c.checked, c.violations);
  }

  /** The checks of one document. */
  private final class Checks {
    final BuyerProfile profile;
    final Element root;
    final String receiver;
    final List<Violation> violations = new ArrayList<>();
    int checked;

    Checks(BuyerProfile profile, Element root, String receiver) {
      this.profile = profile;
      this.root = root;
      this.receiver = receiver;
    }

    private boolean applies(BuyerRule r) {
      if (profile.rules().contains(r)) {
        checked++;
        return true;
      }
      return false;
    }

    private void fail(BuyerRule r, String location) {
      violations.add(new Violation(profile.ruleId(r), r.messageSv(), r.messageEn(), location));
    }

    void invoice() {
      String orderRef = text(child(root, CAC, "OrderReference"), CBC, "ID");
      String buyerRef = text(root, CBC, "BuyerReference");
      if (applies(BuyerRule.INV_01)) {
        if (orderRef == null && buyerRef == null) {
          fail(BuyerRule.INV_01, "/cbc:BuyerReference");
        } else if (buyerRef != null && buyerRef.toLowerCase(Locale.ROOT).contains("beställar-id")) {
          fail(BuyerRule.INV_01, "/cbc:BuyerReference");
        }
      }
      if (orderRef != null && applies(BuyerRule.INV_02) && receivedOrder(orderRef).isEmpty()) {
        fail(BuyerRule.INV_02, "/cac:OrderReference/cbc:ID");
      }
      if (applies(BuyerRule.INV_03)) {
        Set<String> orders = new HashSet<>();
        if (orderRef != null) {
          orders.add(orderRef);
        }
        for (Element olr : all(root, CAC, "OrderLineReference")) {
          String id = text(child(olr, CAC, "OrderReference"), CBC, "ID");
          if (id != null) {
            orders.add(id);
          }
        }
        if (orders.size() > 1) {
          fail(BuyerRule.INV_03, "//cac:OrderLineReference/cac:OrderReference/cbc:ID");
        }
      }
      if (applies(BuyerRule.INV_04)) {
        String currency = text(root, CBC, "DocumentCurrencyCode");
        String taxCurrency = text(root, CBC, "TaxCurrencyCode");
        boolean mixed = taxCurrency != null && !taxCurrency.equals(currency);
        NodeList all = root.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength() && !mixed; i++) {
          Element e = (Element) all.item(i);
          if (e.hasAttribute("currencyID") && !e.getAttribute("currencyID").trim().equals(currency)) {
            mixed = true;
          }
        }
        if (mixed) {
          fail(BuyerRule.INV_04, "//@currencyID");
        }
      }
      if (applies(BuyerRule.INV_05)) {
        if (vatId(child(root, CAC, "AccountingSupplierParty")) == null) {
          fail(BuyerRule.INV_05, "/cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID");
        }
        if (vatId(child(root, CAC, "AccountingCustomerParty")) == null) {
          fail(BuyerRule.INV_05, "/cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID");
        }
      }
    }

    void despatch() {
      String orderRef = text(child(root, CAC, "OrderReference"), CBC, "ID");
      Optional<DeskStore.ReceivedOrderRef> ref = orderRef == null ? Optional.empty() : receivedOrder(orderRef);
      if (applies(BuyerRule.DES_01) && ref.isEmpty()) {
        fail(BuyerRule.DES_01, "/cac:OrderReference/cbc:ID");
      }
      if (ref.isEmpty() || !applies(BuyerRule.DES_02)) {
        return;
      }
      Optional<OrderChain> chain = chain(ref.get().transmissionId());
      if (chain.isEmpty()) {
        return; // the order is no longer stored: nothing to compare with
      }
      ReceivedOrder order = chain.get().order();
      OrderProgress progress = chain.get().progress();
      Map<String, BigDecimal> now = new HashMap<>();
      boolean broken = false;
      for (Element line : children(root, CAC, "DespatchLine")) {
        String lineId = text(child(line, CAC, "OrderLineReference"), CBC, "LineID");
        String article = text(child(child(line, CAC, "Item"), CAC, "SellersItemIdentification"), CBC, "ID");
        BigDecimal qty = decimal(text(line, CBC, "DeliveredQuantity"));
        Optional<OrderedLine> ordered = lineId == null ? Optional.empty() : order.line(lineId);
        if (ordered.isEmpty() || qty == null) {
          broken = true;
          continue;
        }
        if (article != null && !article.equals(ordered.get().articleNumber()) && !article.equals(progress.article(ordered.get()))) {
          broken = true;
        }
        now.merge(lineId, qty, BigDecimal::add);
      }
      for (Map.Entry<String, BigDecimal> e : now.entrySet()) {
        OrderedLine l = order.line(e.getKey()).orElseThrow();
        // this document may already be in the chain (the desk records after the intake): the
        // intake runs first, so the chain holds only earlier despatch advices here
        if (progress.delivered(l.lineId()).add(e.getValue()).compareTo(progress.agreed(l)) > 0) {
          broken = true;
        }
      }
      if (broken) {
        fail(BuyerRule.DES_02, "/cac:DespatchLine");
      }
    }

    void orderResponse() {
      if (!applies(BuyerRule.ORS_01)) {
        return;
      }
      for (Element sub : all(root, CAC, "SellerSubstitutedLineItem")) {
        Element item = child(sub, CAC, "Item");
        String name = text(item, CBC, "Name");
        String article = text(child(item, CAC, "SellersItemIdentification"), CBC, "ID");
        if (name == null || article == null || catalogue.apply(article).isEmpty()) {
          fail(BuyerRule.ORS_01, "//cac:SellerSubstitutedLineItem/cac:Item");
          return;
        }
      }
    }

    /** The order with this number received from this document's receiver (the buyer). */
    private Optional<DeskStore.ReceivedOrderRef> receivedOrder(String orderNumber) {
      return desk.received(orderNumber).stream()
          .filter(o -> "order".equals(DocumentKinds.alias(o.documentTypeId())))
          .filter(o -> o.senderId() != null && o.senderId().equalsIgnoreCase(receiver))
          .reduce((a, b) -> b); // the latest, should the buyer have sent the number twice
    }

    private Optional<OrderChain> chain(String orderTransmissionId) {
      Optional<byte[]> doc = store.payload(orderTransmissionId, PayloadKind.DOCUMENT);
      if (doc.isEmpty()) {
        return Optional.empty();
      }
      try {
        ReceivedOrder o = ReceivedOrder.read(orderTransmissionId, doc.get());
        return Optional.of(OrderChain.of(o, desk.chain(orderTransmissionId)));
      } catch (ReceivedOrder.Unreadable e) {
        return Optional.empty();
      }
    }
  }

  private static String vatId(Element partyWrapper) {
    Element party = child(partyWrapper, CAC, "Party");
    for (Element pts : children(party, CAC, "PartyTaxScheme")) {
      if ("VAT".equals(text(child(pts, CAC, "TaxScheme"), CBC, "ID"))) {
        return text(pts, CBC, "CompanyID");
      }
    }
    return null;
  }

  private static BigDecimal decimal(String s) {
    if (s == null || s.length() > 32 || !s.matches("[0-9]{1,15}(\\.[0-9]{1,10})?")) {
      return null;
    }
    return new BigDecimal(s);
  }

  private static List<Element> children(Element parent, String ns, String name) {
    List<Element> out = new ArrayList<>();
    if (parent == null) {
      return out;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getLocalName()) && ns.equals(e.getNamespaceURI())) {
        out.add(e);
      }
    }
    return out;
  }

  private static List<Element> all(Element parent, String ns, String name) {
    List<Element> out = new ArrayList<>();
    NodeList l = parent.getElementsByTagNameNS(ns, name);
    for (int i = 0; i < l.getLength(); i++) {
      out.add((Element) l.item(i));
    }
    return out;
  }

  private static Element child(Element parent, String ns, String name) {
    List<Element> c = children(parent, ns, name);
    return c.isEmpty() ? null : c.get(0);
  }

  private static String text(Element parent, String ns, String name) {
    Element e = child(parent, ns, name);
    if (e == null) {
      return null;
    }
    String t = e.getTextContent().trim();
    return t.isEmpty() ? null : t;
  }
}
