package se.peppolgw.punchout.cxml;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import se.peppolgw.punchout.cart.BoundedDecimal;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.field.CxmlPlace;
import se.peppolgw.punchout.cart.field.LineDetails;
import se.peppolgw.punchout.cart.field.LineField;
import se.peppolgw.punchout.session.CxmlContext.Credential;
import se.peppolgw.punchout.xml.SafeXml;

/** Reads a cXML 1.2.x PunchOutSetupRequest with the XXE-safe parser. */
public final class CxmlSetupRequestParser {

  /** Thrown when the body is not a well-formed cXML request; answered with Status 400. */
  public static final class MalformedRequest extends Exception {
    public MalformedRequest(String message) {
      super(message);
    }
  }

  public CxmlSetupRequest parse(byte[] body) throws MalformedRequest {
    Document doc;
    try {
      doc = SafeXml.parse(body);
    } catch (SAXException e) {
      throw new MalformedRequest(SafeXml.limitExceeded(e).map(limit -> "the request exceeds a parser limit: " + limit)
          .orElse("the request is not well-formed XML"));
    } catch (IOException e) {
      throw new MalformedRequest("the request is not well-formed XML");
    }
    Element root = doc.getDocumentElement();
    if (!"cXML".equals(root.getNodeName())) {
      throw new MalformedRequest("the document element is not cXML");
    }
    Element header = child(root, "Header");
    Element request = child(root, "Request");
    if (header == null || request == null) {
      throw new MalformedRequest("cXML Header or Request is missing");
    }
    List<Credential> from = new ArrayList<>();
    Element fromEl = child(header, "From");
    if (fromEl != null) {
      for (Element c : children(fromEl, "Credential")) {
        from.add(new Credential(c.getAttribute("domain"), text(child(c, "Identity"))));
      }
    }
    List<String> secrets = new ArrayList<>();
    Element sender = child(header, "Sender");
    if (sender != null) {
      for (Element c : children(sender, "Credential")) {
        Element secret = child(c, "SharedSecret");
        if (secret != null) {
          secrets.add(secret.getTextContent());
        }
      }
    }
    Element setup = null;
    String requestType = null;
    for (Node n = request.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        requestType = e.getNodeName();
        if ("PunchOutSetupRequest".equals(requestType)) {
          setup = e;
        }
        break;
      }
    }
    String deploymentMode = request.hasAttribute("deploymentMode") ? request.getAttribute("deploymentMode") : "production";
    String operation = setup == null ? null : setup.getAttribute("operation");
    Element cookieEl = setup == null ? null : child(setup, "BuyerCookie");
    String cookie = cookieEl == null ? null : cookieEl.getTextContent(); // echoed byte for byte: no trim
    Element bfp = setup == null ? null : child(setup, "BrowserFormPost");
    String returnUrl = bfp == null ? null : textOrNull(child(bfp, "URL"));
    List<CartLine> items = new ArrayList<>();
    List<String> itemProblems = new ArrayList<>();
    if (setup != null) {
      int n = 0;
      for (Element itemOut : children(setup, "ItemOut")) {
        n++;
        try {
          items.add(itemOut(itemOut));
        } catch (IllegalArgumentException e) {
          itemProblems.add("ItemOut " + n + ": " + e.getMessage());
        }
      }
    }
    return new CxmlSetupRequest(root.getAttribute("version"), root.getAttribute("payloadID"), from, secrets,
        requestType, deploymentMode, operation, cookie, returnUrl == null ? null : returnUrl.trim(), items, itemProblems);
  }

  private static CartLine itemOut(Element itemOut) {
    BigDecimal quantity = decimal(BoundedDecimal.QUANTITY, itemOut.getAttribute("quantity"), "quantity");
    Element itemId = child(itemOut, "ItemID");
    String article = itemId == null ? null : textOrNull(child(itemId, "SupplierPartID"));
    if (article == null) {
      throw new IllegalArgumentException("ItemID/SupplierPartID is missing");
    }
    String aux = itemId == null ? null : textOrNull(child(itemId, "SupplierPartAuxiliaryID"));
    Element detail = child(itemOut, "ItemDetail");
    BigDecimal price = null;
    String currency = null;
    String name = null;
    String longText = null;
    String unit = null;
    String unspsc = null;
    Integer leadTime = null;
    Map<LineField, String> details = new EnumMap<>(LineField.class);
    if (detail != null) {
      Element unitPrice = child(detail, "UnitPrice");
      Element money = unitPrice == null ? null : child(unitPrice, "Money");
      if (money != null) {
        price = decimal(BoundedDecimal.PRICE, money.getTextContent(), "UnitPrice/Money");
        currency = money.getAttribute("currency");
      }
      Element description = child(detail, "Description");
      if (description != null) {
        Element shortName = child(description, "ShortName");
        StringBuilder direct = new StringBuilder();
        for (Node c = description.getFirstChild(); c != null; c = c.getNextSibling()) {
          if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
            direct.append(c.getNodeValue());
          }
        }
        String directText = direct.toString().trim();
        if (shortName != null) {
          name = shortName.getTextContent().trim();
          longText = directText.isEmpty() || directText.equals(name) ? null : directText;
        } else {
          name = directText;
        }
      }
      unit = textOrNull(child(detail, "UnitOfMeasure"));
      for (Element c : children(detail, "Classification")) {
        if ("UNSPSC".equalsIgnoreCase(c.getAttribute("domain").trim())) {
          unspsc = textOrNull(c);
          if (unspsc == null && c.hasAttribute("code")) {
            unspsc = c.getAttribute("code");
          }
        }
      }
      String lt = textOrNull(child(detail, "LeadTime"));
      if (lt != null) {
        if (!lt.matches("\\d{1,5}")) {
          throw new IllegalArgumentException("LeadTime is not a whole number of days (at most 5 digits)");
        }
        try {
          leadTime = Integer.valueOf(lt);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("LeadTime is not a whole number of days");
        }
      }
      readDetails(detail, details);
    }
    BigDecimal vat = null;
    Element tax = child(itemOut, "Tax");
    if (tax != null) {
      for (Element td : children(tax, "TaxDetail")) {
        if ("vat".equalsIgnoreCase(td.getAttribute("category")) && td.hasAttribute("percentageRate")) {
          vat = decimal(BoundedDecimal.VAT_RATE, td.getAttribute("percentageRate"), "TaxDetail/@percentageRate");
        }
      }
    }
    return new CartLine(aux, article, name, quantity, unit, price, currency, vat, unspsc, leadTime, longText,
        LineDetails.of(details));
  }

  /** The {@link LineField}s back from where {@link CxmlDocuments} writes them (ItemDetail's slots, Extrinsics). */
  private static void readDetails(Element detail, Map<LineField, String> details) {
    for (LineField f : LineField.values()) {
      CxmlPlace place = f.cxml().orElse(null);
      if (place == null) {
        continue;
      }
      for (Element e : children(detail, place.slot().element())) {
        if (place.extrinsicName() == null || place.extrinsicName().equals(e.getAttribute("name"))) {
          String value = textOrNull(e);
          if (value != null) {
            details.put(f, value);
            break;
          }
        }
      }
    }
  }

  /** Bounded (see {@link BoundedDecimal}); a refusal becomes this ItemOut's problem (cXML status 406). */
  private static BigDecimal decimal(BoundedDecimal kind, String s, String what) {
    BigDecimal v = kind.parse(s, what); // BoundedDecimal.Refused is an IllegalArgumentException naming the field
    if (v == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    return v;
  }

  static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getNodeName())) {
        return e;
      }
    }
    return null;
  }

  static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    NodeList list = parent.getChildNodes();
    for (int i = 0; i < list.getLength(); i++) {
      if (list.item(i) instanceof Element e && name.equals(e.getNodeName())) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element e) {
    return e == null ? "" : e.getTextContent().trim();
  }

  private static String textOrNull(Element e) {
    if (e == null) {
      return null;
    }
    String t = e.getTextContent().trim();
    return t.isEmpty() ? null : t;
  }
}
