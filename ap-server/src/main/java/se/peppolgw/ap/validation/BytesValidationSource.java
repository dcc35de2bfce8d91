package se.peppolgw.ap.validation;

import com.helger.phive.xml.source.IValidationSourceXML;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.Source;
import javax.xml.transform.sax.SAXSource;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import se.peppolgw.ap.sbd.SafeXml;

/**
 * The document to validate as its bytes: every rule set step gets its own parse of them through
 * the gateway's hardened parser ({@link SafeXml}: no DOCTYPE, no external entities, depth limit).
 *
 * <p>Why not phive's {@code ValidationSourceXML} around a DOM: Saxon runs the Schematron XSLTs on
 * a DOM through a wrapper, navigating the Xerces tree node by node, which made the two BIS
 * Schematrons of an invoice cost several times what they cost on Saxon's own tree. Given a
 * {@link SAXSource}, Saxon builds its tree (a TinyTree) in one pass and runs the rules on that;
 * the XSD step streams the same bytes through the JDK validator instead of walking a DOM. The
 * rules, the document and so the findings are the same; XSD findings gain line numbers.
 *
 * <p>A DOM is still built on request ({@link #getNode()}) for anything in phive that wants one.
 */
final class BytesValidationSource implements IValidationSourceXML {
  private final byte[] bytes;
  private Node node;

  BytesValidationSource(byte[] bytes) {
    this.bytes = bytes;
  }

  @Override
  public String getValidationSourceTypeID() {
    return VALIDATION_SOURCE_TYPE;
  }

  @Override
  public String getSystemID() {
    return null;
  }

  @Override
  public boolean isPartialSource() {
    return false;
  }

  /** A new source each call: a SAX source can be read once. */
  @Override
  public Source getAsTransformSource() {
    XMLReader reader;
    try {
      var parser = SafeXml.saxParser();
      reader = parser.getXMLReader();
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("cannot create the XML parser", e);
    }
    return new SAXSource(reader, new InputSource(new ByteArrayInputStream(bytes)));
  }

  @Override
  public synchronized Node getNode() {
    if (node == null) {
      try {
        node = SafeXml.documentBuilder().parse(new ByteArrayInputStream(bytes));
      } catch (ParserConfigurationException | SAXException e) {
        throw new IllegalStateException("the document is not well-formed: " + e.getMessage(), e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return node;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes);
  }

  @Override
  public String getContentAsString(Charset charset) {
    return new String(bytes, charset);
  }
}
