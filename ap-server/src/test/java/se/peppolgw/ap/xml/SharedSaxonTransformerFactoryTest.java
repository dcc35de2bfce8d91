package se.peppolgw.ap.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.base.CGlobal;
import com.helger.xml.transform.XMLTransformerFactory;
import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.URIResolver;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SharedSaxonTransformerFactoryTest {
  private static final String TF = "javax.xml.transform.TransformerFactory";
  private String before;

  @BeforeEach
  void pin() {
    before = System.getProperty(TF);
    System.setProperty(TF, SharedSaxonTransformerFactory.class.getName());
  }

  @AfterEach
  void unpin() {
    if (before == null) {
      System.clearProperty(TF);
    } else {
      System.setProperty(TF, before);
    }
  }

  /** What phase4's AS4XMLHelper and DataContentHandlerSoap12 do for every SOAP envelope. */
  private static TransformerFactory likePhase4() {
    TransformerFactory f = XMLTransformerFactory.createTransformerFactory(null, null);
    XMLTransformerFactory.makeTransformerFactorySecure(f, CGlobal.EMPTY_STRING_ARRAY);
    return f;
  }

  @Test
  void phase4CallSequenceSharesOneConfigurationAndSerialisesCorrectly() throws Exception {
    TransformerFactory a = likePhase4();
    TransformerFactory b = likePhase4();
    assertTrue(a instanceof SharedSaxonTransformerFactory, a.getClass().getName());
    assertTrue(((SharedSaxonTransformerFactory) a).isShared());
    assertSame(((SharedSaxonTransformerFactory) a).getConfiguration(), ((SharedSaxonTransformerFactory) b).getConfiguration());
    assertTrue(a.getFeature(XMLConstants.FEATURE_SECURE_PROCESSING), "secure processing applied");

    Document d = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().newDocument();
    Element root = d.createElementNS("urn:x", "x:Receipt");
    root.setTextContent("å & <ok>");
    d.appendChild(root);
    StringWriter out = new StringWriter();
    a.newTransformer().transform(new DOMSource(d), new StreamResult(out));
    assertTrue(out.toString().endsWith("<x:Receipt xmlns:x=\"urn:x\">å &amp; &lt;ok&gt;</x:Receipt>"), out.toString());
  }

  @Test
  void oneInstancesSettingsNeverReachAnother() throws Exception {
    TransformerFactory secure = likePhase4();
    TransformerFactory plain = TransformerFactory.newInstance();
    assertTrue(secure.getFeature(XMLConstants.FEATURE_SECURE_PROCESSING));
    assertFalse(plain.getFeature(XMLConstants.FEATURE_SECURE_PROCESSING), "a new factory starts plain");
    assertNotSame(((SharedSaxonTransformerFactory) secure).getConfiguration(), ((SharedSaxonTransformerFactory) plain).getConfiguration());

    URIResolver resolver = (href, base) -> null;
    TransformerFactory custom = TransformerFactory.newInstance();
    custom.setURIResolver(resolver);
    assertFalse(((SharedSaxonTransformerFactory) custom).isShared(), "a URI resolver needs a private Configuration");
    assertSame(resolver, custom.getURIResolver());
    assertNull(TransformerFactory.newInstance().getURIResolver(), "the resolver did not leak");

    TransformerFactory attr = TransformerFactory.newInstance();
    attr.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "file");
    assertTrue(((SharedSaxonTransformerFactory) attr).isShared());
    assertEquals("file", attr.getAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET));
    assertNotSame("file", TransformerFactory.newInstance().getAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET));
  }

  @Test
  void aSettingSaxonRejectsIsRejectedAndChangesNothing() throws Exception {
    SharedSaxonTransformerFactory f = (SharedSaxonTransformerFactory) likePhase4();
    Object config = f.getConfiguration();
    TransformerConfigurationException e =
        assertThrows(TransformerConfigurationException.class, () -> f.setFeature("urn:no-such-feature", true));
    assertTrue(e.getMessage().contains("urn:no-such-feature"), e.getMessage());
    assertSame(config, f.getConfiguration());
    assertTrue(f.isShared());
    assertThrows(IllegalArgumentException.class, () -> f.setAttribute("urn:no-such-attribute", "x"));
    assertSame(config, f.getConfiguration());
  }

  @Test
  void aNonSimpleAttributeValueDetaches() {
    SharedSaxonTransformerFactory f = (SharedSaxonTransformerFactory) TransformerFactory.newInstance();
    Object shared = f.getConfiguration();
    f.setAttribute(net.sf.saxon.lib.FeatureKeys.CONFIGURATION, new net.sf.saxon.Configuration());
    assertFalse(f.isShared());
    assertNotSame(shared, f.getConfiguration());
  }
}
