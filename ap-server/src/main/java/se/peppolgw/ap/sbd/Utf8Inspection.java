package se.peppolgw.ap.sbd;

import com.fasterxml.aalto.stax.InputFactoryImpl;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.LocationInfo;
import org.codehaus.stax2.XMLInputFactory2;
import org.codehaus.stax2.XMLStreamReader2;
import org.codehaus.stax2.io.Stax2ByteArraySource;

/**
 * The fast way through {@link SbdInspector#inspect} for the SBDs nearly everyone sends: UTF-8, no
 * DOCTYPE, well-formed. Aalto's UTF-8 scanner works on the bytes themselves and reports each
 * event's byte offsets, so the business document's byte range comes straight from the parser, and
 * the whole pass costs less than half of the SAX pass (1 MB invoice: 5.5 ms against 13 ms).
 *
 * <p>It answers only when it is sure that {@link SbdInspector#inspectWithSax} would give the same
 * answer, and returns null otherwise: then the SAX pass decides, with its own error messages. So
 * every refusal (malformed XML, DOCTYPE, nesting too deep) still comes from the SAX pass, and so
 * does anything where the two parsers are known to differ or the JDK parser enforces a limit Aalto
 * does not have:
 *
 * <ul>
 *   <li>any encoding but UTF-8, XML 1.1, an encoding name other than "UTF-8" in the declaration;
 *   <li>byte sequences that are not strict UTF-8 (Aalto accepts overlong forms and code points
 *       above U+10FFFF), C0 control characters, U+FFFE and U+FFFF;
 *   <li>more than {@link #MAX_ATTRIBUTES} '=' between two '<', which bounds the attributes of a
 *       start tag before Aalto reads it (see {@link Utf8Prescan});
 *   <li>a carriage return not followed by a line feed (the JDK parser's column after one is off by
 *       one, which the SAX pass's positions inherit; the same answer needs the same pass), and for
 *       the same reason a first processing instruction named {@code xml...} other than the XML
 *       declaration;
 *   <li>a DOCTYPE or an entity reference, before anything in them is resolved (Aalto does not
 *       process DTDs at all; external access is refused as well);
 *   <li>nesting deeper than {@link SafeXml#MAX_ELEMENT_DEPTH};
 *   <li>namespace URIs with line breaks or tabs (Aalto does not normalise them to spaces);
 *   <li>names that are not plain ASCII {@code NCName}s or {@code NCName:NCName}s (Aalto takes
 *       {@code p:3a} and {@code a:}), long names, very long namespace URIs, many attributes on
 *       one element (the JDK's secure-processing limits are 1000 characters and 10 000
 *       attributes); namespace declarations Aalto accepts and the JDK does not ({@code
 *       xmlns:p=""}, {@code xmlns:=});
 *   <li>more distinct names or namespace declarations than a business document has: Aalto's
 *       symbol tables have no defence against hash-collision floods, so their size is bounded
 *       here (and a fresh parser factory per document keeps them from growing across requests).
 * </ul>
 */
final class Utf8Inspection {
  /**
   * Smallest SBD worth it: below about 13 KB the SAX pass is as fast, because Aalto's set-up per
   * document (a new factory, whose name table is built anew) outweighs its faster scanning. Measured
   * with the BIS Billing example grown to size: 10.5 KB 121 us (SAX) against 135 us, 15.7 KB 180
   * against 170, 34 KB 389 against 280, 1 MB 11.8 ms against 5.2 ms.
   */
  static final int MIN_BYTES = 16 * 1024;

  /** Distinct element and attribute names in one SBD; a rich UBL invoice has about 150. */
  static final int MAX_DISTINCT_NAMES = 512;
  /** Namespace declarations in one SBD; documents declare a handful, mostly on their root. */
  static final int MAX_NAMESPACE_DECLARATIONS = 64;
  /** Longest name (prefix included) and namespace URI answered here. */
  static final int MAX_NAME_CHARS = 256;
  static final int MAX_URI_CHARS = 512;
  /** Most attributes plus namespace declarations on one element answered here. */
  static final int MAX_ATTRIBUTES = 256;

  private Utf8Inspection() {}

