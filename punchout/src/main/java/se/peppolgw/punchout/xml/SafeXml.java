package se.peppolgw.punchout.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parser for XML that comes from outside (cXML setup requests; the only XML the punch-out reads). It accepts
 * the DOCTYPE line every cXML document carries, but never loads the DTD or any external entity (no XXE, no
 * SSRF, no network at all), and it is bounded: at most {@value #MAX_BYTES} bytes, elements nested at most
 * {@value #MAX_ELEMENT_DEPTH} deep (cXML needs about 10; a 300,000-deep document would otherwise overflow the
 * stack of whoever walks the tree), at most {@value #MAX_ATTRIBUTES} attributes per element, names of at most
 * {@value #MAX_NAME_LENGTH} characters, at most {@value #MAX_ENTITY_EXPANSIONS} entity expansions of at most
 * {@value #MAX_ENTITY_SIZE} characters in all. The limits are the JDK parser's own ({@code jdk.xml.*}, set on
 * the factory), so they hold while parsing, before any tree exists. Always the JDK's built-in parser
 * ({@link DocumentBuilderFactory#newDefaultInstance()}), whatever else is on the class path.
 */
public final class SafeXml {
  public static final int MAX_BYTES = 4 * 1024 * 1024;
  public static final int MAX_ELEMENT_DEPTH = 64;
  public static final int MAX_ATTRIBUTES = 32;
  public static final int MAX_NAME_LENGTH = 256;
  public static final int MAX_ENTITY_EXPANSIONS = 100;
  public static final int MAX_ENTITY_SIZE = 10_000;

  private SafeXml() {
  }

  /**
   * @throws SAXException a malformed document, or one beyond a limit ({@link #limitExceeded} says which)
   */
  public static Document parse(byte[] body) throws IOException, SAXException {
    if (body.length > MAX_BYTES) {
      throw new SAXException("the document is larger than " + MAX_BYTES + " bytes");
    }
    return newBuilder().parse(new ByteArrayInputStream(body));
  }

  /**
   * A short, safe description of the limit a refused document hit ({@code "elements nested deeper than 64"}),
   * or empty when it was refused for another reason (not well-formed).
   */
  public static Optional<String> limitExceeded(SAXException e) {
    if (!(e instanceof SAXParseException) && e.getMessage() != null && e.getMessage().startsWith("the document is larger")) {
      return Optional.of(e.getMessage());
    }
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (m.contains("maxElementDepth")) {
      return Optional.of("elements nested deeper than " + MAX_ELEMENT_DEPTH);
    }
    if (m.contains("JAXP00010002")) {
      return Optional.of("more than " + MAX_ATTRIBUTES + " attributes on one element");
    }
    if (m.contains("JAXP00010001") || m.contains("JAXP00010003") || m.contains("JAXP00010004")
        || m.contains("JAXP00010007") || m.contains("EntitySizeLimit") || m.contains("entityReplacementLimit")) {
      return Optional.of("entity expansion beyond the limit");
    }
    if (m.contains("JAXP00010005") || m.contains("maxXMLNameLimit")) {
      return Optional.of("a name longer than " + MAX_NAME_LENGTH + " characters");
    }
    return Optional.empty();
  }

  private static DocumentBuilder newBuilder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
      f.setNamespaceAware(false);
      f.setValidating(false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      // the JDK parser's limits (JAXP "jdk.xml.*" properties), enforced while parsing
      f.setAttribute("jdk.xml.maxElementDepth", String.valueOf(MAX_ELEMENT_DEPTH));
      f.setAttribute("jdk.xml.elementAttributeLimit", String.valueOf(MAX_ATTRIBUTES));
      f.setAttribute("jdk.xml.maxXMLNameLimit", String.valueOf(MAX_NAME_LENGTH));
      f.setAttribute("jdk.xml.entityExpansionLimit", String.valueOf(MAX_ENTITY_EXPANSIONS));
      f.setAttribute("jdk.xml.totalEntitySizeLimit", String.valueOf(MAX_ENTITY_SIZE));
      f.setAttribute("jdk.xml.maxGeneralEntitySizeLimit", String.valueOf(MAX_ENTITY_SIZE));
      f.setAttribute("jdk.xml.maxParameterEntitySizeLimit", String.valueOf(MAX_ENTITY_SIZE));
      f.setAttribute("jdk.xml.entityReplacementLimit", String.valueOf(MAX_ENTITY_SIZE));
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder builder = f.newDocumentBuilder();
      // belt and braces: whatever the parser still asks for resolves to nothing
      builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }
      });
      return builder;
    } catch (ParserConfigurationException | IllegalArgumentException e) {
      throw new IllegalStateException("XML parser cannot be configured safely", e);
    }
  }
}
