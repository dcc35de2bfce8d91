package se.peppolgw.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import se.peppolgw.punchout.cxml.CxmlSetupRequestParser;
import se.peppolgw.punchout.support.BuyerSimulator;
import se.peppolgw.punchout.support.BuyerSimulator.Page;
import se.peppolgw.punchout.support.CartJson;
import se.peppolgw.punchout.support.CxmlDtd;
import se.peppolgw.punchout.support.CxmlRequests;
import se.peppolgw.punchout.support.TestGateway;

/**
 * Hostile documents (deep nesting, entity expansion, attribute floods) are refused by the parsers' own limits:
 * a clear 400, at most one log line and never a stack trace, never an Error reaching the servlet.
 */
class ParserLimitsTest {
  private TestGateway gw;
  private ListAppender<ILoggingEvent> log;
  private Logger root;

  @BeforeEach
  void start() {
    gw = new TestGateway();
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    log = new ListAppender<>();
    log.start();
    root.addAppender(log);
  }

  @AfterEach
  void stop() {
    root.detachAppender(log);
    gw.close();
  }

  private static String deepCookie(int depth) {
    return "<a>".repeat(depth) + "x" + "</a>".repeat(depth);
  }

  /** Status code and text of a cXML answer, and the log lines the request wrote. */
  private String cxml(String xml, List<ILoggingEvent> lines) {
    int before = log.list.size();
    Page answer = new BuyerSimulator(gw, false).postXml(gw.base + "/punchout/cxml", xml);
    assertEquals(200, answer.status(), "cXML answers in the document, not with the HTTP status");
    lines.addAll(log.list.subList(before, log.list.size()));
    Element status = (Element) CxmlDtd.parse(new String(answer.body(), StandardCharsets.UTF_8)).getElementsByTagName("Status").item(0);
    return status.getAttribute("code") + " " + status.getAttribute("text");
  }

  private static void atMostOneLineWithoutStackTrace(List<ILoggingEvent> lines) {
    assertTrue(lines.size() <= 1, "log lines: " + lines);
    for (ILoggingEvent e : lines) {
      assertNull(e.getThrowableProxy(), "no stack trace: " + e);
      assertEquals("WARN", e.getLevel().toString());
    }
  }

