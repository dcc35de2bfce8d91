package se.peppolgw.ap.sbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.testkit.SharedTestData;

class SbdInspectorTest {
  static final String NS = SbdInspector.SBDH_NS;
  static final String HEADER = "<StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion></StandardBusinessDocumentHeader>";

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void realInvoiceIsExtractedByteForByteWithIndexedFields() throws Exception {
    byte[] invoice = SharedTestData.read(SharedTestData.INVOICE);
    byte[] sbd = SbdWriter.write(
        new SbdWriter.Header("0088:1", "0007:2", DocumentTypeAliases.expand("invoice"),
            "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0", "SE", "i-1", Instant.now(),
            "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "Invoice"),
        invoice);
    InspectedSbd r = SbdInspector.inspect(sbd);
    assertTrue(r.byteExact());
    assertArrayEquals(SbdWriter.bodyOf(invoice), r.document());
    assertTrue(r.documentOffset() > 0);
    assertArrayEquals(r.document(), java.util.Arrays.copyOfRange(sbd, r.documentOffset(), r.documentOffset() + r.document().length));
    assertEquals("Invoice", r.rootLocalName());
    assertEquals("Snippet1", r.businessId());
    assertEquals("0150abc", r.buyerRef());
    assertEquals("urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0", r.customizationId());
  }

  @Test
  void nonAsciiCrLfAndEmojiKeepTheirBytes() throws Exception {
    String doc = "<Invoice xmlns=\"urn:x\" xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">\r\n"
        + "  <cbc:ID>Å-1 😀</cbc:ID>\r\n  <cbc:Note>räksmörgås &amp; 😀😀 &lt;ok&gt;</cbc:Note>\r\n</Invoice>";
    String sbd = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<StandardBusinessDocument xmlns=\"" + NS + "\">\r\n"
        + HEADER + "\r\n" + doc + "\r\n</StandardBusinessDocument>";
    InspectedSbd r = SbdInspector.inspect(utf8(sbd));
    assertTrue(r.byteExact());
    assertArrayEquals(utf8(doc), r.document());
    assertEquals("Å-1 😀", r.businessId());
  }

  @Test
  void oneLineWithByteOrderMarkAndAstralCharactersBeforeTheDocument() throws Exception {
    String doc = "<Invoice xmlns=\"urn:x\"><ID>😀é</ID></Invoice>";
    // everything on one line (as many senders minify); astral chars count two columns
    // (a lone CR is not tested: the JDK parser's column after one is off by one, so such an SBD
    // falls back to re-serialising the document, as before)
    String header = HEADER.replace("</StandardBusinessDocumentHeader>", "<!-- 😀😀 räksmörgås 😀 --></StandardBusinessDocumentHeader>");
    String sbd = "<StandardBusinessDocument xmlns=\"" + NS + "\">" + header + doc + "</StandardBusinessDocument>";
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] withBom = new byte[bom.length + utf8(sbd).length];
    System.arraycopy(bom, 0, withBom, 0, 3);
    System.arraycopy(utf8(sbd), 0, withBom, 3, utf8(sbd).length);
    for (byte[] input : new byte[][] {utf8(sbd), withBom}) {
      InspectedSbd r = SbdInspector.inspect(input);
      assertTrue(r.byteExact());
      assertArrayEquals(utf8(doc), r.document());
      String headerOnly = new String(r.headerOnlySbd(), java.nio.charset.StandardCharsets.UTF_8).replace("\uFEFF", "");
      assertEquals("<StandardBusinessDocument xmlns=\"" + NS + "\">" + header + "<Invoice xmlns=\"urn:x\"/></StandardBusinessDocument>", headerOnly);
    }
  }

  @Test
  void aPrefixDeclaredOnANestedElementIsNotInScopeAfterThatElementCloses() throws Exception {
    // p is bound on the SBD root and again on <a>; after </a> the document's <p:c> relies on the
    // SBD's binding, so the document cannot stand alone as sliced
    String doc = "<Doc xmlns=\"urn:x\"><a xmlns:p=\"urn:p\"><p:b/></a><p:c/></Doc>";
    String sbd = "<StandardBusinessDocument xmlns=\"" + NS + "\" xmlns:p=\"urn:p\">" + HEADER + doc
        + "</StandardBusinessDocument>";
    InspectedSbd outer = SbdInspector.inspect(utf8(sbd));
    assertFalse(outer.byteExact());
    assertEquals(-1, outer.documentOffset());
    assertTrue(new String(outer.document(), StandardCharsets.UTF_8).contains("urn:p"));

    // the same prefix used only inside <a> is self-contained
    String inner = "<Doc xmlns=\"urn:x\"><a xmlns:p=\"urn:p\"><p:b/></a><c/></Doc>";
    InspectedSbd r = SbdInspector.inspect(utf8(sbd.replace(doc, inner)));
    assertTrue(r.byteExact());
    assertArrayEquals(utf8(inner), r.document());
  }

