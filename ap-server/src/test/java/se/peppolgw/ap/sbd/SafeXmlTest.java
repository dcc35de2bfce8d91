package se.peppolgw.ap.sbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xml.sax.Attributes;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The parsers made from the per-thread factories keep every hardening, call after call, refused
 * input or not, and threads parsing at once do not disturb each other.
 */
class SafeXmlTest {
  private static final String DOCTYPE =
      "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"boom\">]><a>&x;</a>";

  private static byte[] nested(int depth) {
    return ("<a>".repeat(depth) + "</a>".repeat(depth)).getBytes(StandardCharsets.UTF_8);
  }

  private static int elements(byte[] xml) throws Exception {
    AtomicInteger n = new AtomicInteger();
    SafeXml.saxParser().parse(new ByteArrayInputStream(xml), new DefaultHandler() {
      @Override
      public void startElement(String uri, String local, String q, Attributes a) {
        n.incrementAndGet();
      }
    });
    return n.get();
  }

  /**
   * The depth limit is also pinned JVM-wide (jdk.xml.maxElementDepth, by GatewayMain and by the
   * test JVM's configuration), so this checks the result a parser gives, not which setting gave it.
   */
  @Test
  void everyReusedParserRefusesADoctypeAndTooDeepNesting() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThrows(SAXParseException.class, () -> elements(DOCTYPE.getBytes(StandardCharsets.UTF_8)), "DOCTYPE, round " + i);
      SAXParseException deep = assertThrows(SAXParseException.class, () -> elements(nested(SafeXml.MAX_ELEMENT_DEPTH + 1)));
      assertTrue(SafeXml.isDepthRefusal(deep), deep.getMessage());
      assertEquals(SafeXml.MAX_ELEMENT_DEPTH, elements(nested(SafeXml.MAX_ELEMENT_DEPTH)), "the limit itself is accepted");
      assertThrows(SAXParseException.class, () -> SafeXml.documentBuilder()
          .parse(new ByteArrayInputStream(DOCTYPE.getBytes(StandardCharsets.UTF_8))), "DOM, DOCTYPE, round " + i);
      assertThrows(SAXParseException.class, () -> SafeXml.documentBuilder()
          .parse(new ByteArrayInputStream(nested(SafeXml.MAX_ELEMENT_DEPTH + 1))), "DOM, depth, round " + i);
    }
  }

  @Test
  void eachCallGivesANewParser() throws Exception {
    assertNotSame(SafeXml.saxParser(), SafeXml.saxParser());
    assertNotSame(SafeXml.documentBuilder(), SafeXml.documentBuilder());
  }

  @Test
  void threadsParseAtOnceWithoutDisturbingEachOther() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int depth = 10 + t;
        runs.add(pool.submit(() -> {
          int total = 0;
          for (int i = 0; i < 200; i++) {
            total += elements(nested(depth));
            total += SafeXml.documentBuilder().parse(new ByteArrayInputStream(nested(depth)))
                .getElementsByTagName("a").getLength();
          }
          return total;
        }));
      }
      for (int t = 0; t < 4; t++) {
        assertEquals(2 * 200 * (10 + t), runs.get(t).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theStaxReaderNeverExpandsAnEntityNorReadsAnExternalOne() throws Exception {
    for (int i = 0; i < 3; i++) { // the reused per-thread factory keeps its settings
      assertTrue(textOrRefusal(DOCTYPE).equals("refused") || !textOrRefusal(DOCTYPE).contains("boom"));
      String external = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/hostname\">]><a>&x;</a>";
      String read = textOrRefusal(external);
      assertTrue(read.equals("refused") || read.isEmpty(), read);
      assertEquals("fine", textOrRefusal("<a>fine</a>"));
    }
  }

  /** The text a StAX pass over {@code xml} reads, or "refused" when the reader throws. */
  private static String textOrRefusal(String xml) throws Exception {
    javax.xml.stream.XMLStreamReader r = SafeXml.staxReader(xml.getBytes(StandardCharsets.UTF_8));
    StringBuilder text = new StringBuilder();
    try {
      while (r.hasNext()) {
        if (r.next() == javax.xml.stream.XMLStreamConstants.CHARACTERS) {
          text.append(r.getText());
        }
      }
    } catch (javax.xml.stream.XMLStreamException e) {
      return "refused";
    } finally {
      r.close();
    }
    return text.toString();
  }
}
