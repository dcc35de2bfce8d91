package se.peppolgw.ap.ubl;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Walking a parsed UBL 2.1 document: direct children by namespace and local name, trimmed text.
 * Every method takes a null element and answers null (or nothing), so a path through optional
 * elements needs no checks on the way.
 */
public final class UblDom {
  public static final String UBL_NS_PREFIX = "urn:oasis:names:specification:ubl:schema:xsd:";
  public static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
  public static final String CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";

  private UblDom() {}

  /** The first direct child with this namespace and local name. */
  public static Element child(Element parent, String ns, String localName) {
    for (Element e : children(parent)) {
      if (localName.equals(e.getLocalName()) && ns.equals(e.getNamespaceURI())) {
        return e;
      }
    }
    return null;
  }

  /** Follows {@code names} down from {@code start}, each a direct child in {@code ns}. */
  public static Element path(Element start, String ns, String... names) {
    Element e = start;
    for (String n : names) {
      e = child(e, ns, n);
    }
    return e;
  }

  /** The direct child elements, in document order. */
  public static List<Element> children(Element parent) {
    List<Element> out = new ArrayList<>();
    if (parent == null) {
      return out;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }

  /** The trimmed text of the cbc child, or null when absent or blank. */
  public static String cbc(Element parent, String localName) {
    return text(child(parent, CBC, localName));
  }

  /** The trimmed text, or null when absent or blank. */
  public static String text(Element e) {
    if (e == null) {
      return null;
    }
    String t = e.getTextContent().trim();
    return t.isEmpty() ? null : t;
  }

  /** The attribute's value, or null when absent or empty. */
  public static String attribute(Element e, String name) {
    if (e == null) {
      return null;
    }
    String v = e.getAttribute(name);
    return v.isEmpty() ? null : v;
  }
}
