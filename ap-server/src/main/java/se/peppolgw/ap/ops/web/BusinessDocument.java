package se.peppolgw.ap.ops.web;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Element;
import se.peppolgw.ap.sbd.SafeXml;
import se.peppolgw.ap.ubl.BusinessFacts;
import se.peppolgw.ap.ubl.UblDom;

/**
 * A readable summary of a UBL business document (order, order response, despatch advice,
 * invoice, credit note …): references, parties, lines and totals. Read with the safe DOM parser;
 * anything missing is simply left out. The facts the gateway indexes come from {@link
 * BusinessFacts#of}, so the page shows what the list and the search use.
 */
public record BusinessDocument(
    String kind,
    Map<String, String> references,
    List<Party> parties,
    List<Line> lines,
    Map<String, String> totals) {

  /** A party role (e.g. Buyer) with its name and identifiers. */
  public record Party(String role, String name, String endpoint, String vat, String address) {}

  /** One document line. */
  public record Line(
      String id, String article, String name, String quantity, String unit, String price, String amount) {}

  private static final String[][] PARTY_ROLES = {
    {"BuyerCustomerParty", "Buyer"},
    {"SellerSupplierParty", "Seller"},
    {"AccountingSupplierParty", "Supplier (invoicing)"},
    {"AccountingCustomerParty", "Customer (invoiced)"},
    {"DespatchSupplierParty", "Despatching supplier"},
    {"DeliveryCustomerParty", "Delivered to"},
    {"OriginatorCustomerParty", "Originator"},
    {"PayeeParty", "Payee"},
  };

  /** Empty when the bytes are not well-formed XML. */
  public static Optional<BusinessDocument> parse(byte[] xml) {
    Element root;
    try {
      var b = SafeXml.documentBuilder();
      b.setErrorHandler(null);
      root = b.parse(new ByteArrayInputStream(xml)).getDocumentElement();
    } catch (Exception e) {
      return Optional.empty();
    }
    BusinessFacts facts = BusinessFacts.of(root);
    Map<String, String> refs = new LinkedHashMap<>();
    put(refs, "Number", facts.businessId());
    put(refs, "Issue date", text(root, "IssueDate"));
    put(refs, "Issue time", text(root, "IssueTime"));
    put(refs, "Due date", text(root, "DueDate"));
    put(refs, "Type code", text(root, root.getLocalName() + "TypeCode"));
    put(refs, "Response code", text(root, "OrderResponseCode"));
    put(refs, "Buyer reference", facts.buyerRef());
    put(refs, "Order number", facts.orderRef());
    put(refs, "Order number (referenced)", text(child(root, "OrderReference"), "SalesOrderID"));
    put(refs, "Invoice referenced", text(child(child(root, "BillingReference"), "InvoiceDocumentReference"), "ID"));
    put(refs, "Contract", text(child(root, "ContractDocumentReference"), "ID"));
    put(refs, "Currency", text(root, "DocumentCurrencyCode"));
    put(refs, "Delivery date", text(child(child(root, "Delivery"), "RequestedDeliveryPeriod"), "StartDate"));
    put(refs, "Actual delivery", text(child(root, "Delivery"), "ActualDeliveryDate"));
    put(refs, "Note", text(root, "Note"));

    List<Party> parties = new ArrayList<>();
    for (String[] r : PARTY_ROLES) {
      Element holder = child(root, r[0]);
      if (holder == null) {
        continue;
      }
      Element p = r[0].equals("PayeeParty") ? holder : child(holder, "Party");
      if (p == null) {
        p = holder;
      }
      Element endpoint = child(p, "EndpointID");
      String name = text(child(p, "PartyName"), "Name");
      if (name == null) {
        name = text(child(p, "PartyLegalEntity"), "RegistrationName");
      }
      Element addr = child(p, "PostalAddress");
      String address =
          addr == null
              ? null
              : join(text(addr, "StreetName"), text(addr, "PostalZone"), text(addr, "CityName"),
                  text(child(addr, "Country"), "IdentificationCode"));
      parties.add(
          new Party(
              r[1],
              name,
              endpoint == null ? null : UblDom.attribute(endpoint, "schemeID") + ":" + endpoint.getTextContent().trim(),
              text(child(p, "PartyTaxScheme"), "CompanyID"),
              address));
    }

    List<Line> lines = new ArrayList<>();
    for (Element l : UblDom.children(root)) {
      String ln = l.getLocalName();
      Element item = l;
      if (ln.equals("OrderLine")) {
        item = child(l, "LineItem");
        if (item == null) {
          continue;
        }
      } else if (!ln.equals("InvoiceLine") && !ln.equals("CreditNoteLine") && !ln.equals("DespatchLine")) {
        continue;
      }
      Element q = firstChild(item, "InvoicedQuantity", "CreditedQuantity", "DeliveredQuantity", "Quantity");
      Element it = child(item, "Item");
      lines.add(
          new Line(
              text(item, "ID"),
              text(child(it, "SellersItemIdentification"), "ID"),
              text(it, "Name"),
              q == null ? null : q.getTextContent().trim(),
              q == null ? null : UblDom.attribute(q, "unitCode"),
              text(child(item, "Price"), "PriceAmount"),
              text(item, "LineExtensionAmount")));
    }

    Map<String, String> totals = new LinkedHashMap<>();
    Element mt = firstChild(root, "LegalMonetaryTotal", "AnticipatedMonetaryTotal");
    put(totals, "Lines", text(mt, "LineExtensionAmount"));
    put(totals, "Without VAT", text(mt, "TaxExclusiveAmount"));
    put(totals, "VAT", text(child(root, "TaxTotal"), "TaxAmount"));
    put(totals, "With VAT", text(mt, "TaxInclusiveAmount"));
    put(totals, "Prepaid", text(mt, "PrepaidAmount"));
    put(totals, "To pay", text(mt, "PayableAmount"));
    return Optional.of(new BusinessDocument(root.getLocalName(), refs, parties, lines, totals));
  }

  private static Element child(Element e, String localName) {
    for (Element c : UblDom.children(e)) {
      if (localName.equals(c.getLocalName())) {
        return c;
      }
    }
    return null;
  }

  private static Element firstChild(Element e, String... names) {
    for (String n : names) {
      Element c = child(e, n);
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  private static String text(Element e, String localName) {
    Element c = child(e, localName);
    if (c == null) {
      return null;
    }
    String t = c.getTextContent().trim();
    String currency = UblDom.attribute(c, "currencyID");
    return t.isEmpty() ? null : currency == null ? t : t + " " + currency;
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  private static String join(String... parts) {
    StringBuilder sb = new StringBuilder();
    for (String p : parts) {
      if (p != null) {
        sb.append(sb.length() == 0 ? "" : ", ").append(p);
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }
}