  /** The inspection of a UTF-8 SBD, or null when {@link SbdInspector#inspectWithSax} decides. */
  static InspectedSbd inspect(byte[] sbd) throws SbdFormatException {
    if (!Utf8Prescan.passes(sbd) || startsWithXmlNamedPi(sbd)) {
      return null;
    }
    SbdScan scan = new SbdScan();
    long[] offsets;
    try {
      offsets = scan(sbd, scan);
    } catch (XMLStreamException | RuntimeException e) {
      // malformed, or something Aalto stumbles over: the SAX pass says what is wrong
      return null;
    }
    if (offsets == null) {
      return null;
    }
    scan.checkStructure();
    int afterStartTag = (int) offsets[1];
    int afterEndTag = (int) offsets[2];
    // The offsets must be where the SAX pass puts them: just after '>' of the start tag, whose '<'
    // is the last one before it, and just after '>' of the end tag.
    if (afterStartTag <= 0
        || afterEndTag < afterStartTag
        || afterEndTag > sbd.length
        || sbd[afterStartTag - 1] != '>'
        || sbd[afterEndTag - 1] != '>'
        || SbdInspector.lastIndexOf(sbd, (byte) '<', afterStartTag - 1) != offsets[0]) {
      return null;
    }
    return SbdInspector.fromUtf8Offsets(sbd, scan, afterStartTag, afterEndTag);
  }

