package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.ops.OpsTestSupport.VIEWER_TOKEN;
import static se.peppolgw.ap.ops.OpsTestSupport.get;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.ops.OpsTestSupport.Browser;
import se.peppolgw.ap.ops.OpsTestSupport.Row;
import se.peppolgw.ap.ops.web.FilterParams;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * Filter values are bounded and de-duplicated, and one list request runs a number of queries that
 * does not grow with the number of values sent (finding 12). Queries are counted by H2 itself
 * (INFORMATION_SCHEMA.QUERY_STATISTICS), each test with a page size of its own so that its list
 * queries are told apart from the gateway's background work.
 */
class FilterBoundsTest {
  static final String PARTY = "0088:7365560000009";
  @TempDir static Path dir;
  static GatewayFixture gw;
  static String rejectedIn;
  static String failedOut;

  @BeforeAll
  static void start() throws Exception {
    gw = OpsTestSupport.withOperators(new GatewayFixture(dir)).with("gateway.outbound.dir", "none").start();
    Database db = gw.gateway().store().database();
    Row in = new Row();
    in.state = "REJECTED";
    rejectedIn = in.insert(db);
    failedOut = new Row().out("FAILED").insert(db);
    try (Connection c = db.connection(); Statement s = c.createStatement()) {
      s.execute("SET QUERY_STATISTICS_MAX_ENTRIES 10000");
      s.execute("SET QUERY_STATISTICS TRUE");
    }
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.stop();
    }
  }

  /** How often H2 ran a statement fetching {@code pageSize + 1} rows (the list's page query). */
  static long listQueries(int pageSize) throws Exception {
    try (Connection c = gw.gateway().store().database().connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT COALESCE(SUM(EXECUTION_COUNT), 0) FROM INFORMATION_SCHEMA.QUERY_STATISTICS"
                + " WHERE SQL_STATEMENT LIKE '%FROM transmission%FETCH FIRST " + (pageSize + 1) + " ROWS ONLY%'"
                + " AND SQL_STATEMENT NOT LIKE '%QUERY_STATISTICS%'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String repeated(String param, String value, int times) {
    return java.util.stream.IntStream.range(0, times).mapToObj(i -> param + "=" + value).collect(Collectors.joining("&"));
  }

  @Test
  void sixHundredStatesAreRefusedWithoutAQuery() throws Exception {
    String qs = repeated("state", "FAILED", 600) + "&counterpart=" + PARTY + "&q=PO-1&limit=41";
    HttpResponse<String> r = get(gw, "/api/transmissions?" + qs, VIEWER_TOKEN);
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("at most " + FilterParams.MAX_STATE_VALUES), r.body());
    assertEquals(0, listQueries(41));
    Browser vera = Browser.login(gw, "vera");
    assertEquals(400, vera.get("/ops/transmissions?" + qs).statusCode());
    assertEquals(0, listQueries(41));
  }

  @Test
  void theQueryCountDoesNotGrowWithTheValues() throws Exception {
    // two states, then every state (and the groups, and duplicates) up to the limit of values
    String few = "state=FAILED&state=REJECTED&counterpart=" + PARTY + "&q=PO-1";
    HttpResponse<String> a = get(gw, "/api/transmissions?" + few + "&limit=42", VIEWER_TOKEN);
    assertEquals(200, a.statusCode(), a.body());
    String all = java.util.Arrays.stream(TransmissionState.values()).map(Enum::name).collect(Collectors.joining(","));
    String many = "state=" + all + "&state=FAILED_ALL,PENDING_ALL&" + repeated("state", "FAILED", 17)
        + "&counterpart=" + PARTY + "&q=PO-1";
    HttpResponse<String> b = get(gw, "/api/transmissions?" + many + "&limit=43", VIEWER_TOKEN);
    assertEquals(200, b.statusCode(), b.body());
    long fewQueries = listQueries(42);
    long manyQueries = listQueries(43);
    assertTrue(fewQueries > 0, "the statistics see the list queries");
    assertEquals(fewQueries, manyQueries, "as many queries for 30 state values as for 2");
    // inbound and outbound, each with its own counterpart column, times the exact lookups (seven
    // identifier columns, sender and receiver once per spelling: PO-1, po-1), and a partial match each
    assertTrue(manyQueries <= 2 * (7 + 2 * 2) + 2, "queries: " + manyQueries);
  }

  @Test
  void withoutOtherAlternativesEachKnownStateIsAtMostOneQuery() throws Exception {
    // 30 values naming two states cost what two values cost
    HttpResponse<String> two = get(gw, "/api/transmissions?state=FAILED,REJECTED&limit=45", VIEWER_TOKEN);
    assertEquals(200, two.statusCode(), two.body());
    HttpResponse<String> thirty =
        get(gw, "/api/transmissions?" + repeated("state", "FAILED,REJECTED", 15) + "&limit=46", VIEWER_TOKEN);
    assertEquals(200, thirty.statusCode(), thirty.body());
    assertEquals(listQueries(45), listQueries(46));
    assertEquals(2, listQueries(46));
    String all = java.util.Arrays.stream(TransmissionState.values()).map(Enum::name).collect(Collectors.joining(","));
    HttpResponse<String> every = get(gw, "/api/transmissions?state=" + all + "," + all + "&limit=47", VIEWER_TOKEN);
    assertEquals(200, every.statusCode(), every.body());
    assertEquals(TransmissionState.values().length, listQueries(47));
  }

  @Test
  void theMergedQueryStillFindsBothDirections() throws Exception {
    HttpResponse<String> r =
        get(gw, "/api/transmissions?state=FAILED_ALL&state=REJECTED&counterpart=" + PARTY + "&limit=44", VIEWER_TOKEN);
    assertEquals(200, r.statusCode(), r.body());
    Set<String> ids = new java.util.HashSet<>();
    Json.MAPPER.readTree(r.body()).get("items").forEach(n -> ids.add(n.get("id").asText()));
    assertEquals(Set.of(rejectedIn, failedOut), ids);
  }

  @Test
  void everyNumberAndValueIsBounded() throws Exception {
    List<String> bad = List.of(
        "limit=0", "limit=501", "limit=-1", "limit=1e3", "limit=99999999999999999999999", "limit=%2B5",
        "limit=5&limit=6", "cursor=" + "A".repeat(400), "cursor=not-a-cursor", "state=NOPE",
        "direction=sideways", "direction=in&direction=out", "q=" + "x".repeat(300), "counterpart=a&counterpart=b",
        "from=yesterday", "to=2026-13-45");
    for (String qs : bad) {
      HttpResponse<String> r = get(gw, "/api/transmissions?" + qs, VIEWER_TOKEN);
      assertEquals(400, r.statusCode(), qs + ": " + r.body());
    }
    for (String qs : List.of("before=abc", "before=-1", "before=1e99", "before=99999999999999999999", "limit=0")) {
      HttpResponse<String> r = get(gw, "/api/ops/punchout?" + qs, VIEWER_TOKEN);
      assertEquals(400, r.statusCode(), qs + ": " + r.body());
    }
    assertEquals(200, get(gw, "/api/ops/punchout?before=0&limit=5", VIEWER_TOKEN).statusCode());
    Browser vera = Browser.login(gw, "vera");
    for (String qs : List.of("limit=501", "state=NOPE", "q=" + "x".repeat(300), "limit=1&limit=2")) {
      assertEquals(400, vera.get("/ops/transmissions?" + qs).statusCode(), qs);
    }
    assertEquals(400, vera.get("/ops/chain?order=" + "x".repeat(300)).statusCode());
  }
}
