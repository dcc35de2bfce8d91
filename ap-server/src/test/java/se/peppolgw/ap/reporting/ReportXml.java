package se.peppolgw.ap.reporting;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

/** Reads numbers out of a built report with namespace-free XPath (local-name()). */
final class ReportXml {
  private final Document doc;

  ReportXml(String xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError("not XML: " + e.getMessage(), e);
    }
  }

  /** e.g. path("Total", "Incoming") -> /*[local-name()='Total']/*[local-name()='Incoming']. */
  static String path(String... names) {
    StringBuilder sb = new StringBuilder("/*");
    for (String n : names) {
      sb.append("/*[local-name()='").append(n).append("']");
    }
    return sb.toString();
  }

  String text(String xpath) {
    try {
      return (String) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.STRING);
    } catch (Exception e) {
      throw new AssertionError(xpath + ": " + e.getMessage(), e);
    }
  }

  int number(String xpath) {
    String t = text(xpath).trim();
    if (t.isEmpty()) {
      throw new AssertionError("nothing at " + xpath);
    }
    return Integer.parseInt(t);
  }

  int count(String xpath) {
    return number("count(" + xpath + ")");
  }
}