  /**
   * One pass over the SBD. Returns the byte offsets where the business document's start tag
   * begins, where it ends and where its end tag ends; null to leave the SBD to the SAX pass.
   */
  private static long[] scan(byte[] sbd, SbdScan scan) throws XMLStreamException {
    XMLStreamReader2 r =
        (XMLStreamReader2) factory().createXMLStreamReader(new Stax2ByteArraySource(sbd, 0, sbd.length));
    try {
      String declared = r.getCharacterEncodingScheme();
      if (!"UTF-8".equals(r.getEncoding())
          || (declared != null && !declared.equalsIgnoreCase("UTF-8"))
          || (r.getVersion() != null && !"1.0".equals(r.getVersion()))) {
        return null;
      }
      Names names = new Names();
      int namespaceDeclarations = 0;
      long[] offsets = {-1, -1, -1};
      while (r.hasNext()) {
        switch (r.next()) {
          case XMLStreamConstants.START_ELEMENT -> {
            if (scan.depth >= SafeXml.MAX_ELEMENT_DEPTH) {
              return null;
            }
            int declarations = r.getNamespaceCount();
            int attributes = r.getAttributeCount();
            if (declarations + attributes > MAX_ATTRIBUTES) {
              return null;
            }
            if (declarations > 0) {
              namespaceDeclarations += declarations;
              if (namespaceDeclarations > MAX_NAMESPACE_DECLARATIONS) {
                return null;
              }
              for (int i = 0; i < declarations; i++) {
                String prefix = orEmpty(r.getNamespacePrefix(i));
                String uri = orEmpty(r.getNamespaceURI(i));
                if (uri.length() > MAX_URI_CHARS
                    || hasBreakOrTab(uri)
                    || (!prefix.isEmpty() && (uri.isEmpty() || !isAsciiNcName(prefix)))
                    || (prefix.isEmpty() && declaresEmptyPrefix(sbd, r.getLocationInfo()))) {
                  return null;
                }
                scan.declarePrefix(prefix);
              }
            }
            String localName = r.getLocalName();
            if (!names.accept(r.getPrefixedName())) {
              return null;
            }
            String uri = orEmpty(r.getNamespaceURI());
            if (scan.startElement(uri, localName, orEmpty(r.getPrefix()), null)) {
              LocationInfo at = r.getLocationInfo();
              offsets[0] = at.getStartingByteOffset();
              offsets[1] = at.getEndingByteOffset();
            }
            for (int i = 0; i < attributes; i++) {
              String attributeName = r.getAttributeLocalName(i);
              String prefix = orEmpty(r.getAttributePrefix(i));
              if (!names.accept(prefix.isEmpty() ? attributeName : prefix + ":" + attributeName)) {
                return null;
              }
              if (scan.inDocument) {
                scan.attribute(prefix);
              }
            }
            scan.endOfStartTag(uri, localName);
          }
          case XMLStreamConstants.END_ELEMENT -> {
            if (scan.endElement(orEmpty(r.getNamespaceURI()), r.getLocalName())) {
              offsets[2] = r.getLocationInfo().getEndingByteOffset();
            }
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
            if (scan.wantsText()) {
              scan.characters(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
            }
          }
          case XMLStreamConstants.PROCESSING_INSTRUCTION -> {
            String target = r.getPITarget();
            if (!isAsciiNcName(target) || !names.accept(target)) {
              return null;
            }
          }
          case XMLStreamConstants.COMMENT, XMLStreamConstants.START_DOCUMENT, XMLStreamConstants.END_DOCUMENT -> {}
          default -> {
            // DTD, ENTITY_REFERENCE, anything unexpected: the SAX pass refuses or decides
            return null;
          }
        }
      }
      return offsets;
    } finally {
      r.close();
    }
  }

  /**
   * Whether the SBD starts with a processing instruction whose target begins with "xml" but is no
   * XML declaration ({@code <?xml-stylesheet ...?>}): after one the JDK parser's columns on that
   * line are five too far, which the SAX pass's positions inherit.
   */
  private static boolean startsWithXmlNamedPi(byte[] b) {
    int p = b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF ? 3 : 0;
    if (b.length < p + 6 || b[p] != '<' || b[p + 1] != '?' || b[p + 2] != 'x' || b[p + 3] != 'm' || b[p + 4] != 'l') {
      return false;
    }
    byte next = b[p + 5];
    return next != ' ' && next != '\t' && next != '\r' && next != '\n';
  }

  /**
   * A new factory for every document: Aalto's factories share symbol tables between their readers
   * and let them grow without bound, which a stream of documents full of distinct names would
   * exploit. Creating one costs a few small objects.
   */
  private static XMLInputFactory2 factory() {
    XMLInputFactory2 f = new InputFactoryImpl();
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    // an entity reference is reported, not expanded, and sends the SBD to the SAX pass
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, false);
    f.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("external entities are not allowed: " + systemId);
        });
    return f;
  }

  /**
   * Aalto leaves line breaks and tabs in a namespace URI as they are, where XML (and the JDK
   * parser) turns them into spaces unless they are written as character references.
   */
  private static boolean hasBreakOrTab(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '\n' || c == '\r' || c == '\t') {
        return true;
      }
    }
    return false;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /**
   * Whether the start tag holds {@code xmlns:=}: Aalto reports it as a default namespace
   * declaration, the JDK parser (rightly) as an error. Only asked for tags that declare a default
   * namespace, which few do.
   */
  private static boolean declaresEmptyPrefix(byte[] sbd, LocationInfo tag) throws XMLStreamException {
    int from = (int) tag.getStartingByteOffset();
    int to = (int) Math.min(tag.getEndingByteOffset(), sbd.length);
    for (int i = Math.max(from, 0); i + 6 <= to; i++) {
      if (sbd[i] == 'x' && sbd[i + 5] == ':' && sbd[i + 1] == 'm' && sbd[i + 2] == 'l'
          && sbd[i + 3] == 'n' && sbd[i + 4] == 's') {
        int j = i + 6;
        while (j < to && (sbd[j] == ' ' || sbd[j] == '\t' || sbd[j] == '\n' || sbd[j] == '\r')) {
          j++;
        }
        if (j < to && sbd[j] == '=') {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The distinct names met, each checked once, at most {@link #MAX_DISTINCT_NAMES} of them. Aalto
   * hands out one String per distinct name, so identity is enough to recognise a name seen before;
   * an equal name in another String merely counts twice. Identity hashes cannot be steered by the
   * sender.
   */
  private static final class Names {
    private final String[] table = new String[Integer.highestOneBit(MAX_DISTINCT_NAMES) * 4];
    private int size;

    boolean accept(String name) {
      int mask = table.length - 1;
      int i = System.identityHashCode(name) & mask;
      for (String t; (t = table[i]) != null; i = (i + 1) & mask) {
        if (t == name) {
          return true;
        }
      }
      if (size == MAX_DISTINCT_NAMES || !isAsciiQName(name)) {
        return false;
      }
      table[i] = name;
      size++;
      return true;
    }
  }

  private static boolean isAsciiNcName(String name) {
    return name.indexOf(':') < 0 && isAsciiQName(name);
  }

  /**
   * Whether the name is an ASCII {@code NCName} or {@code NCName:NCName} of at most {@link
   * #MAX_NAME_CHARS} characters. Aalto checks less: it takes {@code p:3a} or {@code a:}, and its
   * tables for non-ASCII name characters need not be the JDK's.
   */
  static boolean isAsciiQName(String name) {
    int n = name.length();
    if (n == 0 || n > MAX_NAME_CHARS) {
      return false;
    }
    boolean start = true;
    boolean colon = false;
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      if (start) {
        if (!letter) {
          return false;
        }
        start = false;
      } else if (c == ':') {
        if (colon) {
          return false;
        }
        colon = true;
        start = true;
      } else if (!letter && !(c >= '0' && c <= '9') && c != '.' && c != '-') {
        return false;
      }
    }
    return !start;
  }
}