  @Test
  void emptyElementAsDocument() throws Exception {
    String sbd = "<StandardBusinessDocument xmlns=\"" + NS + "\">" + HEADER + "<x:Doc xmlns:x=\"urn:x\" a=\"1&gt;2\"/></StandardBusinessDocument>";
    InspectedSbd r = SbdInspector.inspect(utf8(sbd));
    assertTrue(r.byteExact());
    assertEquals("<x:Doc xmlns:x=\"urn:x\" a=\"1&gt;2\"/>", new String(r.document(), StandardCharsets.UTF_8));
  }

  @Test
  void documentRelyingOnOuterNamespacesIsReserializedToStandAlone() throws Exception {
    String sbd = "<sh:StandardBusinessDocument xmlns:sh=\"" + NS + "\" xmlns:cbc=\"urn:cbc\" xmlns=\"urn:inv\">"
        + "<sh:StandardBusinessDocumentHeader><sh:HeaderVersion>1.0</sh:HeaderVersion></sh:StandardBusinessDocumentHeader>"
        + "<Invoice><cbc:ID>1</cbc:ID></Invoice></sh:StandardBusinessDocument>";
    InspectedSbd r = SbdInspector.inspect(utf8(sbd));
    assertFalse(r.byteExact(), "a byte slice would lose the namespace declarations");
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(r.document()));
    assertEquals("urn:inv", d.getDocumentElement().getNamespaceURI());
    assertEquals("urn:cbc", d.getDocumentElement().getFirstChild().getNamespaceURI());
  }

  @Test
  void nonUtf8DocumentGetsItsDeclaration() throws Exception {
    Charset latin1 = StandardCharsets.ISO_8859_1;
    String sbd = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><StandardBusinessDocument xmlns=\"" + NS + "\">"
        + HEADER + "<Doc xmlns=\"urn:x\">åäö</Doc></StandardBusinessDocument>";
    InspectedSbd r = SbdInspector.inspect(sbd.getBytes(latin1));
    String out = new String(r.document(), latin1);
    assertTrue(out.startsWith("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"), out);
    assertTrue(out.endsWith("<Doc xmlns=\"urn:x\">åäö</Doc>"), out);
    assertEquals(-1, r.documentOffset(), "with its declaration it is no plain slice of the SBD");
  }

  @Test
  void structureErrorsAreNamed() {
    assertEquals("The SBD carries 2 business documents; exactly one is allowed",
        assertThrows(SbdFormatException.class, () -> SbdInspector.inspect(utf8(
            "<StandardBusinessDocument xmlns=\"" + NS + "\">" + HEADER + "<a xmlns=\"urn:a\"/><b xmlns=\"urn:b\"/></StandardBusinessDocument>"))).getMessage());
    assertTrue(assertThrows(SbdFormatException.class, () -> SbdInspector.inspect(utf8("<Invoice xmlns=\"urn:x\"/>")))
        .getMessage().contains("not a Standard Business Document"));
    assertTrue(assertThrows(SbdFormatException.class, () -> SbdInspector.inspect(utf8(
            "<StandardBusinessDocument xmlns=\"" + NS + "\">" + HEADER + "</StandardBusinessDocument>")))
        .getMessage().contains("no business document"));
    assertTrue(assertThrows(SbdFormatException.class, () -> SbdInspector.inspect(utf8(
            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/hostname\">]><StandardBusinessDocument xmlns=\"" + NS + "\">&e;</StandardBusinessDocument>")))
        .getMessage().contains("DOCTYPE"));
    assertTrue(assertThrows(SbdFormatException.class, () -> SbdInspector.inspect(utf8("<StandardBusinessDocument")))
        .getMessage().contains("not well-formed"));
  }
}
