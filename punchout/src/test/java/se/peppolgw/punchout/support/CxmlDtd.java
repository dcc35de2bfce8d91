package se.peppolgw.punchout.support;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * Validates cXML against ../shared/testdata/cxml/1.2.071/cXML.dtd. Any SYSTEM id naming cXML.dtd resolves to
 * that local file; anything else resolves to nothing: no DTD is ever fetched.
 */
public final class CxmlDtd {
  private CxmlDtd() {
  }

  public static Path sharedDir() {
    String prop = System.getProperty("gateway.shared.dir");
    if (prop != null && Files.isDirectory(Path.of(prop))) {
      return Path.of(prop);
    }
    return Path.of(System.getProperty("user.dir")).resolve("../../shared").normalize();
  }

  public static Path dtd() {
    return sharedDir().resolve("testdata/cxml/1.2.071/cXML.dtd");
  }

  /** @return the validation errors (empty = valid) */
  public static List<String> validate(String xml) {
    List<String> errors = new ArrayList<>();
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setValidating(true);
      f.setNamespaceAware(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setEntityResolver((publicId, systemId) -> {
        if (systemId != null && systemId.endsWith("/cXML.dtd")) {
          InputSource in = new InputSource(Files.newInputStream(dtd()));
          in.setSystemId(dtd().toUri().toString());
          return in;
        }
        return new InputSource(new StringReader(""));
      });
      b.setErrorHandler(new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) {
          errors.add(e.getLineNumber() + ": " + e.getMessage());
        }

        @Override
        public void fatalError(SAXParseException e) {
          errors.add(e.getLineNumber() + ": " + e.getMessage());
        }
      });
      Document d = b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
      if (d.getDoctype() == null) {
        errors.add("no DOCTYPE");
      }
    } catch (Exception e) {
      errors.add(e.toString());
    }
    return errors;
  }

  public static Document parse(String xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      DocumentBuilder b = f.newDocumentBuilder();
      b.setEntityResolver((p, s) -> new InputSource(new StringReader("")));
      return b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
