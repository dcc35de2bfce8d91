package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.ops.OpsTestSupport.Browser;
import se.peppolgw.ap.ops.OpsTestSupport.Row;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * The operator pages rendered from templates, over real HTTP: resend of a delivered transmission asks
 * first (and is refused while the original is still being sent), CSV exports keep the list's filters and
 * guard formula cells, the dashboard reloads itself without script, the punch-out page groups sessions
 * with filters, search and pages, and values from senders are escaped.
 */
class OpsUiPagesTest {
  @TempDir static Path dir;
  static GatewayFixture gw;
  static String delivered;
  static String pending;
  static String failed;
  static String hostile;

  @BeforeAll
  static void start() throws Exception {
    gw = OpsTestSupport.withOperators(new GatewayFixture(dir)).with("gateway.outbound.dir", "none").start();
    Database db = gw.gateway().store().database();
    Row d = new Row().out("DELIVERED").type("invoice");
    d.businessId = "INV-2026-0042";
    delivered = d.insert(db);
    Row p = new Row().out("PENDING").type("invoice");
    p.businessId = "INV-2026-0043";
    p.outbox = true;
    pending = p.insert(db);
    Row f = new Row().out("FAILED").type("invoice");
    f.businessId = "=HYPERLINK(\"http://evil.example\",\"x\")";
    f.errorCode = "RECEIVER_REFUSED";
    f.errorDetail = "refused, \"twice\"\nsecond line";
    failed = f.insert(db);
    Row h = new Row();
    h.businessId = "<script>alert(1)</script>";
    hostile = h.insert(db);
    seedPunchout(db);
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.stop();
    }
  }

  @Test
  void deliveredTransmissionAsksBeforeASecondCopy() throws Exception {
    Browser olle = Browser.login(gw, "olle");
    Document page = Jsoup.parse(olle.get("/ops/transmissions/" + delivered).body());
    assertEquals("/ops/transmissions/" + delivered + "/resend", page.getElementById("resend").attr("href"),
        "a delivered transmission offers resend only through the confirmation page");
    assertTrue(page.select("form[action$=/resend]").isEmpty(), "no direct resend form");

    HttpResponse<String> confirm = olle.get("/ops/transmissions/" + delivered + "/resend");
    assertEquals(200, confirm.statusCode());
    Document c = Jsoup.parse(confirm.body());
    assertTrue(c.getElementById("resend-warning").text().contains("second copy"), confirm.body());
    assertEquals("second-copy", c.select("input[name=confirm]").attr("value"));

    // a post without the confirmation (an old form, a script) shows the question again and sends nothing
    String csrf = olle.csrf();
    HttpResponse<String> unconfirmed = olle.postForm("/ops/transmissions/" + delivered + "/resend", "_csrf=" + csrf);
    assertEquals(200, unconfirmed.statusCode());
    assertTrue(unconfirmed.body().contains("id=\"resend-warning\""), unconfirmed.body());
    assertTrue(OpsTestSupport.get(gw, "/api/transmissions?q=INV-2026-0042", OpsTestSupport.ADMIN_TOKEN).body()
        .contains(delivered), "the original is still there");
    assertEquals(1, count("INV-2026-0042"), "nothing was resent");

    // confirmed: the resend goes ahead (and here stops at the missing stored document, said in words)
    HttpResponse<String> confirmed =
        olle.postForm("/ops/transmissions/" + delivered + "/resend", "_csrf=" + csrf + "&confirm=second-copy");
    assertEquals(409, confirmed.statusCode(), confirmed.body());
    assertTrue(Jsoup.parse(confirmed.body()).getElementById("flash").text().contains("no stored document"));
  }

  @Test
  void resendIsNotOfferedWhileTheOriginalIsStillBeingSent() throws Exception {
    Browser olle = Browser.login(gw, "olle");
    Document page = Jsoup.parse(olle.get("/ops/transmissions/" + pending).body());
    assertTrue(page.getElementById("resend") == null, "no resend button while pending");
    assertTrue(page.getElementById("resend-later").text().contains("still being sent"));
    assertTrue(page.getElementById("cancel") != null && page.getElementById("retry") != null);

    HttpResponse<String> r = olle.postForm("/ops/transmissions/" + pending + "/resend", "_csrf=" + olle.csrf());
    assertEquals(409, r.statusCode());
    assertTrue(Jsoup.parse(r.body()).getElementById("flash").text().contains("still being sent"), r.body());
    HttpResponse<String> api = OpsTestSupport.post(gw, "/api/transmissions/" + pending + "/resend",
        OpsTestSupport.OPERATOR_TOKEN);
    assertEquals(409, api.statusCode(), "the API asks the same rule: " + api.body());

    Document failedPage = Jsoup.parse(olle.get("/ops/transmissions/" + failed).body());
    assertEquals("button", failedPage.getElementById("resend").tagName(), "a failed one resends at once");
  }

  @Test
  void viewersSeeNoActionsAndCannotResend() throws Exception {
    Browser vera = Browser.login(gw, "vera");
    Document page = Jsoup.parse(vera.get("/ops/transmissions/" + delivered).body());
    assertTrue(page.getElementById("resend") == null);
    HttpResponse<String> r = vera.postForm("/ops/transmissions/" + delivered + "/resend",
        "_csrf=" + vera.csrf() + "&confirm=second-copy");
    assertEquals(403, r.statusCode());
  }

  @Test
  void transmissionCsvKeepsTheFiltersAndGuardsFormulas() throws Exception {
    Browser vera = Browser.login(gw, "vera");
    Document list = Jsoup.parse(vera.get("/ops/transmissions?state=FAILED_ALL&direction=out").body());
    String href = list.getElementById("csv").attr("href");
    assertEquals("/ops/transmissions.csv?state=FAILED_ALL&direction=out", href);

    HttpResponse<String> csv = vera.get(href);
    assertEquals(200, csv.statusCode());
    assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    assertEquals("attachment; filename=\"transmissions.csv\"",
        csv.headers().firstValue("Content-Disposition").orElse(""));
    List<String> lines = csv.body().lines().toList();
    assertTrue(lines.get(0).startsWith("id,created,direction,state,"), lines.get(0));
    assertTrue(csv.body().contains(failed), csv.body());
    assertFalse(csv.body().contains(delivered), "the filter applies: " + csv.body());
    assertTrue(csv.body().contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\","),
        "formula cell prefixed with ' and quoted: " + csv.body());
    assertTrue(csv.body().contains("\"refused, \"\"twice\"\"\nsecond line\""), "line break kept inside quotes");
    assertTrue(csv.body().contains("\r\n"), "CRLF rows");
  }

  /** After a whole identifier's exact matches the next page starts the partial ones: the link says so. */
  @Test
  void theLinkAfterExactMatchesNamesThePartialOnes() throws Exception {
    Browser vera = Browser.login(gw, "vera");
    Document exact = Jsoup.parse(vera.get("/ops/transmissions?q=" + delivered).body());
    assertTrue(exact.getElementById("next").text().startsWith("Partial matches"), exact.getElementById("next").text());
    Document older = Jsoup.parse(vera.get("/ops/transmissions?limit=1").body());
    assertTrue(older.getElementById("next").text().startsWith("Older"), older.getElementById("next").text());
  }

  @Test
  void csvExportsAreAuditedAndNeedALogin() throws Exception {
    HttpResponse<String> anonymous = OpsTestSupport.get(gw, "/ops/transmissions.csv", null);
    assertEquals(302, anonymous.statusCode());
    Browser ada = Browser.login(gw, "ada");
    assertEquals(200, ada.get("/ops/punchout.csv?buyer=acme").statusCode());
    assertTrue(ada.get("/ops/audit").body().contains("punchout.csv?buyer=acme"), "export audited");
    assertEquals(200, ada.get("/ops/mls.csv").statusCode());
    assertTrue(ada.get("/ops/mls.csv").body().startsWith("received,response_code,"));
  }

  @Test
  void dashboardRefreshesItselfWithoutScript() throws Exception {
    Browser vera = Browser.login(gw, "vera");
    HttpResponse<String> r = vera.get("/ops/");
    Document d = Jsoup.parse(r.body());
    assertEquals("30", d.getElementById("auto-refresh").attr("content"));
    assertEquals("refresh", d.getElementById("auto-refresh").attr("http-equiv"));
    assertTrue(d.select("script").isEmpty(), "no script on the page");
    String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertTrue(csp.startsWith("default-src 'none'") && !csp.contains("script-src"), csp);
    assertTrue(Jsoup.parse(vera.get("/ops/transmissions").body()).getElementById("auto-refresh") == null,
        "only the dashboard reloads itself (a list being read must not jump)");
    assertTrue(d.select("time.ts").first().text().matches(".*(UTC|[+-][0-9]{2}:[0-9]{2})"), "times show their zone");
  }

  @Test
  void valuesFromSendersAreEscaped() throws Exception {
    Browser vera = Browser.login(gw, "vera");
    String body = vera.get("/ops/transmissions/" + hostile).body();
    assertFalse(body.contains("<script>"), body);
    assertTrue(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), body);
  }

  @Test
  void punchoutPageGroupsSessionsWithFiltersSearchAndPages() throws Exception {
    Browser vera = Browser.login(gw, "vera");
    Document all = Jsoup.parse(vera.get("/ops/punchout").body());
    assertEquals(50, all.select("#punchout tr.session").size(), "one row per session, 50 a page");
    String older = all.getElementById("next").attr("href");
    Document second = Jsoup.parse(vera.get(older).body());
    assertEquals(2, second.select("#punchout tr.session").size(), "52 sessions: 2 on page two");
    assertTrue(second.getElementById("newest") != null);

    Document acme = Jsoup.parse(vera.get("/ops/punchout?buyer=acme").body());
    assertEquals(1, acme.select("#punchout tr.session").size());
    var session = acme.select("#punchout tr.session").first();
    assertEquals("TRANSFERRED", session.select("span.st").text(), "state from the last session change");
    assertEquals("3", session.select("td.num").text(), "three events in the session");

    // search by the BuyerCookie inside the transferred cXML, case-insensitively and in part
    Document byCookie = Jsoup.parse(vera.get("/ops/punchout?q=" + enc("cookie-77AB")).body());
    assertEquals(1, byCookie.select("#punchout tr.session").size(), byCookie.text());
    assertTrue(byCookie.text().contains("acme"));
    Document bySession = Jsoup.parse(vera.get("/ops/punchout?q=sess-0007").body());
    assertEquals(1, bySession.select("#punchout tr.session").size());
    Document byProtocol = Jsoup.parse(vera.get("/ops/punchout?protocol=OCI&state=ACTIVE").body());
    assertEquals(51, byProtocol.select("#punchout tr.session").size()
        + (byProtocol.getElementById("next") == null ? 0
            : Jsoup.parse(vera.get(byProtocol.getElementById("next").attr("href")).body())
                .select("#punchout tr.session").size()));
    Document none = Jsoup.parse(vera.get("/ops/punchout?from=2099-01-01").body());
    assertTrue(none.text().contains("No punch-out activity recorded."));
    assertEquals(400, vera.get("/ops/punchout?from=yesterday").statusCode());

    HttpResponse<String> csv = vera.get("/ops/punchout.csv?buyer=acme");
    assertEquals(4, csv.body().lines().count(), "header and the three events: " + csv.body());
  }

  private static long count(String businessId) throws Exception {
    try (Connection c = gw.gateway().store().database().connection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM transmission WHERE business_id = ?")) {
      ps.setString(1, businessId);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** 51 OCI sessions (setup, then active) and one cXML session of buyer acme that transferred its cart. */
  private static void seedPunchout(Database db) throws Exception {
    Instant t0 = Instant.parse("2026-03-02T08:00:00Z");
    try (Connection c = db.connection()) {
      for (int i = 0; i < 51; i++) {
        String s = String.format("sess-%04d", i);
        event(c, t0.plusSeconds(i * 60L), "SETUP", "OCI", "buyer-" + i, s, "create", "OK", null, null, null, null);
        event(c, t0.plusSeconds(i * 60L + 5), "SESSION", "OCI", "buyer-" + i, s, null, null, "CREATED", "ACTIVE",
            null, null);
      }
      Instant t1 = t0.plusSeconds(86_400);
      event(c, t1, "SETUP", "CXML", "acme", "sess-acme", "create", "OK", null, null, null, null);
      event(c, t1.plusSeconds(60), "TRANSFER", "CXML", "acme", "sess-acme", null, "SENT", null, null,
          "<cXML payloadID=\"p-1@acme\"><BuyerCookie>COOKIE-77ab-xyz</BuyerCookie></cXML>", "https://acme.example/return");
      event(c, t1.plusSeconds(61), "SESSION", "CXML", "acme", "sess-acme", null, null, "ACTIVE", "TRANSFERRED",
          null, null);
    }
  }

  private static void event(Connection c, Instant at, String kind, String protocol, String buyer, String session,
      String operation, String outcome, String from, String to, String payload, String returnUrl) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO punchout_event (at, kind, protocol, buyer_id,"
        + " session_id, operation, outcome, from_state, to_state, payload, payload_media_type, return_url)"
        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
      ps.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      ps.setString(2, kind);
      ps.setString(3, protocol);
      ps.setString(4, buyer);
      ps.setString(5, session);
      ps.setString(6, operation);
      ps.setString(7, outcome);
      ps.setString(8, from);
      ps.setString(9, to);
      ps.setString(10, payload);
      ps.setString(11, payload == null ? null : "text/xml");
      ps.setString(12, returnUrl);
      ps.executeUpdate();
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