  @Test
  void aBuyerCookieNested300000DeepIsA400WithOneLogLine() {
    List<ILoggingEvent> lines = new java.util.ArrayList<>();
    String xml = CxmlRequests.setup("create", "NetworkID", "buyer-cxml", TestGateway.CXML_SECRET, deepCookie(300_000),
        gw.returnUrl("cxml"), null);
    String answer = cxml(xml, lines);
    assertEquals("400 the request exceeds a parser limit: elements nested deeper than 64", answer);
    atMostOneLineWithoutStackTrace(lines);
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).getFormattedMessage().contains("nested deeper than 64"), lines.get(0).getFormattedMessage());
    assertEquals("REFUSED", gw.events.setups().get(0).outcome());
    // legitimate nesting is far below the limit
    assertTrue(cxml(CxmlRequests.setup("create", "NetworkID", "buyer-cxml", TestGateway.CXML_SECRET, deepCookie(40),
        gw.returnUrl("cxml"), null), new java.util.ArrayList<>()).startsWith("200"));
  }

  @Test
  void theParserItselfNeverThrowsAnErrorOnDeepInput() {
    CxmlSetupRequestParser parser = new CxmlSetupRequestParser();
    for (int depth : new int[] {65, 10_000, 1_000_000}) {
      byte[] body = ("<cXML>" + deepCookie(depth) + "</cXML>").getBytes(StandardCharsets.UTF_8);
      if (body.length > 4 * 1024 * 1024) {
        CxmlSetupRequestParser.MalformedRequest e = assertThrows(CxmlSetupRequestParser.MalformedRequest.class, () -> parser.parse(body));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
        continue;
      }
      CxmlSetupRequestParser.MalformedRequest e = assertThrows(CxmlSetupRequestParser.MalformedRequest.class, () -> parser.parse(body));
      assertTrue(e.getMessage().contains("nested deeper than 64"), e.getMessage());
    }
  }

  @Test
  void entityExpansionAttributeFloodsAndLongNamesAreRefused() {
    String base = CxmlRequests.setup("create", "NetworkID", "buyer-cxml", TestGateway.CXML_SECRET, "&d;", gw.returnUrl("cxml"), null);
    // entity references in element content are never expanded (the cookie would just lose them); in an
    // attribute value they are, so that is where the expansion limit must hold
    String laughs = base.replace("<BuyerCookie>&d;", "<BuyerCookie><Extrinsic name=\"&d;\"/>").replace("<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd\">",
        "<!DOCTYPE cXML [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
            + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>");
    List<ILoggingEvent> lines = new java.util.ArrayList<>();
    assertEquals("400 the request exceeds a parser limit: entity expansion beyond the limit", cxml(laughs, lines));
    atMostOneLineWithoutStackTrace(lines);

    StringBuilder attrs = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      attrs.append(" a").append(i).append("=\"1\"");
    }
    lines.clear();
    String flood = base.replace("&d;", "c").replace("<BuyerCookie>", "<BuyerCookie" + attrs + ">");
    assertEquals("400 the request exceeds a parser limit: more than 32 attributes on one element", cxml(flood, lines));
    atMostOneLineWithoutStackTrace(lines);

    lines.clear();
    String longName = base.replace("&d;", "<" + "n".repeat(300) + "/>");
    assertEquals("400 the request exceeds a parser limit: a name longer than 256 characters", cxml(longName, lines));
    atMostOneLineWithoutStackTrace(lines);

    lines.clear();
    assertEquals("400 the request is not well-formed XML", cxml("<cXML>" + "<a>".repeat(10), lines));
    atMostOneLineWithoutStackTrace(lines);
  }

  @Test
  void aDeeplyNestedCartApiBodyIsA400WithOneLogLine() {
    BuyerSimulator buyer = new BuyerSimulator(gw, false);
    Map<String, String> p = new LinkedHashMap<>();
    p.put("username", TestGateway.OCI4_USER);
    p.put("password", TestGateway.OCI4_SECRET);
    p.put("HOOK_URL", gw.returnUrl("shop-trust"));
    HttpResponse<byte[]> login = buyer.raw(HttpRequest.newBuilder(URI.create(gw.base + "/punchout/oci/t-shop-trust"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(BuyerSimulator.encode(
            p.entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue()}).toList(), StandardCharsets.UTF_8))).build());
    HttpResponse<byte[]> start = buyer.raw(HttpRequest.newBuilder(URI.create(login.headers().firstValue("Location").orElseThrow())).GET().build());
    String id = URLDecoder.decode(start.headers().firstValue("Location").orElseThrow()
        .replaceAll(".*[?&]punchout_session=([0-9a-f]+).*", "$1"), StandardCharsets.UTF_8);
    Supplier<Integer> mark = () -> log.list.size();
    int before = mark.get();
    HttpResponse<String> r = buyer.postJson(gw.base + "/punchout/api/sessions/" + id + "/cart", TestGateway.SHOP_API_SECRET,
        "{\"lines\":[" + "[".repeat(300_000) + "]".repeat(300_000) + "]}");
    assertEquals(400, r.statusCode(), r.body());
    // binding stops at the first array where a line belongs; the parser's own depth limit (32) is behind it
    // (BoundedInputTest checks that one on the same mapper)
    atMostOneLineWithoutStackTrace(log.list.subList(before, log.list.size()));
    // and a normal cart still goes through afterwards
    assertEquals(200, buyer.postJson(gw.base + "/punchout/api/sessions/" + id + "/cart", TestGateway.SHOP_API_SECRET,
        "{\"lines\":[" + CartJson.line("A1", "Rad", "1", "EA", "10", "25") + "]}").statusCode());
  }
}
