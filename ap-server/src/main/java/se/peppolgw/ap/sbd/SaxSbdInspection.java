package se.peppolgw.ap.sbd;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.ext.DefaultHandler2;
import org.xml.sax.ext.Locator2;

/**
 * The reference inspection of an SBD: the JDK's hardened SAX parser drives an {@link SbdScan}, for
 * any encoding, and gives every refusal its words (malformed, DOCTYPE, nesting too deep). Positions
 * come from the parser as (line, column): a UTF-8 SBD is cut from its bytes with {@link
 * Utf8Positions}, any other encoding from its decoded text.
 */
final class SaxSbdInspection {
  /** One parser per thread, reset before each use (cheaper again than a new one per SBD). */
  private static final ThreadLocal<SAXParser> PARSER =
      ThreadLocal.withInitial(
          () -> {
            try {
              return SafeXml.saxParser();
            } catch (ParserConfigurationException | SAXException e) {
              throw new IllegalStateException(e);
            }
          });

  private SaxSbdInspection() {}

  /**
   * The reference pass with the JDK's SAX parser: any encoding, and the error messages. {@link
   * Utf8Inspection} answers for ordinary UTF-8 SBDs and leaves everything else to this.
   */
  static InspectedSbd inspect(byte[] sbd) throws SbdFormatException {
    SaxScan sax = new SaxScan();
    SAXParser parser = PARSER.get();
    try {
      parser.reset();
      SafeXml.limitDepth(parser);
      parser.parse(new ByteArrayInputStream(sbd), sax);
    } catch (SAXException e) {
      if (SafeXml.isDepthRefusal(e)) {
        throw new SbdFormatException(
            "The payload nests XML elements deeper than " + SafeXml.MAX_ELEMENT_DEPTH + " levels", e);
      }
      if (SafeXml.isDoctypeRefusal(e)) {
        throw new SbdFormatException(
            "The payload contains a DOCTYPE declaration; DTDs and entities are not allowed in"
                + " Peppol documents (protection against XXE and entity expansion)",
            e);
      }
      throw new SbdFormatException("The payload is not well-formed XML: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new SbdFormatException("The payload could not be read: " + e.getMessage(), e);
    }
    SbdScan scan = sax.scan;
    scan.checkStructure();

    Charset cs = charsetOf(sax.encoding);
    if (cs.equals(StandardCharsets.UTF_8)) {
      // Nearly every Peppol document: cut the bytes directly, without decoding the whole SBD.
      int afterStartTag = sax.docStart == null ? -1 : Utf8Positions.byteOffset(sbd, sax.docStart[0], sax.docStart[1]);
      // the end is found by walking on from the start, not again from the top of the SBD
      int afterEndTag =
          sax.docEnd == null || afterStartTag < 0
              ? -1
              : Utf8Positions.byteOffsetFrom(
                  sbd, sax.docEnd[0], sax.docEnd[1], sax.docStart[0], sax.docStart[1], afterStartTag);
      return SbdInspector.fromUtf8Offsets(sbd, scan, afterStartTag, afterEndTag);
    }
    String text = new String(sbd, cs);
    int[] lineStarts = lineStarts(text);
    byte[] document = exactSlice(sbd, text, lineStarts, cs, scan, sax);
    byte[] headerOnly = headerOnly(text, lineStarts, cs, scan, sax);
    return SbdInspector.result(sbd, scan, document, headerOnly, -1);
  }

  private static Charset charsetOf(String encoding) {
    if (encoding == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(encoding);
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }

  /** The exact bytes of the business document, or null when they cannot stand alone. */
  private static byte[] exactSlice(
      byte[] sbd, String text, int[] lineStarts, Charset cs, SbdScan scan, SaxScan sax) {
    if (scan.dependsOnOuterNamespace || sax.docStart == null || sax.docEnd == null) {
      return null;
    }
    int afterStartTag = offset(lineStarts, sax.docStart);
    int afterEndTag = offset(lineStarts, sax.docEnd);
    if (afterStartTag <= 0 || afterEndTag > text.length() || afterEndTag < afterStartTag) {
      return null;
    }
    // '<' cannot occur inside attribute values, so the last one before the end of the start tag
    // is where the start tag begins.
    int start = text.lastIndexOf('<', afterStartTag - 1);
    if (start < 0 || text.charAt(afterEndTag - 1) != '>') {
      return null;
    }
    String slice = text.substring(start, afterEndTag);
    if (!slice.startsWith("<" + scan.docQName)) {
      return null;
    }
    byte[] body = slice.getBytes(cs);
    if (cs.equals(StandardCharsets.UTF_8)) {
      return body;
    }
    // Without a declaration a non-UTF-8 document would be misread: say what it is.
    byte[] decl =
        ("<?xml version=\"1.0\" encoding=\"" + cs.name() + "\"?>\n").getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream(decl.length + body.length);
    out.writeBytes(decl);
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** Line starts as the XML parser counts lines: CR LF, CR and LF each end a line. */
  private static int[] lineStarts(String text) {
    int[] starts = new int[256];
    int n = 1;
    int len = text.length();
    for (int i = 0; i < len; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < len && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (n == starts.length) {
          starts = Arrays.copyOf(starts, n * 2);
        }
        starts[n++] = i + 1;
      }
    }
    return Arrays.copyOf(starts, n);
  }

  /**
   * The SBD with the business document replaced by an empty element of the same name and
   * namespace, or null when that cannot be cut out safely. Header readers that unmarshal the
   * whole SBD (peppol-commons' PeppolSBDHDataReader builds a DOM of the business document) only
   * look at the document's root name, so they give the same verdict on this at a fraction of the
   * cost for large documents.
   */
  private static byte[] headerOnly(
      String text, int[] lineStarts, Charset cs, SbdScan scan, SaxScan sax) {
    if (sax.docStart == null || scan.rootQName == null || scan.docQName == null) {
      return null;
    }
    int afterStartTag = offset(lineStarts, sax.docStart);
    if (afterStartTag <= 0 || afterStartTag > text.length()) {
      return null;
    }
    // '<' cannot occur inside attribute values: the last one is where the start tag begins
    int start = text.lastIndexOf('<', afterStartTag - 1);
    if (start < 0 || !text.startsWith("<" + scan.docQName, start)) {
      return null;
    }
    return (text.substring(0, start) + scan.documentStub() + "</" + scan.rootQName + ">").getBytes(cs);
  }

  private static int offset(int[] lineStarts, int[] lineCol) {
    int line = lineCol[0];
    if (line < 1 || line > lineStarts.length) {
      return -1;
    }
    return lineStarts[line - 1] + lineCol[1] - 1;
  }

  /** Drives an {@link SbdScan} from the JDK's SAX parser and records positions as (line, column). */
  private static final class SaxScan extends DefaultHandler2 {
    final SbdScan scan = new SbdScan();
    private Locator locator;
    private String encoding;
    private int[] docStart;
    private int[] docEnd;

    @Override
    public void setDocumentLocator(Locator l) {
      this.locator = l;
    }

    @Override
    public void startPrefixMapping(String prefix, String uri) {
      scan.declarePrefix(prefix);
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) {
      if (scan.depth == 0 && locator instanceof Locator2 l2) {
        // The parser knows the encoding once the XML declaration is behind it.
        encoding = l2.getEncoding();
      }
      if (scan.startElement(uri, localName, SbdScan.prefixOf(qName), qName)) {
        docStart = position();
      }
      if (scan.inDocument) {
        for (int i = 0; i < atts.getLength(); i++) {
          scan.attribute(SbdScan.prefixOf(atts.getQName(i)));
        }
      }
      scan.endOfStartTag(uri, localName);
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      scan.characters(ch, start, length);
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
      if (scan.endElement(uri, localName)) {
        docEnd = position();
      }
    }

    private int[] position() {
      return locator == null
          ? null
          : new int[] {locator.getLineNumber(), locator.getColumnNumber()};
    }
  }
}
