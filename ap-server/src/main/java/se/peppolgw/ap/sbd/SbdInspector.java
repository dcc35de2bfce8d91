package se.peppolgw.ap.sbd;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.ext.DefaultHandler2;
import org.xml.sax.ext.Locator2;

/**
 * Reads an SBD once with a hardened streaming parser and finds the business document inside it:
 * its exact byte range (so the back office gets what the sender wrote, signatures inside the
 * document included), whether it can stand alone (all namespace prefixes it uses are declared
 * within it), and the few UBL fields the transmission log indexes.
 *
 * <p>Those fields are the ones {@link se.peppolgw.ap.ubl.BusinessFacts#of} reads from a DOM,
 * the project's one UBL fact reader; this scanner picks them up itself during its single streaming
 * pass because the receipt path measured a DOM of the business document as its largest cost
 * (docs/benchmarks.md, "read the SBDH without building a DOM"). BusinessFactsTest keeps the two
 * in agreement.
 */
public final class SbdInspector {
  public static final String SBDH_NS =
      "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader";
  private static final String CBC_NS =
      "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
  private static final String CAC_NS =
      "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";

  private static final SAXParserFactory SAX = SafeXml.saxFactory();
  private static final ThreadLocal<SAXParser> PARSER =
      ThreadLocal.withInitial(
          () -> {
            try {
              return SAX.newSAXParser();
            } catch (ParserConfigurationException | SAXException e) {
              throw new IllegalStateException(e);
            }
          });

  private SbdInspector() {}

  public static InspectedSbd inspect(byte[] sbd) throws SbdFormatException {
    InspectedSbd fast = sbd.length >= Utf8Inspection.MIN_BYTES ? Utf8Inspection.inspect(sbd) : null;
    return fast != null ? fast : inspectWithSax(sbd);
  }

