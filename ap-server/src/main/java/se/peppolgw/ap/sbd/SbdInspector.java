package se.peppolgw.ap.sbd;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

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
 *
 * <p>The work is shared out by what it does: {@link SbdScan} is what one pass learns (structure,
 * namespaces, fields), {@link Utf8Inspection} and {@link SaxSbdInspection} are the two parsers that
 * drive it, and this class is the entry and cuts the document and the header-only SBD from the
 * bytes of a UTF-8 SBD, with the DOM fallback for a document that cannot stand alone.
 */
public final class SbdInspector {
  public static final String SBDH_NS =
      "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader";

  private SbdInspector() {}

  public static InspectedSbd inspect(byte[] sbd) throws SbdFormatException {
    InspectedSbd fast = sbd.length >= Utf8Inspection.MIN_BYTES ? Utf8Inspection.inspect(sbd) : null;
    return fast != null ? fast : inspectWithSax(sbd);
  }

  /**
   * The reference pass with the JDK's SAX parser ({@link SaxSbdInspection}): any encoding, and the
   * error messages. {@link Utf8Inspection} answers for ordinary UTF-8 SBDs and leaves everything
   * else to this.
   */
  static InspectedSbd inspectWithSax(byte[] sbd) throws SbdFormatException {
    return SaxSbdInspection.inspect(sbd);
  }

  /**
   * The result for a UTF-8 SBD, given the byte offsets just after the business document's start
   * tag and just after its end tag (-1 when unknown).
   */
  static InspectedSbd fromUtf8Offsets(byte[] sbd, SbdScan scan, int afterStartTag, int afterEndTag)
      throws SbdFormatException {
    byte[] document = exactSliceUtf8(sbd, afterStartTag, afterEndTag, scan);
    int documentOffset = document == null ? -1 : afterEndTag - document.length;
    byte[] headerOnly = headerOnlyUtf8(sbd, afterStartTag, scan);
    return result(sbd, scan, document, headerOnly, documentOffset);
  }

  /**
   * The result of either pass, given the document's exact bytes and the header-only SBD (each null
   * when they could not be cut): the document is then serialised from a DOM, the header read from
   * the whole SBD.
   */
  static InspectedSbd result(
      byte[] sbd, SbdScan scan, byte[] document, byte[] headerOnly, int documentOffset)
      throws SbdFormatException {
    boolean exact = document != null;
    if (!exact) {
      document = reserialize(sbd);
    }
    return scan.inspected(document, exact, headerOnly == null ? sbd : headerOnly, documentOffset);
  }

  /** The exact bytes of the business document, or null when they cannot stand alone; offsets from {@link Utf8Positions}. */
  private static byte[] exactSliceUtf8(byte[] sbd, int afterStartTag, int afterEndTag, SbdScan scan) {
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

  /**
   * The SBD with the business document replaced by an empty element of the same name and
   * namespace, or null when that cannot be cut out safely (see {@link InspectedSbd#headerOnlySbd}).
   */
  private static byte[] headerOnlyUtf8(byte[] sbd, int afterStartTag, SbdScan scan) {
    if (scan.rootQName == null || scan.docQName == null || afterStartTag <= 0) {
      return null;
    }
    int start = lastIndexOf(sbd, (byte) '<', afterStartTag - 1);
    if (start < 0 || !startsWith(sbd, start, "<" + scan.docQName)) {
      return null;
    }
    byte[] tail = (scan.documentStub() + "</" + scan.rootQName + ">").getBytes(StandardCharsets.UTF_8);
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
}
