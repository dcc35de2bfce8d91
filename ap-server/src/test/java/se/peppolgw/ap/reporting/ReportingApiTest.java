package se.peppolgw.ap.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.reporting.ReportXml.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.ops.security.PasswordHashes;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.testkit.GatewayFixture;

/** /api/reporting on a real gateway (local mode) over loopback HTTP. */
class ReportingApiTest {
  static final String VIEWER = "viewer-token-reporting-0123";
  static final String OPERATOR = "operator-token-reporting-0123";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  static GatewayFixture gw;
  static Database db;
  static final YearMonth CURRENT = YearMonth.now(ZoneOffset.UTC);
  static final YearMonth LAST = CURRENT.minusMonths(1);
  static final YearMonth BROKEN = CURRENT.minusMonths(2);

  @BeforeAll
  static void start() throws Exception {
    gw = new GatewayFixture(dir)
        .with("gateway.outbound.dir", "none")
        // the job is tested on its own (MonthlyReportingJobTest); here only the API acts
        .with("gateway.reporting.schedule.enabled", "false")
        .with("gateway.operators", "vera,olle");
    String hash = PasswordHashes.hash("a password of some length", 4);
    gw.with("gateway.operator.vera.role", "viewer").with("gateway.operator.vera.password-hash", hash)
        .with("gateway.operator.vera.token-hashes", ApiTokens.hash(VIEWER));
    gw.with("gateway.operator.olle.role", "operator").with("gateway.operator.olle.password-hash", hash)
        .with("gateway.operator.olle.token-hashes", ApiTokens.hash(OPERATOR));
    gw.start();
    db = gw.gateway().store().database();
    // last month: two received, one sent; the month before: a counterpart that is no seat id
    item("t1", "RECEIVING", LAST.atDay(3), "PDE000111", "DE", "SE", "0007:5567000001");
    item("t2", "RECEIVING", LAST.atDay(4), "PDE000111", "DE", "SE", "0007:5567000001");
    item("t3", "SENDING", LAST.atDay(5), "PFI000222", "SE", null, "0007:5567000001");
    item("t4", "RECEIVING", CURRENT.atDay(1), "PFI000222", "FI", "SE", "0007:5567000001");
    item("t5", "RECEIVING", BROKEN.atDay(1), "not a seat id", "FI", "SE", "0007:5567000001");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static void item(String id, String dir, java.time.LocalDate day, String sp, String c1, String c4, String eu)
      throws Exception {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO reporting_item (transmission_id, direction, exchanged_at, counterpart_sp,"
                + " doctype_scheme, doctype_value, process_scheme, process_value, transport_protocol,"
                + " c1_country, c4_country, end_user_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, id);
      ps.setString(2, dir);
      ps.setObject(3, OffsetDateTime.of(day.atTime(12, 0), ZoneOffset.UTC));
      ps.setString(4, sp);
      ps.setString(5, "busdox-docid-qns");
      ps.setString(6, SeededMonth.INVOICE);
      ps.setString(7, "cenbii-procid-ubl");
      ps.setString(8, SeededMonth.BILLING);
      ps.setString(9, "peppol-transport-as4-v2_0");
      ps.setString(10, c1);
      ps.setString(11, c4);
      ps.setString(12, eu);
      ps.executeUpdate();
    }
  }

  static HttpResponse<String> call(String method, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(gw.url(path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(method, HttpRequest.BodyPublishers.noBody());
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  @Test
  void withoutAnOperatorTokenNothingIsShown() throws Exception {
    assertEquals(401, call("GET", "/api/reporting/reports", null).statusCode());
    assertEquals(401, call("GET", "/api/reporting/" + LAST + "/tsr", "wrong-token").statusCode());
    assertEquals(401, call("POST", "/api/reporting/" + LAST + "/send", null).statusCode());
  }

  @Test
  void badMonthsAndPathsAreRefused() throws Exception {
    assertEquals(400, call("GET", "/api/reporting/2026-13/tsr", VIEWER).statusCode());
    assertEquals(400, call("GET", "/api/reporting/26-01/tsr", VIEWER).statusCode());
    assertEquals(404, call("GET", "/api/reporting/" + CURRENT.plusMonths(1) + "/tsr", VIEWER).statusCode());
    assertEquals(404, call("GET", "/api/reporting/" + LAST + "/other", VIEWER).statusCode());
    assertEquals(405, call("POST", "/api/reporting/" + LAST + "/tsr", OPERATOR).statusCode());
    assertEquals(405, call("GET", "/api/reporting/" + LAST + "/send", OPERATOR).statusCode());
  }

  @Test
  void theCurrentMonthIsAPreviewBuiltOnTheFlyAndCannotBeSent() throws Exception {
    HttpResponse<String> r = call("GET", "/api/reporting/" + CURRENT + "/tsr", VIEWER);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("true", r.headers().firstValue("X-Report-Preview").orElseThrow());
    assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/xml"));
    assertEquals(1, new ReportXml(r.body()).number(path("Total", "Incoming")));
    HttpResponse<String> e = call("GET", "/api/reporting/" + CURRENT + "/eusr", VIEWER);
    assertEquals(1, new ReportXml(e.body()).number(path("FullSet", "ReceivingEndUsers")));
    assertEquals(409, call("POST", "/api/reporting/" + CURRENT + "/send", OPERATOR).statusCode());
  }

  @Test
  void aViewerMayNotSend() throws Exception {
    assertEquals(403, call("POST", "/api/reporting/" + LAST + "/send", VIEWER).statusCode());
  }

  @Test
  void sendingInLocalModeBuildsValidatesAndKeepsButSendsNothing() throws Exception {
    HttpResponse<String> r = call("POST", "/api/reporting/" + LAST + "/send", OPERATOR);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode b = json(r);
    assertEquals(false, b.get("sent").asBoolean());
    assertTrue(b.get("result").asText().contains("Local mode"), b.toString());
    for (JsonNode rep : b.get("reports")) {
      assertEquals("validated", rep.get("state").asText());
      assertEquals(3, rep.get("transactions").asInt());
      assertTrue(rep.get("transmissionId").isNull(), "nothing was queued");
    }
    assertEquals(0, outboundCount(), "nothing went to the outbox");
    assertTrue(audited("REPORTING_SEND", LAST.toString(), "OK"));

    HttpResponse<String> list = call("GET", "/api/reporting/reports", VIEWER);
    JsonNode l = json(list);
    assertEquals(false, l.get("sendsToOpenPeppol").asBoolean());
    assertTrue(l.get("note").asText().contains("kept here, and not sent to OpenPeppol in local mode"), l.toString());
    boolean found = false;
    for (JsonNode m : l.get("months")) {
      if (m.get("month").asText().equals(LAST.toString())) {
        found = true;
        assertEquals(2, m.get("reports").size());
      }
    }
    assertTrue(found, l.toString());

    HttpResponse<String> kept = call("GET", "/api/reporting/" + LAST + "/tsr", VIEWER);
    assertEquals("false", kept.headers().firstValue("X-Report-Preview").orElseThrow());
    assertEquals("validated", kept.headers().firstValue("X-Report-State").orElseThrow());
    assertEquals(2, new ReportXml(kept.body()).number(path("Total", "Incoming")));
    assertEquals(1, new ReportXml(kept.body()).number(path("Total", "Outgoing")));
  }

  @Test
  void aReportThatFailsValidationIsNotSentAndTheFailureIsShown() throws Exception {
    HttpResponse<String> r = call("POST", "/api/reporting/" + BROKEN + "/send", OPERATOR);
    assertEquals(422, r.statusCode(), r.body());
    JsonNode b = json(r);
    assertEquals(false, b.get("sent").asBoolean());
    assertTrue(b.get("result").asText().contains("failed validation"), b.toString());
    JsonNode tsr = null;
    for (JsonNode rep : b.get("reports")) {
      if (rep.get("kind").asText().equals("TSR")) {
        tsr = rep;
      }
    }
    assertEquals("failed", tsr.get("state").asText());
    assertTrue(tsr.get("problems").asText().contains("SCH-TSR"), tsr.toString());
    assertTrue(audited("REPORTING_SEND", BROKEN.toString(), "FAILED"));
    HttpResponse<String> x = call("GET", "/api/reporting/" + BROKEN + "/tsr", VIEWER);
    assertEquals("failed", x.headers().firstValue("X-Report-State").orElseThrow());
    assertTrue(x.headers().firstValue("X-Report-Problems").orElseThrow().contains("SCH-TSR"));
  }

  /** The CLI against the same gateway: exit code, standard output, standard error. */
  static String[] cli(String... args) {
    java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream e = new java.io.ByteArrayOutputStream();
    String[] all = new String[args.length + 2];
    all[0] = "--url";
    all[1] = gw.url("/").toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = new se.peppolgw.ap.cli.GatewayCli(new java.io.PrintStream(o, true), new java.io.PrintStream(e, true)).run(all);
    return new String[] {Integer.toString(code), o.toString(java.nio.charset.StandardCharsets.UTF_8),
        e.toString(java.nio.charset.StandardCharsets.UTF_8)};
  }

  @Test
  void theCliListsShowsAndSends() throws Exception {
    String[] send = cli("--token", OPERATOR, "reporting", "send", LAST.toString());
    assertEquals("0", send[0], send[2]);
    assertTrue(send[1].contains("Local mode"), send[1]);
    assertTrue(send[1].contains("TSR   validated  3 transactions"), send[1]);
    String[] list = cli("--token", VIEWER, "reporting", "list");
    assertEquals("0", list[0], list[2]);
    assertTrue(list[1].contains(LAST + "  TSR   validated"), list[1]);
    String[] show = cli("--token", VIEWER, "reporting", "show", LAST.toString(), "eusr");
    assertEquals("0", show[0], show[2]);
    assertTrue(show[1].contains("<EndUserStatisticsReport"), show[1]);
    String[] viewerSend = cli("--token", VIEWER, "reporting", "send", LAST.toString());
    assertEquals("4", viewerSend[0], "refused: viewer role");
    String[] broken = cli("--token", OPERATOR, "reporting", "send", BROKEN.toString());
    assertEquals("1", broken[0]);
    assertTrue(broken[1].contains("failed validation"), broken[1]);
    assertEquals("2", cli("--token", VIEWER, "reporting", "show")[0], "usage");
    assertEquals("2", cli("--token", VIEWER, "reporting")[0], "usage");
  }

  static int outboundCount() throws Exception {
    try (Connection c = db.connection();
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM transmission WHERE direction = 'OUT'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static boolean audited(String action, String target, String outcome) throws Exception {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT COUNT(*) FROM ops_audit WHERE action = ? AND target = ? AND outcome = ?")) {
      ps.setString(1, action);
      ps.setString(2, target);
      ps.setString(3, outcome);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) >= 1;
      }
    }
  }
}
