package se.peppolgw.ap.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.diver.api.coord.DVRCoordinate;
import com.helger.phive.xml.source.ValidationSourceXML;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import se.peppolgw.ap.sbd.SafeXml;
import se.peppolgw.ap.testkit.SharedTestData;

/**
 * The byte source must give exactly the verdicts the DOM source gave: every public BIS example and
 * broken variants of them (schema errors, code list errors, arithmetic errors) are validated both
 * ways and their findings compared one by one.
 */
class BytesValidationSourceTest {
  static final PeppolBisValidator VALIDATOR = new PeppolBisValidator();
  static final String INVOICE = SharedTestData.INVOICE;
  static final String ORDER = SharedTestData.ORDER;

  static Stream<Arguments> documents() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (String dir : List.of("peppol-bis/billing", "peppol-bis/poacc")) {
      try (Stream<Path> files = Files.list(SharedTestData.dir().resolve(dir))) {
        for (Path f : files.sorted().toList()) {
          out.add(Arguments.of(dir + "/" + f.getFileName(), Files.readAllBytes(f)));
        }
      }
    }
    String invoice = new String(SharedTestData.read(INVOICE), StandardCharsets.UTF_8);
    String order = new String(SharedTestData.read(ORDER), StandardCharsets.UTF_8);
    out.add(Arguments.of("invoice without IssueDate (schema)", utf8(invoice.replaceFirst("<cbc:IssueDate>[^<]*</cbc:IssueDate>", ""))));
    out.add(Arguments.of("invoice with an unknown element (schema)", utf8(invoice.replaceFirst("<cbc:IssueDate>", "<cbc:Bogus>1</cbc:Bogus><cbc:IssueDate>"))));
    out.add(Arguments.of("invoice in currency XXX (code list)", utf8(invoice.replace(">EUR<", ">XXX<"))));
    out.add(Arguments.of("invoice with wrong totals (arithmetic)", utf8(invoice.replaceFirst("<cbc:PayableAmount currencyID=\"EUR\">[^<]*<", "<cbc:PayableAmount currencyID=\"EUR\">1.00<"))));
    out.add(Arguments.of("order without buyer endpoint", utf8(order.replaceFirst("<cbc:EndpointID[^>]*>[^<]*</cbc:EndpointID>", ""))));
    out.add(Arguments.of("order with a bad date", utf8(order.replaceFirst("<cbc:IssueDate>[^<]*<", "<cbc:IssueDate>2013-02-30<"))));
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void findingsAreTheSameAsWithTheDomSource(String name, byte[] bytes) throws Exception {
    Document dom = SafeXml.domFactory().newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
    Element root = dom.getDocumentElement();
    String cid = customizationId(root);
    DVRCoordinate id;
    try {
      id = VALIDATOR.ruleSetFor(root.getLocalName(), cid);
    } catch (NoRuleSetException e) {
      return; // an example outside the BIS 3 rule sets this gateway sends (e.g. a sales order)
    }
    var ves = VALIDATOR.executorSet(id);
    List<ValidationFinding> domErrors = new ArrayList<>();
    List<ValidationFinding> domWarnings = new ArrayList<>();
    PeppolBisValidator.run(ves, ValidationSourceXML.create(null, dom), domErrors, domWarnings);
    List<ValidationFinding> byteErrors = new ArrayList<>();
    List<ValidationFinding> byteWarnings = new ArrayList<>();
    PeppolBisValidator.run(ves, new BytesValidationSource(bytes), byteErrors, byteWarnings);

    assertEquals(comparable(domErrors), comparable(byteErrors), name + ": errors");
    assertEquals(comparable(domWarnings), comparable(byteWarnings), name + ": warnings");
    ValidationReport report = VALIDATOR.validate(root.getLocalName(), cid, bytes);
    assertEquals(comparable(domErrors), comparable(report.errors()), name + ": validate()");
    for (ValidationFinding f : byteErrors) {
      if (schema(f)) {
        assertEquals("XSD", f.ruleId(), f.toString());
        assertTrue(f.location() != null && !f.location().isBlank(), f.toString());
      }
    }
    if (!name.contains("/")) {
      assertFalse(domErrors.isEmpty(), name + " was meant to be invalid");
    }
  }

  @Test
  void brokenXmlIsOneFinding() throws Exception {
    ValidationReport r =
        VALIDATOR.validate(
            "Invoice",
            "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
            "<Invoice xmlns='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'>".getBytes(StandardCharsets.UTF_8));
    assertEquals(1, r.errors().size());
    assertTrue(r.errors().get(0).message().startsWith("not well-formed XML"), r.errors().toString());
  }

  @Test
  void doctypeIsRefusedByEveryParse() {
    BytesValidationSource s =
        new BytesValidationSource(
            "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>".getBytes(StandardCharsets.UTF_8));
    assertThrowsAny(s::getNode);
    assertThrowsAny(
        () -> {
          var src = (javax.xml.transform.sax.SAXSource) s.getAsTransformSource();
          src.getXMLReader().parse(src.getInputSource());
          return null;
        });
  }

  /**
   * Rule id, severity, text and location. Schema (XSD) findings are compared by severity and text
   * only: from a DOM they had no location, so they were labelled {@code RULE}; from the byte stream
   * they carry line and column and are labelled {@code XSD}, as {@link PeppolBisValidator} meant.
   */
  static List<String> comparable(List<ValidationFinding> fs) {
    return fs.stream()
        .map(f -> schema(f)
            ? "schema | " + f.severity() + " | " + f.message()
            : f.ruleId() + " | " + f.severity() + " | " + f.message() + " | " + f.location())
        .toList();
  }

  static boolean schema(ValidationFinding f) {
    return f.message() != null && f.message().startsWith("[SAX] cvc-");
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String customizationId(Element root) {
    for (var n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getLocalName().equals("CustomizationID")) {
        return e.getTextContent().trim();
      }
    }
    return null;
  }

  static void assertThrowsAny(java.util.concurrent.Callable<?> c) {
    try {
      c.call();
    } catch (Exception expected) {
      return;
    }
    throw new AssertionError("expected the DOCTYPE to be refused");
  }
}
