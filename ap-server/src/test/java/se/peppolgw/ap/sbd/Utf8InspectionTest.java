package se.peppolgw.ap.sbd;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.testkit.SharedTestData;

/**
 * The UTF-8 fast path must give exactly the SAX pass's answer whenever it gives one, and leave
 * everything it cannot be sure of (and every refusal) to the SAX pass.
 */
class Utf8InspectionTest {
  static final String NS = SbdInspector.SBDH_NS;
  static final String HEADER =
      "<StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion></StandardBusinessDocumentHeader>";
  static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
  static final String CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String sbd(String doc) {
    return "<StandardBusinessDocument xmlns=\"" + NS + "\">" + HEADER + doc + "</StandardBusinessDocument>";
  }

  static byte[] invoiceSbd() {
    byte[] invoice = SharedTestData.read(SharedTestData.INVOICE);
    return SbdWriter.write(
        new SbdWriter.Header("0088:1", "0007:2", DocumentTypeAliases.expand("invoice"),
            "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0", "SE", "i-1", Instant.now(),
            "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "Invoice"),
        invoice);
  }

  /** Everything an inspection says, or the refusal's message. */
  static String outcome(Inspection how, byte[] sbd) {
    try {
      InspectedSbd r = how.inspect(sbd);
      return r == null
          ? "declined"
          : "document=" + new String(r.document(), StandardCharsets.ISO_8859_1) + " exact=" + r.byteExact()
              + " header=" + new String(r.headerOnlySbd(), StandardCharsets.ISO_8859_1) + " ns=" + r.rootNamespace()
              + " local=" + r.rootLocalName() + " customization=" + r.customizationId()
              + " profile=" + r.profileId() + " id=" + r.businessId() + " order=" + r.orderRef()
              + " buyer=" + r.buyerRef() + " offset=" + r.documentOffset();
    } catch (SbdFormatException e) {
      return "refused: " + e.getMessage();
    }
  }

  interface Inspection {
    InspectedSbd inspect(byte[] sbd) throws SbdFormatException;
  }

  /** Asserts the fast path answers (or declines) and that the public answer is the SAX pass's. */
  static void assertSame(byte[] sbd, boolean fastAnswers) {
    String sax = outcome(SbdInspector::inspectWithSax, sbd);
    String fast = outcome(Utf8Inspection::inspect, sbd);
    if (fastAnswers) {
      assertEquals(sax, fast, "the fast path must give the SAX pass's answer");
    } else {
      assertEquals("declined", fast, "the fast path must leave this to the SAX pass");
    }
    assertEquals(sax, outcome(SbdInspector::inspect, sbd));
  }

  static void assertSame(String sbd, boolean fastAnswers) {
    assertSame(utf8(sbd), fastAnswers);
  }

  static final String INVOICE =
      "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\" xmlns:cbc=\"" + CBC
          + "\" xmlns:cac=\"" + CAC + "\">"
          + "<cbc:CustomizationID>c1</cbc:CustomizationID><cbc:ProfileID> p1 </cbc:ProfileID>"
          + "<cbc:ID>Å-1 😀</cbc:ID><cac:OrderReference><cbc:ID>o<![CDATA[r&d]]>1</cbc:ID></cac:OrderReference>"
          + "<cbc:BuyerReference>b&amp;r<!-- c --></cbc:BuyerReference>"
          + "<cbc:Note a=\"1&gt;2\">räksmörgås &lt;ok&gt; <?pi x?></cbc:Note></Invoice>";

  @Test
  void answersForOrdinarySbdsExactlyAsTheSaxPass() {
    assertSame(invoiceSbd(), true);
    assertSame(sbd(INVOICE), true);
    // multi-byte characters before and inside the document, on one line and over CR LF lines
    assertSame(sbd(INVOICE).replace(HEADER, HEADER + "<!-- 😀 räksmörgås € -->"), true);
    assertSame(sbd(INVOICE.replace("><", ">\r\n  <")).replace("><", ">\r\n<"), true);
    // byte order mark, XML declaration in either case
    assertSame("\uFEFF" + sbd(INVOICE), true);
    assertSame("\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n" + sbd(INVOICE), true);
    assertSame("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n" + sbd(INVOICE), true);
    // comments, processing instructions, CDATA and white space around the document
    assertSame(sbd("<!--a--><?p d?>\n<![CDATA[ ]]>&#32;" + INVOICE + "<!--b--> <?q?>\n") + "<!--e--><?f?>\n", true);
    assertSame("<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"a.xsl\"?>\n" + sbd(INVOICE), true);
    // a self-closing document with '>' in attribute values
    assertSame(sbd("<x:Doc xmlns:x=\"urn:x\" a=\"1&gt;2\" b='>' c=\"&#x3e;\"/>"), true);
    assertSame(sbd("<Doc xmlns=\"urn:x\"></Doc >"), true);
  }

  @Test
  void largeSbdsTakeTheFastPathThroughInspect() {
    // inspect() asks the fast path only from MIN_BYTES on; below, the SAX pass is as fast
    String lines = "<cbc:Note>räksmörgås 😀 &amp; <![CDATA[<x>]]></cbc:Note>\r\n".repeat(800);
    String large = "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
        + sbd(INVOICE.replace("<cbc:Note ", lines + "<cbc:Note "));
    assertTrue(utf8(large).length > 2 * Utf8Inspection.MIN_BYTES);
    assertSame(large, true);
    InspectedSbd r = assertDoesNotThrow(() -> SbdInspector.inspect(utf8(large)));
    assertTrue(r.byteExact());
    assertEquals("Å-1 😀", r.businessId());
    assertEquals("o" + "r&d" + "1", r.orderRef());
  }

  @Test
  void aDocumentUsingTheSbdsNamespaceDeclarationsIsReserializedAsByTheSaxPass() {
    String sbd =
        "<sh:StandardBusinessDocument xmlns:sh=\"" + NS + "\" xmlns:cbc=\"urn:cbc\" xmlns=\"urn:inv\">"
            + "<sh:StandardBusinessDocumentHeader><sh:HeaderVersion>1.0</sh:HeaderVersion></sh:StandardBusinessDocumentHeader>"
            + "<Invoice><cbc:ID>1</cbc:ID></Invoice></sh:StandardBusinessDocument>";
    assertSame(sbd, true);
    assertSame(sbd.replace("<Invoice>", "<Invoice xmlns:cbc=\"urn:cbc\">"), true);
    String nested = "<Doc xmlns=\"urn:x\"><a xmlns:p=\"urn:p\"><p:b/></a><p:c/></Doc>";
    assertSame(sbd(nested).replace("<StandardBusinessDocument ", "<StandardBusinessDocument xmlns:p=\"urn:p\" "), true);
  }

  @Test
  void structureErrorsComeWithTheSameMessages() {
    assertSame(sbd("<a xmlns=\"urn:a\"/><b xmlns=\"urn:b\"/>"), true);
    assertSame(sbd(""), true);
    assertSame("<Invoice xmlns=\"urn:x\"/>", true);
    assertSame(sbd("x<Doc xmlns=\"urn:x\"/>"), true);
    assertSame(sbd("<Doc xmlns=\"urn:x\"/>").replace(HEADER, "<Other/>"), true);
  }

  @Test
  void leavesOtherEncodingsAndDeclarationsToTheSaxPass() {
    String doc = sbd("<Doc xmlns=\"urn:x\">åäö</Doc>");
    assertSame(("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + doc).getBytes(StandardCharsets.ISO_8859_1), false);
    assertSame(doc.getBytes(StandardCharsets.UTF_16), false);
    assertSame(doc.getBytes(StandardCharsets.UTF_16LE), false);
    assertSame("<?xml version=\"1.0\" encoding=\"US-ASCII\"?>" + sbd("<Doc xmlns=\"urn:x\"/>"), false);
    assertSame("<?xml version=\"1.0\" encoding=\"UTF8\"?>" + sbd("<Doc xmlns=\"urn:x\"/>"), false);
    assertSame("<?xml version=\"1.1\"?>" + sbd("<Doc xmlns=\"urn:x\"/>"), false);
    // Latin-1 bytes that claim to be UTF-8: not well-formed
    assertSame(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + doc).getBytes(StandardCharsets.ISO_8859_1), false);
  }

  @Test
  void leavesWhatTheJdkParserPositionsDifferentlyToTheSaxPass() {
    // a lone CR, and a first processing instruction named xml...: the SAX pass's columns are off
    // and it re-serialises; the fast path would cut exactly, so it must not answer
    assertSame(sbd("\r<Doc xmlns=\"urn:x\"><ID>1</ID></Doc>"), false);
    assertSame("<?xml-stylesheet href=\"a.xsl\"?>" + sbd("<Doc xmlns=\"urn:x\"/>"), false);
  }

  @Test
  void refusalsComeFromTheSaxPass() {
    assertSame("<StandardBusinessDocument", false);
    assertSame(sbd("<Doc xmlns=\"urn:x\"><a></b></Doc>"), false);
    assertSame(sbd("<Doc xmlns=\"urn:x\"><p:a/></Doc>"), false);
    assertSame(sbd("<Doc xmlns=\"urn:x\">&foo;</Doc>"), false);
    assertSame(sbd("<Doc xmlns=\"urn:x\" a=\"1\" a=\"2\"/>"), false);
    assertSame(sbd("<Doc xmlns=\"urn:x\">\u0001</Doc>"), false);
    assertSame(sbd("<Doc xmlns=\"urn:x\">\uFFFE</Doc>"), false);
    assertSame(sbd("<Doc xmlns=\"urn:x\">]]></Doc>"), false);
    assertSame(sbd("<Doc xmlns=\"urn:x\"/>") + "x", false);
    // forms Aalto accepts and the JDK parser does not
    assertSame(sbd("<Doc xmlns=\"urn:x\" xmlns:p=\"\"/>"), false);
    assertSame(sbd("<Doc xmlns:=\"urn:x\"/>"), false);
    assertSame(sbd("<Doc xmlns=\"urn:x\" xmlns:p=\"urn:p\"><p:3a/></Doc>"), false);
    assertSame(sbd("<Doc xmlns=\"urn:x\" xmlns:p=\"urn:p\"><p: /></Doc>"), false);
    for (int[] bytes : new int[][] {{0xC0, 0xBC}, {0xE0, 0x80, 0xBC}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xED, 0xA0, 0x80}}) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.writeBytes(utf8(sbd("<Doc xmlns=\"urn:x\">").replace("</StandardBusinessDocument>", "")));
      for (int x : bytes) {
        b.write(x);
      }
      b.writeBytes(utf8("</Doc></StandardBusinessDocument>"));
      assertSame(b.toByteArray(), false);
      assertTrue(outcome(SbdInspector::inspect, b.toByteArray()).startsWith("refused: The payload is not well-formed XML"));
    }
  }

