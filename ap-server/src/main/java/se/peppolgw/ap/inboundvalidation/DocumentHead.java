package se.peppolgw.ap.inboundvalidation;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The root element and CustomizationID of a business document, read from the start of its bytes
 * with a streaming parser (no DTDs, no external entities): enough to choose the rule set without
 * building a tree of the whole document.
 */
record DocumentHead(String rootLocalName, String customizationId) {
  private static final String CBC =
      "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

  static DocumentHead of(byte[] document) throws XMLStreamException {
    XMLStreamReader r = se.peppolgw.ap.sbd.SafeXml.staxReader(document);
    try {
      String root = null;
      int depth = 0;
      while (r.hasNext()) {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          depth++;
          if (depth == 1) {
            root = r.getLocalName();
          } else if (depth == 2
              && "CustomizationID".equals(r.getLocalName())
              && CBC.equals(r.getNamespaceURI())) {
            return new DocumentHead(root, r.getElementText().trim());
          } else if (depth == 2 && !"UBLExtensions".equals(r.getLocalName())
              && !"UBLVersionID".equals(r.getLocalName())) {
            // CustomizationID comes first in UBL (after extensions and the version)
            return new DocumentHead(root, null);
          } else {
            skip(r);
            depth--;
          }
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
          depth--;
        }
      }
      return new DocumentHead(root, null);
    } finally {
      r.close();
    }
  }

  /** Skips the current element with everything in it. */
  private static void skip(XMLStreamReader r) throws XMLStreamException {
    int depth = 1;
    while (depth > 0 && r.hasNext()) {
      int ev = r.next();
      if (ev == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (ev == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
  }
}
