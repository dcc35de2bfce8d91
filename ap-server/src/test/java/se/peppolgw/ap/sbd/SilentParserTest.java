package se.peppolgw.ap.sbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXParseException;

/** Broken XML is refused by an exception only: no "[Fatal Error] :1:16:" line on stderr. */
class SilentParserTest {
  @Test
  void brokenXmlThrowsWithoutPrintingToStderr() throws Exception {
    PrintStream before = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    SAXParseException e;
    try {
      var builder = SafeXml.documentBuilder();
      e = assertThrows(SAXParseException.class,
          () -> builder.parse(new ByteArrayInputStream("<a><b></a>".getBytes(StandardCharsets.UTF_8))));
    } finally {
      System.setErr(before);
    }
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    assertEquals("", captured.toString(StandardCharsets.UTF_8));
  }

  @Test
  void wellFormedXmlIsStillRead() throws Exception {
    var d = SafeXml.documentBuilder().parse(new ByteArrayInputStream("<a><b/></a>".getBytes(StandardCharsets.UTF_8)));
    assertEquals("a", d.getDocumentElement().getLocalName());
  }
}
