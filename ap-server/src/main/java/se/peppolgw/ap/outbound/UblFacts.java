package se.peppolgw.ap.outbound;

import static se.peppolgw.ap.ubl.UblDom.CAC;

import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import se.peppolgw.ap.ubl.BusinessFacts;
import se.peppolgw.ap.ubl.UblDom;

/**
 * What a UBL 2.1 document says about its own routing: sender and receiver party (EndpointID with
 * schemeID), the C1 country (the sender party's postal country), CustomizationID and ProfileID,
 * plus the {@link BusinessFacts} the gateway indexes (read by {@link BusinessFacts#of}).
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
    BusinessFacts facts,
    String issueDate) {

  static final String UBL_NS_PREFIX = UblDom.UBL_NS_PREFIX;

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
    Element sender = parties[0] == null ? null : party(UblDom.child(root, CAC, parties[0]));
    Element receiver = parties[1] == null ? null : party(UblDom.child(root, CAC, parties[1]));
    return new UblFacts(
        root.getNamespaceURI(),
        root.getLocalName(),
        UblDom.cbc(root, "UBLVersionID"),
        UblDom.cbc(root, "CustomizationID"),
        UblDom.cbc(root, "ProfileID"),
        endpoint(sender),
        endpoint(receiver),
        UblDom.cbc(UblDom.path(sender, CAC, "PostalAddress", "Country"), "IdentificationCode"),
        BusinessFacts.of(root),
        UblDom.cbc(root, "IssueDate"));
  }

  /** ProviderParty/SenderParty are parties themselves; the others wrap a cac:Party. */
  private static Element party(Element e) {
    if (e == null) {
      return null;
    }
    Element inner = UblDom.child(e, CAC, "Party");
    return inner != null ? inner : e;
  }

  /** {@code schemeID:value}, or null when the party has no EndpointID. */
  private static String endpoint(Element party) {
    Element ep = UblDom.child(party, UblDom.CBC, "EndpointID");
    String v = UblDom.text(ep);
    if (v == null) {
      return null;
    }
    String scheme = ep.getAttribute("schemeID").trim();
    return scheme.isEmpty() ? v : scheme + ":" + v;
  }
}
