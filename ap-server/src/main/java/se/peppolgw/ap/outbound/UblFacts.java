package se.peppolgw.ap.outbound;

import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What a UBL 2.1 document says about its own routing: sender and receiver party (EndpointID with
 * schemeID), the C1 country (the sender party's postal country), CustomizationID and ProfileID,
 * plus the indexed references (ID, OrderReference/ID, BuyerReference).
 *
 * <p>Which party sends and which receives depends on the document: a seller sends an invoice to
 * the buyer, a buyer sends an order to the seller, and so on (Peppol BIS 3).
 *
 * <p>The issue date is part of an invoice's business identity (invoice numbers may restart).
 */
record UblFacts(
    String rootNamespace,
    String rootLocalName,
    String ublVersion,
    String customizationId,
    String profileId,
    String senderEndpoint,
    String receiverEndpoint,
    String senderCountry,
    String businessId,
    String orderRef,
    String buyerRef,
    String issueDate) {

  static final String UBL_NS_PREFIX = "urn:oasis:names:specification:ubl:schema:xsd:";
  static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
  static final String CAC =
      "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";

  /** root element → {sender party element, receiver party element} (children of the root). */
  private static final Map<String, String[]> PARTIES =
      Map.ofEntries(
          Map.entry("Invoice", new String[] {"AccountingSupplierParty", "AccountingCustomerParty"}),
          Map.entry("CreditNote", new String[] {"AccountingSupplierParty", "AccountingCustomerParty"}),
          Map.entry("Order", new String[] {"BuyerCustomerParty", "SellerSupplierParty"}),
          Map.entry("OrderChange", new String[] {"BuyerCustomerParty", "SellerSupplierParty"}),
          Map.entry("OrderCancellation", new String[] {"BuyerCustomerParty", "SellerSupplierParty"}),
          // also Order Agreement (an OrderResponse with the order_agreement CustomizationID)
          Map.entry("OrderResponse", new String[] {"SellerSupplierParty", "BuyerCustomerParty"}),
          Map.entry("DespatchAdvice", new String[] {"DespatchSupplierParty", "DeliveryCustomerParty"}),
          Map.entry("Catalogue", new String[] {"ProviderParty", "ReceiverParty"}),
          Map.entry("ApplicationResponse", new String[] {"SenderParty", "ReceiverParty"}));

  static boolean isKnownRoot(String localName) {
    return PARTIES.containsKey(localName);
  }

  static UblFacts of(Document d) {
    Element root = d.getDocumentElement();
    String[] parties = PARTIES.getOrDefault(root.getLocalName(), new String[] {null, null});
    Element sender = parties[0] == null ? null : party(child(root, CAC, parties[0]));
    Element receiver = parties[1] == null ? null : party(child(root, CAC, parties[1]));
    Element orderReference = child(root, CAC, "OrderReference");
    return new UblFacts(
        root.getNamespaceURI(),
        root.getLocalName(),
        text(child(root, CBC, "UBLVersionID")),
        text(child(root, CBC, "CustomizationID")),
        text(child(root, CBC, "ProfileID")),
        endpoint(sender),
        endpoint(receiver),
        text(path(sender, CAC, "PostalAddress", "Country"), CBC, "IdentificationCode"),
        text(child(root, CBC, "ID")),
        text(child(orderReference, CBC, "ID")),
        text(child(root, CBC, "BuyerReference")),
        text(child(root, CBC, "IssueDate")));
  }

  /** ProviderParty/SenderParty are parties themselves; the others wrap a cac:Party. */
  private static Element party(Element e) {
    if (e == null) {
      return null;
    }
    Element inner = child(e, CAC, "Party");
    return inner != null ? inner : e;
  }

  /** {@code schemeID:value}, or null when the party has no EndpointID. */
  private static String endpoint(Element party) {
    Element ep = child(party, CBC, "EndpointID");
    String v = text(ep);
    if (v == null) {
      return null;
    }
    String scheme = ep.getAttribute("schemeID").trim();
    return scheme.isEmpty() ? v : scheme + ":" + v;
  }

  private static Element path(Element start, String ns, String... names) {
    Element e = start;
    for (String n : names) {
      e = child(e, ns, n);
    }
    return e;
  }

  private static Element child(Element parent, String ns, String localName) {
    if (parent == null) {
      return null;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(e.getLocalName()) && ns.equals(e.getNamespaceURI())) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String ns, String localName) {
    return text(child(parent, ns, localName));
  }

  private static String text(Element e) {
    if (e == null) {
      return null;
    }
    String t = e.getTextContent().trim();
    return t.isEmpty() ? null : t;
  }
}
