package se.peppolgw.ap.sbd;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.xml.sax.SAXException;

/**
 * XML parser factories hardened for input from the network: no DOCTYPE at all (which stops
 * external entities and entity expansion before they start), no external access, secure
 * processing limits. Peppol documents never carry a DOCTYPE, so refusing it costs nothing.
 */
public final class SafeXml {
  private static final String DISALLOW_DOCTYPE =
      "http://apache.org/xml/features/disallow-doctype-decl";

  /**
   * Deepest element nesting accepted. UBL documents nest about a dozen levels; 100 000 levels (a
   * 300 KB payload that gzips to 1 KB) kept a server thread busy for minutes.
   */
  public static final int MAX_ELEMENT_DEPTH = 1000;

  private static final String MAX_DEPTH =
      "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";

  /**
   * One configured factory per thread (JAXP factories are not meant to be shared between threads).
   * Building a factory looks the JAXP implementation up on the class path and, for every feature
   * set, instantiates a parser to check it: a receiving gateway spent about 2 % of its CPU there
   * when each document's validation built four of them (JFR, docs/benchmarks.md).
   */
  private static final ThreadLocal<SAXParserFactory> SAX = ThreadLocal.withInitial(SafeXml::saxFactory);

  private static final ThreadLocal<DocumentBuilderFactory> DOM = ThreadLocal.withInitial(SafeXml::domFactory);

  /**
   * The JDK's own StAX factory, configured once per thread: {@code XMLInputFactory.newFactory()}
   * looks the implementation up on the class path on every call, which took 2.7 % of a receiving
   * gateway's CPU when the validation and the MLS answer each asked for one per document (JFR).
   */
  private static final ThreadLocal<XMLInputFactory> STAX = ThreadLocal.withInitial(SafeXml::staxFactory);

  private SafeXml() {}

  /** A streaming reader over {@code bytes}: no DTD, no external entities. */
  public static XMLStreamReader staxReader(byte[] bytes) throws XMLStreamException {
    return STAX.get().createXMLStreamReader(new java.io.ByteArrayInputStream(bytes));
  }

  private static XMLInputFactory staxFactory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return f;
  }

  /** A new parser of {@link #saxFactory()}'s settings with the depth limit ({@link #limitDepth}). */
  public static javax.xml.parsers.SAXParser saxParser() throws ParserConfigurationException, SAXException {
    javax.xml.parsers.SAXParser parser = SAX.get().newSAXParser();
    limitDepth(parser);
    return parser;
  }

  /** Limits element nesting; call after every {@code reset()}, which drops the setting. */
  public static void limitDepth(javax.xml.parsers.SAXParser parser) throws SAXException {
    parser.setProperty(MAX_DEPTH, Integer.toString(MAX_ELEMENT_DEPTH));
  }

  /** True when a parse failure was caused by {@link #MAX_ELEMENT_DEPTH}. */
  public static boolean isDepthRefusal(Exception e) {
    return String.valueOf(e.getMessage()).contains("JAXP00010006");
  }

  /** A new factory with these settings; {@link #saxParser()} reuses one per thread. */
  public static SAXParserFactory saxFactory() {
    try {
      SAXParserFactory f = SAXParserFactory.newInstance();
      f.setNamespaceAware(true);
      f.setValidating(false);
      f.setXIncludeAware(false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature(DISALLOW_DOCTYPE, true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      return f;
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
    }
  }

  /** A new factory with these settings; {@link #documentBuilder()} reuses one per thread. */
  public static DocumentBuilderFactory domFactory() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setValidating(false);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature(DISALLOW_DOCTYPE, true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setAttribute(MAX_DEPTH, Integer.toString(MAX_ELEMENT_DEPTH));
      return f;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
    }
  }

  /**
   * A document builder from {@link #domFactory()} that reports parse errors only by throwing: the
   * JDK's default error handler also prints each one to stderr ({@code [Fatal Error] :1:16: ...}),
   * which would put the text of hostile or broken input into the log next to our own line.
   */
  public static javax.xml.parsers.DocumentBuilder documentBuilder() throws ParserConfigurationException {
    javax.xml.parsers.DocumentBuilder b = DOM.get().newDocumentBuilder();
    b.setErrorHandler(SILENT);
    return b;
  }

  private static final org.xml.sax.ErrorHandler SILENT =
      new org.xml.sax.ErrorHandler() {
        @Override
        public void warning(org.xml.sax.SAXParseException e) {
          // not an error: the document is still read
        }

        @Override
        public void error(org.xml.sax.SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
          throw e;
        }
      };

  /** True when a parse failure was caused by a DOCTYPE (so the message can say so plainly). */
  public static boolean isDoctypeRefusal(Exception e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("DOCTYPE") || m.contains("disallow-doctype-decl");
  }
}