  @Test
  void namesAndLimitsTheFastPathDoesNotVouchFor() {
    // the JDK parser's secure-processing limits: 1000 characters in a name or namespace URI,
    // 10 000 attributes on an element
    assertSame(sbd("<Doc xmlns=\"urn:x\"><" + "n".repeat(1001) + "/></Doc>"), false);
    assertSame(sbd("<Doc xmlns=\"urn:x\"><" + "n".repeat(300) + "/></Doc>"), false);
    assertSame(sbd("<Doc xmlns=\"urn:" + "u".repeat(1001) + "\"/>"), false);
    assertSame(sbd("<Doc xmlns=\"urn:x\"><é/></Doc>"), false);
    StringBuilder attributes = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      attributes.append(" a").append(i).append("=\"").append(i).append('"');
    }
    assertSame(sbd("<Doc xmlns=\"urn:x\"" + attributes + "/>"), false);
    // namespace URIs with line breaks are normalised by the JDK parser, not by Aalto
    assertSame(sbd("<Doc xmlns=\"urn:\nx\"/>"), false);
    assertSame(sbd("<Doc xmlns=\"urn:&#10;x\"/>"), false);
    // many distinct names or namespace declarations
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < Utf8Inspection.MAX_DISTINCT_NAMES + 1; i++) {
      names.append("<n").append(i).append("/>");
    }
    assertSame(sbd("<Doc xmlns=\"urn:x\">" + names + "</Doc>"), false);
    StringBuilder declarations = new StringBuilder();
    for (int i = 0; i < Utf8Inspection.MAX_NAMESPACE_DECLARATIONS + 1; i++) {
      declarations.append("<e xmlns:p=\"urn:p\"/>");
    }
    assertSame(sbd("<Doc xmlns=\"urn:x\">" + declarations + "</Doc>"), false);
  }

  @Test
  void nestingTooDeepIsRefusedWithTheSameMessage() {
    for (int inner : new int[] {998, 999}) { // plus the SBD root and the document: 1000, 1001
      String doc = "<d xmlns=\"urn:d\">" + "<n>".repeat(inner) + "</n>".repeat(inner) + "</d>";
      assertSame(sbd(doc), inner == 998);
    }
    String deep = "<d xmlns=\"urn:d\">" + "<n>".repeat(100_000) + "</n>".repeat(100_000) + "</d>";
    assertEquals(
        "refused: The payload nests XML elements deeper than 1000 levels",
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> outcome(SbdInspector::inspect, utf8(sbd(deep)))));
  }

  @Test
  void doctypesAreRefusedBeforeAnythingInThemIsResolved() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger connections = new AtomicInteger();
      Thread accept =
          new Thread(
              () -> {
                while (true) {
                  try {
                    server.accept().close();
                    connections.incrementAndGet();
                  } catch (Exception e) {
                    return;
                  }
                }
              });
      accept.setDaemon(true);
      accept.start();
      String url = "http://127.0.0.1:" + server.getLocalPort() + "/x";
      StringBuilder laughs = new StringBuilder("<!DOCTYPE StandardBusinessDocument [<!ENTITY a0 \"lol\">");
      for (int i = 1; i < 30; i++) {
        laughs.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
      }
      laughs.append("]>");
      List<String> payloads =
          List.of(
              "<!DOCTYPE StandardBusinessDocument SYSTEM \"" + url + "\">" + sbd("<Doc xmlns=\"urn:x\"/>"),
              "<!DOCTYPE StandardBusinessDocument [<!ENTITY % p SYSTEM \"" + url + "\"> %p;]>" + sbd("<Doc xmlns=\"urn:x\"/>"),
              "<!DOCTYPE StandardBusinessDocument [<!ENTITY e SYSTEM \"" + url + "\">]>" + sbd("<Doc xmlns=\"urn:x\">&e;</Doc>"),
              "<!DOCTYPE StandardBusinessDocument [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>" + sbd("<Doc xmlns=\"urn:x\">&e;</Doc>"),
              laughs + sbd("<Doc xmlns=\"urn:x\">&a29;</Doc>"));
      for (String payload : payloads) {
        assertSame(payload, false);
        String refusal =
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> outcome(SbdInspector::inspect, utf8(payload)));
        assertTrue(refusal.startsWith("refused: The payload contains a DOCTYPE declaration"), refusal);
      }
      Thread.sleep(100);
      assertEquals(0, connections.get(), "nothing may be fetched");
    }
  }

  @Test
  void manyAttributesOnOneElementAreRefusedQuickly() {
    // Aalto's duplicate checks are quadratic (15 s for these 100 000 attributes, a minute for
    // 50 000 namespace declarations); the pre-scan hands such tags to the JDK parser unread
    StringBuilder attributes = new StringBuilder("<Doc xmlns=\"urn:x\"");
    StringBuilder declarations = new StringBuilder("<Doc xmlns=\"urn:x\"");
    for (int i = 0; i < 100_000; i++) {
      attributes.append(" a").append(i).append("='1'");
      declarations.append(" xmlns:p").append(i).append("='urn:").append(i).append("'");
    }
    for (StringBuilder tag : List.of(attributes, declarations)) {
      byte[] sbd = utf8(sbd(tag + "/>"));
      assertFalse(Utf8Prescan.passes(sbd));
      String refusal = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> outcome(SbdInspector::inspect, sbd));
      assertTrue(refusal.startsWith("refused: The payload is not well-formed XML: JAXP00010002"), refusal);
    }
  }

  /**
   * Mutated SBDs, mostly still well-formed: whatever the fast path answers must be the SAX pass's
   * answer, byte for byte.
   */
  @Test
  void mutatedSbdsGetTheSaxPassesAnswer() {
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(utf8(sbd(INVOICE)));
    seeds.add(utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n" + sbd(INVOICE.replace("><", ">\r\n<"))));
    seeds.add(utf8("\uFEFF" + sbd("<!-- 😀 --><x:Doc xmlns:x=\"urn:x\" xmlns=\"urn:y\"><a b=\"&gt;\"/><x:c/></x:Doc>")));
    seeds.add(utf8("<sh:StandardBusinessDocument xmlns:sh=\"" + NS + "\" xmlns:p=\"urn:p\"><sh:StandardBusinessDocumentHeader/>"
        + "<Doc xmlns=\"urn:x\"><a xmlns:p=\"urn:p\"><p:b/></a><p:c/></Doc></sh:StandardBusinessDocument>"));
    String[] between = {"<!--c-->", "<?p x?>", "<![CDATA[<&>]]>", "\r\n", "\r", " ", "&#10;", "&amp;", "😀", "é", "<x/>",
        "<p:x xmlns:p='urn:p'/>", "<x xmlns='urn:q'><y/></x>", "t", "<cbc:ID xmlns:cbc='" + CBC + "'>n</cbc:ID>", "]]>", "&e;",
        "\u0001", "<", "</x>", "<?xml-s?>"};
    String[] inTag = {" a='1'", " xmlns:q='urn:q'", " xmlns:q='urn:\nq'", " q:a='1'", " xml:lang='en'", " b='&gt;'", " xmlns=''",
        " xmlns='urn:n'", " d='\r\n'", " xmlnsq:a='1' xmlns:xmlnsq='urn:x'", " xmlns:p=''", " a='1' a='2'", " p:"};
    Random random = new Random(7);
    int answered = 0;
    for (int round = 0; round < 3000; round++) {
      byte[] b = seeds.get(random.nextInt(seeds.size()));
      for (int k = 1 + random.nextInt(3); k > 0; k--) {
        int at = random.nextInt(b.length);
        while (at < b.length && b[at] != '>') {
          at++;
        }
        if (at == b.length) {
          continue;
        }
        boolean inStartTag = b[at - 1] != '/' && b[at - 1] != '?' && b[at - 1] != '-' && b[at - 1] != ']' && random.nextBoolean();
        int insertAt = inStartTag ? at : at + 1;
        String piece = inStartTag ? inTag[random.nextInt(inTag.length)] : between[random.nextInt(between.length)];
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(b, 0, insertAt);
        o.writeBytes(utf8(piece));
        o.write(b, insertAt, b.length - insertAt);
        b = o.toByteArray();
      }
      String fast = outcome(Utf8Inspection::inspect, b);
      if (!fast.equals("declined")) {
        answered++;
        assertEquals(outcome(SbdInspector::inspectWithSax, b), fast, new String(b, StandardCharsets.UTF_8));
      }
    }
    assertTrue(answered > 1000, "the fast path should answer for most of these, answered " + answered);
  }

  @Test
  void theBusinessDocumentIsTheSliceTheSaxPassCuts() throws Exception {
    byte[] sbd = invoiceSbd();
    InspectedSbd fast = Utf8Inspection.inspect(sbd);
    assertNotNull(fast);
    assertTrue(fast.byteExact());
    assertEquals(fast.documentOffset(), SbdInspector.inspectWithSax(sbd).documentOffset());
    assertEquals(
        new String(fast.document(), StandardCharsets.UTF_8),
        new String(Arrays.copyOfRange(sbd, fast.documentOffset(), fast.documentOffset() + fast.document().length), StandardCharsets.UTF_8));
    assertNull(Utf8Inspection.inspect(new byte[0]));
    assertThrows(SbdFormatException.class, () -> SbdInspector.inspect(new byte[0]));
  }
}
