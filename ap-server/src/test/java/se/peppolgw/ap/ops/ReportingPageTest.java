package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.reporting.ReportingPeriod;
import se.peppolgw.ap.store.AuditStore;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.ReportingStore;
import se.peppolgw.ap.testkit.Chromium;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * The operator page /ops/reporting over real HTTP (sessions, CSRF, roles) and in a real browser:
 * months with states and counts, the XML, the send button (audited), the local-mode banner, the
 * drill-down from each count to exactly the transmissions behind it, and the dashboard warning.
 */
class ReportingPageTest {
  static final String DE = "PDE000111";
  static final String FI = "PFI000222";

  @TempDir static Path dir;
  static GatewayFixture gw;
  static Database db;
  static ReportingPeriod month;
  static String de1;
  static String de2;
  static String fi1;
  static String notCounted;

  @BeforeAll
  static void start() throws Exception {
    gw = OpsTestSupport.withOperators(new GatewayFixture(dir).with("gateway.outbound.dir", "none")).start();
    db = gw.gateway().store().database();
    month = ReportingPeriod.of(Instant.now()).previous();
    Instant day3 = month.month().atDay(3).atTime(10, 0).toInstant(ZoneOffset.UTC);
    // two invoices from DE's access point and an order from FI's, counted; a rejected one, not
    de1 = counted(new OpsTestSupport.Row().type("invoice"), day3, DE);
    de2 = counted(new OpsTestSupport.Row().type("invoice"), day3.plusSeconds(60), DE);
    fi1 = counted(new OpsTestSupport.Row().type("order"), day3.plusSeconds(120), FI);
    OpsTestSupport.Row rejected = new OpsTestSupport.Row().type("invoice");
    rejected.state = "REJECTED";
    rejected.createdAt = day3.plusSeconds(180);
    notCounted = rejected.insert(db);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void theOperatorSendsAMonthAndSeesStatesCountsXmlAndTheLocalModeBanner() throws Exception {
    OpsTestSupport.Browser olle = OpsTestSupport.Browser.login(gw, "olle");
    HttpResponse<String> sent = send(olle, month.toString());
    assertEquals(302, sent.statusCode(), sent.body());
    assertTrue(sent.headers().firstValue("Location").orElseThrow().startsWith("/ops/reporting?done=kept"));

    String page = olle.get("/ops/reporting?done=kept").body();
    assertTrue(page.contains("id=\"done\""), page);
    assertTrue(page.contains("not sent to OpenPeppol in local mode"), "local-mode banner: " + page);
    assertTrue(page.contains("id=\"state-" + month + "-tsr\">validated<"), page);
    assertTrue(page.contains("id=\"state-" + month + "-eusr\">validated<"), page);
    assertTrue(page.contains("aria-current=\"page\">Reporting</a>"), "in the navigation");
    // the breakdown: 2 invoices from DE, 1 order from FI, each a link to exactly those
    List<String> drills = drillLinks(page);
    assertEquals(2, drills.size(), drills::toString);
    String deLink = drills.stream().filter(l -> l.contains(DE)).findFirst().orElseThrow();
    assertTrue(page.contains(">2</a>") && page.contains(">1</a>"), page);
    String list = olle.get(deLink).body();
    assertTrue(list.contains("id=\"reporting-filter\""), list);
    assertTrue(list.contains(de1) && list.contains(de2), list);
    assertFalse(list.contains(fi1) || list.contains(notCounted), "only DE's counted invoices: " + list);
    // the whole month: the three counted, never the rejected one
    String all = olle.get("/ops/transmissions?reportingMonth=" + month).body();
    assertTrue(all.contains(de1) && all.contains(de2) && all.contains(fi1), all);
    assertFalse(all.contains(notCounted), all);

    // the kept XML, as a download
    HttpResponse<String> tsr = olle.get("/ops/reporting/" + month + "/tsr");
    assertEquals(200, tsr.statusCode());
    assertTrue(tsr.headers().firstValue("Content-Type").orElseThrow().startsWith("application/xml"));
    assertTrue(tsr.headers().firstValue("Content-Disposition").orElseThrow().contains("TSR-" + month + ".xml"));
    assertTrue(tsr.body().contains("TransactionStatisticsReport") && tsr.body().contains(">3<"), tsr.body());
    assertTrue(olle.get("/ops/reporting/" + month + "/eusr").body().contains("EndUserStatisticsReport"));
    assertEquals(404, olle.get("/ops/reporting/" + month + "/xyz").statusCode());
    assertEquals(404, olle.get("/ops/reporting/1999-01/tsr").statusCode());

    // audited
    List<AuditStore.Entry> audit = new AuditTrail(db, Clock.systemUTC()).recent(month.toString(), 10);
    assertTrue(audit.stream().anyMatch(e -> e.toString().contains("REPORTING_SEND") && e.toString().contains("olle")),
        audit::toString);
  }

  @Test
  void sendingNeedsTheOperatorRoleTheCsrfTokenAndAnEndedMonth() throws Exception {
    OpsTestSupport.Browser vera = OpsTestSupport.Browser.login(gw, "vera");
    String page = vera.get("/ops/reporting").body();
    assertFalse(page.contains("id=\"send-"), "a viewer gets no send button");
    assertEquals(403, send(vera, month.toString()).statusCode());

    OpsTestSupport.Browser olle = OpsTestSupport.Browser.login(gw, "olle");
    assertEquals(403, olle.postForm("/ops/reporting/" + month + "/send", "_csrf=wrong").statusCode());
    HttpResponse<String> current = send(olle, ReportingPeriod.of(Instant.now()).toString());
    assertEquals(409, current.statusCode());
    assertTrue(current.body().contains("id=\"refusal\"") && current.body().contains("has not ended"), current.body());
    assertEquals(404, olle.postForm("/ops/reporting/" + month + "/delete", "_csrf=" + olle.csrf()).statusCode());
    assertEquals(400, olle.get("/ops/transmissions?reportingMonth=2026-13").statusCode());
    assertEquals(400, olle.get("/ops/transmissions?reportingSp=" + DE).statusCode());
  }

  @Test
  void aFailedReportWarnsOnTheDashboardEscapedUntilItIsSentAgain() throws Exception {
    OpsTestSupport.Browser olle = OpsTestSupport.Browser.login(gw, "olle");
    ReportingPeriod previous = ReportingPeriod.of(Instant.now()).previous();
    assertEquals(302, send(olle, previous.toString()).statusCode());
    new ReportingStore(db, Clock.systemUTC()).markFailed(previous.toString(), "TSR", "<script>alert(1)</script> bad");

    String dashboard = olle.get("/ops/").body();
    Matcher w = Pattern.compile("id=\"reporting-warning\">([^<]*)<").matcher(dashboard);
    assertTrue(w.find(), dashboard);
    assertTrue(w.group(1).contains("failed") && w.group(1).contains("&lt;script&gt;"), w.group(1));
    assertFalse(dashboard.contains("<script>alert(1)"), "escaped");
    String page = olle.get("/ops/reporting").body();
    assertTrue(page.contains("id=\"reporting-attention\""), page);
    assertTrue(page.contains("id=\"state-" + previous + "-tsr\">failed<"), page);
    assertFalse(page.contains("<script>alert(1)"), "escaped");

    assertEquals(302, send(olle, previous.toString()).statusCode());
    assertFalse(olle.get("/ops/").body().contains("id=\"reporting-warning\""), "the warning goes with the cause");
  }

  @Test
  void inTheBrowserTheOperatorFollowsACountToTheTransmissionsBehindIt() throws Exception {
    // the month is built (this test may run first)
    assertEquals(302, send(OpsTestSupport.Browser.login(gw, "olle"), month.toString()).statusCode());
    WebDriver driver = Chromium.start(1000);
    try {
      URI base = gw.url("/");
      driver.get(base.resolve("/ops/").toString());
      driver.findElement(By.id("username")).sendKeys("olle");
      driver.findElement(By.id("password")).sendKeys(OpsTestSupport.PASSWORD, Keys.ENTER);
      Chromium.await(driver, By.linkText("Reporting"));
      driver.findElement(By.linkText("Reporting")).click();
      Chromium.await(driver, By.id("month-" + month));
      WebElement section = driver.findElement(By.id("month-" + month));
      assertTrue(section.getText().contains("validated"), section.getText());
      WebElement deCount = section.findElements(By.cssSelector("table.breakdown tr")).stream()
          .filter(r -> r.getText().contains(DE))
          .findFirst().orElseThrow(() -> new AssertionError(section.getText()))
          .findElement(By.cssSelector("a.drill"));
      assertEquals("2", deCount.getText());
      deCount.click();
      Chromium.await(driver, By.id("reporting-filter"));
      List<WebElement> rows = driver.findElements(By.cssSelector("#transmissions tbody tr a[href^='/ops/transmissions/']"));
      assertEquals(2, rows.size(), driver.getPageSource());
      String ids = rows.stream().map(r -> r.getAttribute("href")).toList().toString();
      assertTrue(ids.contains(de1) && ids.contains(de2), ids);
    } finally {
      Chromium.stop(driver);
    }
  }

  private static HttpResponse<String> send(OpsTestSupport.Browser b, String month) throws Exception {
    return b.postForm("/ops/reporting/" + month + "/send", "_csrf=" + b.csrf());
  }

  /** The drill-down links of the breakdown of {@link #month}, unescaped. */
  private static List<String> drillLinks(String page) {
    Matcher m = Pattern.compile("<a class=\"drill\" href=\"([^\"]+)\">").matcher(page);
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      if (m.group(1).contains("reportingMonth=" + month)) {
        out.add(m.group(1).replace("&amp;", "&"));
      }
    }
    return out;
  }

  /** Inserts a received transmission and the reporting row the gateway records with it. */
  private static String counted(OpsTestSupport.Row row, Instant at, String sp) throws Exception {
    row.createdAt = at;
    String id = row.insert(db);
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO reporting_item (transmission_id, direction, exchanged_at, counterpart_sp,"
                + " doctype_scheme, doctype_value, process_scheme, process_value, transport_protocol,"
                + " c1_country, c4_country, end_user_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, id);
      ps.setString(2, "RECEIVING");
      ps.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      ps.setString(4, sp);
      ps.setString(5, "busdox-docid-qns");
      ps.setString(6, row.doctype);
      ps.setString(7, "cenbii-procid-ubl");
      ps.setString(8, DocumentTypeAliases.expand("invoice").equals(row.doctype)
          ? GatewayFixture.BILLING_PROCESS : GatewayFixture.ORDER_ONLY_PROCESS);
      ps.setString(9, "peppol-transport-as4-v2_0");
      ps.setString(10, sp.substring(1, 3));
      ps.setString(11, "SE");
      ps.setString(12, row.receiver);
      ps.executeUpdate();
    }
    return id;
  }
}