  /**
   * The reference pass with the JDK's SAX parser: any encoding, and the error messages. {@link
   * Utf8Inspection} answers for ordinary UTF-8 SBDs and leaves everything else to this.
   */
  static InspectedSbd inspectWithSax(byte[] sbd) throws SbdFormatException {
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
    Scan scan = sax.scan;
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
      return fromUtf8Offsets(sbd, scan, afterStartTag, afterEndTag);
    }
    String text = new String(sbd, cs);
    int[] lineStarts = lineStarts(text);
    byte[] document = exactSlice(sbd, text, lineStarts, cs, scan, sax);
    byte[] headerOnly = headerOnly(text, lineStarts, cs, scan, sax);
    return result(sbd, scan, document, headerOnly, -1);
  }

  /**
   * The result for a UTF-8 SBD, given the byte offsets just after the business document's start
   * tag and just after its end tag (-1 when unknown).
   */
  static InspectedSbd fromUtf8Offsets(byte[] sbd, Scan scan, int afterStartTag, int afterEndTag)
      throws SbdFormatException {
    byte[] document = exactSliceUtf8(sbd, afterStartTag, afterEndTag, scan);
    int documentOffset = document == null ? -1 : afterEndTag - document.length;
    byte[] headerOnly = headerOnlyUtf8(sbd, afterStartTag, scan);
    return result(sbd, scan, document, headerOnly, documentOffset);
  }

  private static InspectedSbd result(
      byte[] sbd, Scan scan, byte[] document, byte[] headerOnly, int documentOffset)
      throws SbdFormatException {
    boolean exact = document != null;
    if (!exact) {
      document = reserialize(sbd);
    }
    return new InspectedSbd(
        document,
        exact,
        headerOnly == null ? sbd : headerOnly,
        scan.docNamespace,
        scan.docLocalName,
        scan.customizationId,
        scan.profileId,
        scan.businessId,
        scan.orderRef,
        scan.buyerRef,
        documentOffset,
        scan.issueDate);
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
      byte[] sbd, String text, int[] lineStarts, Charset cs, Scan scan, SaxScan sax) {
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

  /** {@link #exactSlice} on the bytes of a UTF-8 SBD; offsets from {@link Utf8Positions}. */
  private static byte[] exactSliceUtf8(byte[] sbd, int afterStartTag, int afterEndTag, Scan scan) {
    if (scan.dependsOnOuterNamespace || afterStartTag <= 0 || afterEndTag < afterStartTag) {
      return null;
    }
    // '<' cannot occur inside attribute values (nor inside a multi-byte UTF-8 sequence), so the
    // last one before the end of the start tag is where the start tag begins.
    int start = lastIndexOf(sbd, (byte) '<', afterStartTag - 1);
    if (start < 0 || sbd[afterEndTag - 1] != '>' || !startsWith(sbd, start, "<" + scan.docQName)) {
      return null;
    }
    return Arrays.copyOfRange(sbd, start, afterEndTag);
  }

  /** {@link #headerOnly} on the bytes of a UTF-8 SBD. */
  private static byte[] headerOnlyUtf8(byte[] sbd, int afterStartTag, Scan scan) {
    if (scan.rootQName == null || scan.docQName == null || afterStartTag <= 0) {
      return null;
    }
    int start = lastIndexOf(sbd, (byte) '<', afterStartTag - 1);
    if (start < 0 || !startsWith(sbd, start, "<" + scan.docQName)) {
      return null;
    }
    byte[] tail = (stub(scan) + "</" + scan.rootQName + ">").getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(sbd, start + tail.length);
    System.arraycopy(tail, 0, out, start, tail.length);
    return out;
  }

  /** The last index of {@code value} in {@code b} at or before {@code from}, or -1. */
  static int lastIndexOf(byte[] b, byte value, int from) {
    for (int i = Math.min(from, b.length - 1); i >= 0; i--) {
      if (b[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] b, int at, String ascii) {
    byte[] p = ascii.getBytes(StandardCharsets.UTF_8);
    return at + p.length <= b.length && Arrays.equals(b, at, at + p.length, p, 0, p.length);
  }

  /** An empty element with the business document's name and namespace. */
  private static String stub(Scan scan) {
    String prefix = Scan.prefixOf(scan.docQName);
    String ns = scan.docNamespace == null ? "" : scan.docNamespace;
    return "<" + scan.docQName + (prefix.isEmpty() ? " xmlns" : " xmlns:" + prefix) + "=\""
        + ns.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;") + "\"/>";
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
      String text, int[] lineStarts, Charset cs, Scan scan, SaxScan sax) {
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
    return (text.substring(0, start) + stub(scan) + "</" + scan.rootQName + ">").getBytes(cs);
  }

  private static int offset(int[] lineStarts, int[] lineCol) {
    int line = lineCol[0];
    if (line < 1 || line > lineStarts.length) {
      return -1;
    }
    return lineStarts[line - 1] + lineCol[1] - 1;
  }

  /** Fallback: serialise the business document element with the namespaces it needs. */
  private static byte[] reserialize(byte[] sbd) throws SbdFormatException {
    try {
      Document d = SafeXml.documentBuilder().parse(new ByteArrayInputStream(sbd));
      Element business = null;
      int elements = 0;
      for (Node n = d.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && ++elements == 2) {
          business = e;
        }
      }
      if (business == null) {
        throw new SbdFormatException("The SBD carries no business document");
      }
      Transformer t = TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      ByteArrayOutputStream out = new ByteArrayOutputStream(sbd.length);
      t.transform(new DOMSource(business), new StreamResult(out));
      return out.toByteArray();
    } catch (ParserConfigurationException | SAXException | IOException | TransformerException e) {
      throw new SbdFormatException("The business document could not be extracted: " + e.getMessage(), e);
    }
  }

  /** Drives a {@link Scan} from the JDK's SAX parser and records positions as (line, column). */
  private static final class SaxScan extends DefaultHandler2 {
    final Scan scan = new Scan();
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
      if (scan.startElement(uri, localName, Scan.prefixOf(qName), qName)) {
        docStart = position();
      }
      if (scan.inDocument) {
        for (int i = 0; i < atts.getLength(); i++) {
          scan.attribute(Scan.prefixOf(atts.getQName(i)));
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

  /**
   * One streaming pass, whichever parser drives it: structure, namespace self-containment, indexed
   * fields. The driver reports, per element: the prefixes it declares ({@link #declarePrefix}),
   * its start ({@link #startElement}), the prefix of each attribute while {@link #inDocument}
   * ({@link #attribute}), the end of its start tag ({@link #endOfStartTag}); then the text
   * ({@link #characters}, only needed while {@link #wantsText}) and its end ({@link #endElement}).
   */
  static final class Scan {
    int depth;
    private int childrenOfRoot;
    private boolean rootOk;
    private String firstChild;
    private boolean textAtRoot;

    // the business document (second child of the root)
    boolean inDocument;
    private String docNamespace;
    private String docLocalName;
    String docQName;
    String rootQName;
    boolean dependsOnOuterNamespace;
    /** Per open element of the business document: the prefixes it declares (usually none). */
    private final Deque<List<String>> boundInDocument = new ArrayDeque<>();
    /** How many open elements of the business document declare each prefix: O(1) lookups. */
    private final Map<String, Integer> boundCount = new HashMap<>();
    private final List<String> pendingPrefixes = new ArrayList<>();

    // indexed UBL fields
    private String customizationId;
    private String profileId;
    private String businessId;
    private String orderRef;
    private String buyerRef;
    private String issueDate;
    private String capture;
    private boolean inOrderReference;
    private final StringBuilder text = new StringBuilder();

    /** A namespace declaration ("" for the default namespace) on the element about to start. */
    void declarePrefix(String prefix) {
      pendingPrefixes.add(prefix);
    }

    /**
     * Returns true when this element is the business document's root. The qualified name as
     * written may be null when it is {@code prefix:localName} (or {@code localName}).
     */
    boolean startElement(String uri, String localName, String prefix, String qName) {
      boolean documentStarts = false;
      depth++;
      if (depth == 1) {
        rootOk = SBDH_NS.equals(uri) && "StandardBusinessDocument".equals(localName);
        rootQName = qName != null ? qName : qName(prefix, localName);
      } else if (depth == 2) {
        childrenOfRoot++;
        if (childrenOfRoot == 1) {
          firstChild = "{" + uri + "}" + localName;
        } else if (childrenOfRoot == 2) {
          inDocument = true;
          documentStarts = true;
          docNamespace = uri;
          docLocalName = localName;
          docQName = qName != null ? qName : qName(prefix, localName);
        }
      }
      if (inDocument) {
        List<String> declared = pendingPrefixes.isEmpty() ? List.of() : List.copyOf(pendingPrefixes);
        boundInDocument.push(declared);
        for (String p : declared) {
          boundCount.merge(p, 1, Integer::sum);
        }
        checkBound(prefix, uri);
      }
      return documentStarts;
    }

    /** The prefix ("" for none) of an attribute of an element of the business document. */
    void attribute(String prefix) {
      // namespace declarations are no attributes here (nor is anything else named xmlns...)
      if (!prefix.isEmpty() && !prefix.startsWith("xmlns")) {
        checkBound(prefix, null);
      }
    }

    void endOfStartTag(String uri, String localName) {
      if (inDocument) {
        captureFields(uri, localName);
      }
      pendingPrefixes.clear();
    }

    private static String qName(String prefix, String localName) {
      return prefix.isEmpty() ? localName : prefix + ":" + localName;
    }

    private void captureFields(String uri, String localName) {
      int rel = depth - 2; // 0 = business document root
      capture = null;
      if (rel == 1 && CBC_NS.equals(uri)) {
        switch (localName) {
          case "CustomizationID", "ID", "ProfileID", "BuyerReference", "IssueDate" -> capture = localName;
          default -> {}
        }
      } else if (rel == 1 && CAC_NS.equals(uri) && "OrderReference".equals(localName)) {
        inOrderReference = true;
      } else if (rel == 2 && inOrderReference && CBC_NS.equals(uri) && "ID".equals(localName)) {
        capture = "OrderReference";
      }
      text.setLength(0);
    }

    private void checkBound(String prefix, String uri) {
      if ("xml".equals(prefix)) {
        return;
      }
      if (boundCount.containsKey(prefix)) {
        return;
      }
      if (prefix.isEmpty() && (uri == null || uri.isEmpty())) {
        return;
      }
      dependsOnOuterNamespace = true;
    }

    static String prefixOf(String qName) {
      int i = qName.indexOf(':');
      return i < 0 ? "" : qName.substring(0, i);
    }

    /** Whether {@link #characters} would do anything with text here. */
    boolean wantsText() {
      return capture != null || depth == 1;
    }

    void characters(char[] ch, int start, int length) {
      if (capture != null) {
        text.append(ch, start, length);
      } else if (depth == 1 && !new String(ch, start, length).isBlank()) {
        textAtRoot = true;
      }
    }

    /** Returns true when this element is the business document's root. */
    boolean endElement(String uri, String localName) {
      boolean documentEnds = false;
      if (inDocument) {
        if (capture != null) {
          finishCapture();
        }
        if (depth - 2 == 1 && CAC_NS.equals(uri) && "OrderReference".equals(localName)) {
          inOrderReference = false;
        }
        List<String> declared = boundInDocument.pop();
        if (!declared.isEmpty()) {
          unbind(declared);
        }
        if (depth == 2) {
          inDocument = false;
          documentEnds = true;
        }
      }
      depth--;
      return documentEnds;
    }

    // the rare parts of endElement, out of the way of the JIT's inlining
    private void finishCapture() {
      String v = text.toString().trim();
      switch (capture) {
        case "CustomizationID" -> customizationId = first(customizationId, v);
        case "ProfileID" -> profileId = first(profileId, v);
        case "ID" -> businessId = first(businessId, v);
        case "BuyerReference" -> buyerRef = first(buyerRef, v);
        case "IssueDate" -> issueDate = first(issueDate, v);
        case "OrderReference" -> orderRef = first(orderRef, v);
        default -> {}
      }
      capture = null;
    }

    private void unbind(List<String> declared) {
      for (String prefix : declared) {
        boundCount.computeIfPresent(prefix, (k, n) -> n == 1 ? null : n - 1);
      }
    }

    private static String first(String existing, String v) {
      return existing != null || v.isEmpty() ? existing : v;
    }

    void checkStructure() throws SbdFormatException {
      if (!rootOk) {
        throw new SbdFormatException(
            "The payload is not a Standard Business Document (root element must be"
                + " StandardBusinessDocument in namespace " + SBDH_NS + ")");
      }
      if (!("{" + SBDH_NS + "}StandardBusinessDocumentHeader").equals(firstChild)) {
        throw new SbdFormatException(
            "The SBD must start with a StandardBusinessDocumentHeader, found " + firstChild);
      }
      if (childrenOfRoot < 2) {
        throw new SbdFormatException("The SBD carries no business document after the header");
      }
      if (childrenOfRoot > 2) {
        throw new SbdFormatException(
            "The SBD carries " + (childrenOfRoot - 1) + " business documents; exactly one is allowed");
      }
      if (textAtRoot) {
        throw new SbdFormatException("The SBD contains text outside its header and document");
      }
    }
  }
}
