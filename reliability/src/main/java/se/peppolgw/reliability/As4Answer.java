package se.peppolgw.reliability;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What an access point answered: a receipt, or errors with code and detail. */
public record As4Answer(int httpStatus, boolean receipt, List<String> errorCodes, List<String> errorDetails) {
  private static final String EB = "http://docs.oasis-open.org/ebxml-msg/ebms/v3.0/ns/core/200704/";

  public static As4Answer parse(int status, byte[] body) {
    if (body == null || body.length == 0) {
      return new As4Answer(status, false, List.of(), List.of());
    }
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
      boolean receipt = d.getElementsByTagNameNS(EB, "Receipt").getLength() > 0;
      List<String> codes = new ArrayList<>();
      List<String> details = new ArrayList<>();
      NodeList errs = d.getElementsByTagNameNS(EB, "Error");
      for (int i = 0; i < errs.getLength(); i++) {
        Element e = (Element) errs.item(i);
        codes.add(e.getAttribute("errorCode"));
        NodeList desc = e.getElementsByTagNameNS(EB, "Description");
        details.add(desc.getLength() > 0 ? desc.item(0).getTextContent() : "");
      }
      return new As4Answer(status, receipt, codes, details);
    } catch (Exception e) {
      return new As4Answer(status, false, List.of(), List.of("unparseable answer: " + e.getMessage()));
    }
  }

  public String firstCode() {
    return errorCodes.isEmpty() ? null : errorCodes.get(0);
  }
}
