package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.ops.OpsTestSupport.ADMIN_TOKEN;
import static se.peppolgw.ap.ops.OpsTestSupport.OPERATOR_TOKEN;
import static se.peppolgw.ap.ops.OpsTestSupport.VIEWER_TOKEN;
import static se.peppolgw.ap.ops.OpsTestSupport.get;
import static se.peppolgw.ap.ops.OpsTestSupport.post;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.ops.OpsTestSupport.Row;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;

/** /api/transmissions: every filter, keyset pagination across pages, detail, downloads, actions. */
class TransmissionApiTest {
  static final String BUYER_A = "0088:7365560000009";
  static final String BUYER_B = "0088:7300000000001";

  @TempDir static Path dir;
  static GatewayFixture gw;
  static Database db;
  static final List<Row> rows = new ArrayList<>();
  static Row failedInvoice;
  static Row rejected;
  static Row waiting;
  static Row failedForRetry;
  static Row delivered;
  static Row old;
  static Row handedOver;

  @BeforeAll
  static void seed() throws Exception {
    gw = OpsTestSupport.withOperators(new GatewayFixture(dir)).with("gateway.outbound.dir", "none").start();
    db = gw.gateway().store().database();
    Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(1));
    byte[] order = SharedTestData.read(SharedTestData.ORDER);
    for (int i = 1; i <= 25; i++) {
      Row r = new Row();
      r.businessId = "PO-" + i;
      r.sender = i % 5 == 0 ? BUYER_B : BUYER_A;
      // two rows share a timestamp: the seq tie-break must keep pagination exact
      r.createdAt = base.minus(Duration.ofMinutes(i == 13 ? 12 : i));
      r.document = order;
      rows.add(r);
    }
    handedOver = rows.get(0);
    Row resp = new Row().out("DELIVERED").type("order-response");
    resp.businessId = "OR-3";
    resp.orderRef = "PO-3";
    resp.createdAt = base.plusSeconds(60);
    rows.add(resp);
    delivered = resp;
    Row desp = new Row().out("DELIVERED").type("despatch-advice");
    desp.businessId = "DA-3";
    desp.orderRef = "PO-3";
    desp.createdAt = base.plusSeconds(120);
    rows.add(desp);
    failedInvoice = new Row().out("FAILED").type("invoice");
    failedInvoice.businessId = "INV-9";
    failedInvoice.orderRef = "PO-9";
    failedInvoice.buyerRef = "BR-77";
    failedInvoice.receiver = BUYER_B;
    failedInvoice.errorCode = "EBMS:0004";
    failedInvoice.errorDetail =
        "The receiving access point answered with an AS4 error: EBMS:0004 Other: PEPPOL:NOT_SERVICED";
    failedInvoice.createdAt = base.plusSeconds(180);
    failedInvoice.document = "<Invoice>not valid</Invoice>".getBytes(StandardCharsets.UTF_8);
    rows.add(failedInvoice);
    rejected = new Row();
    rejected.state = "REJECTED";
    rejected.errorCode = "EBMS:0101";
    rejected.errorDetail = "signature invalid";
    rejected.createdAt = base.plusSeconds(200);
    rows.add(rejected);
    waiting = new Row().out("RETRY_WAIT").type("invoice");
    waiting.outbox = true;
    waiting.createdAt = base.plusSeconds(240);
    rows.add(waiting);
    failedForRetry = new Row().out("FAILED").type("order-response");
    failedForRetry.errorCode = "HTTP_503";
    failedForRetry.createdAt = base.plusSeconds(300);
    rows.add(failedForRetry);
    old = new Row();
    old.businessId = "PO-OLD";
    old.createdAt = base.minus(Duration.ofDays(10));
    rows.add(old);
    for (Row r : rows) {
      r.insert(db);
    }
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.stop();
    }
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  /** The ids of every page of the list (an identifier search's partial matches follow its exact ones on a later page). */
  static List<String> ids(String query) throws Exception {
    List<String> out = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      HttpResponse<String> r = get(gw, "/api/transmissions?limit=500&" + query
          + (cursor == null ? "" : "&cursor=" + cursor), VIEWER_TOKEN);
      assertEquals(200, r.statusCode(), r.body());
      JsonNode page = json(r);
      page.get("items").forEach(n -> out.add(n.get("id").asText()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
      assertTrue(++pages < 20, "the paging ends");
    } while (cursor != null);
    return out;
  }

  static Set<String> idsOf(java.util.function.Predicate<Row> p) {
    Set<String> s = new HashSet<>();
    rows.stream().filter(p).forEach(r -> s.add(r.id));
    return s;
  }

  @Test
  void pagesCoverEveryRowOnceInOrder() throws Exception {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      HttpResponse<String> r =
          get(gw, "/api/transmissions?limit=7" + (cursor == null ? "" : "&cursor=" + cursor), VIEWER_TOKEN);
      assertEquals(200, r.statusCode(), r.body());
      JsonNode body = json(r);
      body.get("items").forEach(n -> seen.add(n.get("id").asText()));
      cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asText();
      pages++;
    } while (cursor != null && pages < 50);
    List<Transmission> expected =
        rows.stream()
            .map(r -> gw.gateway().store().find(r.id).orElseThrow())
            .sorted((a, b) -> a.createdAt().equals(b.createdAt())
                ? Long.compare(b.seq(), a.seq()) : b.createdAt().compareTo(a.createdAt()))
            .toList();
    assertEquals(expected.stream().map(Transmission::id).toList(), seen);
    assertEquals((rows.size() + 6) / 7, pages);
  }

  @Test
  void pagesWithAFilterToo() throws Exception {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode body = json(get(gw, "/api/transmissions?limit=4&direction=in&counterpart=" + BUYER_A
          + (cursor == null ? "" : "&cursor=" + cursor), VIEWER_TOKEN));
      body.get("items").forEach(n -> seen.add(n.get("id").asText()));
      cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asText();
    } while (cursor != null);
    assertEquals(idsOf(r -> r.direction.equals("IN") && r.sender.equals(BUYER_A)), new HashSet<>(seen));
    assertEquals(seen.size(), new HashSet<>(seen).size());
  }

  @Test
  void filtersByDirectionStateTypeAndCounterpart() throws Exception {
    assertEquals(idsOf(r -> r.direction.equals("OUT")), new HashSet<>(ids("direction=out")));
    assertEquals(idsOf(r -> r.state.equals("FAILED")), new HashSet<>(ids("state=FAILED")));
    assertEquals(
        idsOf(r -> r.state.equals("FAILED") || r.state.equals("REJECTED")),
        new HashSet<>(ids("state=FAILED_ALL")));
    assertEquals(Set.of(waiting.id), new HashSet<>(ids("state=PENDING_ALL")));
    assertEquals(
        idsOf(r -> r.doctype.contains("::Invoice##")), new HashSet<>(ids("documentType=invoice")));
    assertEquals(
        idsOf(r -> r.direction.equals("IN") && r.sender.equals(BUYER_B)
            || r.direction.equals("OUT") && r.receiver.equals(BUYER_B)),
        new HashSet<>(ids("counterpart=" + BUYER_B)));
    assertEquals(Set.of(failedInvoice.id), new HashSet<>(ids("direction=out&counterpart=" + BUYER_B)));
    assertEquals(
        Set.of(failedInvoice.id),
        new HashSet<>(ids("counterpart=iso6523-actorid-upis::" + BUYER_B + "&state=FAILED")));
    assertTrue(ids("direction=in&state=DELIVERED").isEmpty());
  }

  @Test
  void filtersByDateRange() throws Exception {
    ZoneId zone = ZoneId.systemDefault();
    LocalDate oldDay = LocalDate.ofInstant(old.createdAt, zone);
    assertEquals(List.of(old.id), ids("from=" + oldDay + "&to=" + oldDay));
    assertFalse(ids("from=" + oldDay.plusDays(1)).contains(old.id));
    Instant cut = rows.get(4).createdAt;
    assertEquals(
        idsOf(r -> !r.createdAt.isBefore(cut)), new HashSet<>(ids("from=" + cut)));
    assertEquals(idsOf(r -> r.createdAt.isBefore(cut)), new HashSet<>(ids("to=" + cut)));
  }

  @Test
  void freeSearchFindsAnyIdentifier() throws Exception {
    Row r7 = rows.get(6);
    assertEquals(List.of(r7.id), ids("q=" + r7.sbdhId));
    assertEquals(List.of(r7.id), ids("q=" + URLEncoder.encode(r7.as4Id, StandardCharsets.UTF_8)));
    assertEquals(List.of(r7.id), ids("q=" + r7.id));
    assertEquals(List.of(failedInvoice.id), ids("q=INV-9"));
    assertEquals(List.of(failedInvoice.id), ids("q=BR-77"));
    // an order number finds the order and everything that references it
    assertEquals(idsOf(r -> "PO-3".equals(r.businessId) || "PO-3".equals(r.orderRef)), new HashSet<>(ids("q=PO-3")));
    assertEquals(List.of(), ids("q=PO-3&direction=in&state=REJECTED"));
    assertTrue(ids("q=nothing-like-this").isEmpty());
  }

  @Test
  void searchFindsPartsOfIdentifiersIgnoringCaseExactOnesFirstAcrossPages() throws Exception {
    assertEquals(List.of(failedInvoice.id), ids("q=inv-9"));
    assertEquals(List.of(failedInvoice.id), ids("q=br-7"));
    java.util.function.Predicate<Row> po2 = r -> java.util.stream.Stream.of(r.businessId, r.orderRef)
        .anyMatch(v -> v != null && v.toLowerCase(java.util.Locale.ROOT).contains("po-2"));
    List<String> found = ids("q=po-2");
    assertEquals(idsOf(po2), new HashSet<>(found));
    assertEquals(rows.stream().filter(r -> "PO-2".equals(r.businessId)).findFirst().orElseThrow().id, found.get(0),
        "the exact match first");
    // the same through pages of two: the cursor carries the search from the exact to the partial matches
    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<String> r = get(gw, "/api/transmissions?limit=2&q=po-2"
          + (cursor == null ? "" : "&cursor=" + cursor), VIEWER_TOKEN);
      assertEquals(200, r.statusCode(), r.body());
      JsonNode page = json(r);
      page.get("items").forEach(n -> paged.add(n.get("id").asText()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
    } while (cursor != null && paged.size() < 100);
    assertEquals(found, paged);
    // a part of an SBDH InstanceIdentifier and of a participant id, in upper case
    Row r7 = rows.get(6);
    assertTrue(ids("q=" + r7.sbdhId.substring(9, 23).toUpperCase(java.util.Locale.ROOT)).contains(r7.id));
    Set<String> ofBuyerB = idsOf(r -> BUYER_B.equals(r.sender) || BUYER_B.equals(r.receiver));
    assertTrue(ofBuyerB.size() > 1 && new HashSet<>(ids("q=" + BUYER_B.substring(3))).containsAll(ofBuyerB));
  }

  @Test
  void searchTextIsBoundedWithAClear400() throws Exception {
    assertEquals(200, get(gw, "/api/transmissions?q=" + "x".repeat(200), VIEWER_TOKEN).statusCode());
    HttpResponse<String> tooLong = get(gw, "/api/transmissions?q=" + "x".repeat(201), VIEWER_TOKEN);
    assertEquals(400, tooLong.statusCode(), tooLong.body());
    assertTrue(tooLong.body().contains("longer than 200 characters"), tooLong.body());
    HttpResponse<String> lineBreak = get(gw, "/api/transmissions?q=PO-1%0APO-2", VIEWER_TOKEN);
    assertEquals(400, lineBreak.statusCode(), lineBreak.body());
    assertTrue(lineBreak.body().contains("control characters"), lineBreak.body());
    // wildcards are text: nothing here holds a '%' or an '_'
    assertTrue(ids("q=" + URLEncoder.encode("PO-%", StandardCharsets.UTF_8)).isEmpty());
    assertTrue(ids("q=PO-_").isEmpty());
  }

  @Test
  void badParametersAre400() throws Exception {
    for (String q : List.of("direction=sideways", "state=LOST", "from=yesterday", "limit=0", "limit=501",
        "cursor=bm90LWEtY3Vyc29y")) {
      HttpResponse<String> r = get(gw, "/api/transmissions?" + q, VIEWER_TOKEN);
      assertEquals(400, r.statusCode(), q);
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }
  }

  @Test
  void detailHasVerdictTimelineAndDownloads() throws Exception {
    JsonNode d = json(get(gw, "/api/transmissions/" + failedInvoice.id, VIEWER_TOKEN));
    assertEquals("FAILED", d.get("state").asText());
    String verdict = d.get("verdict").get("text").asText();
    assertTrue(verdict.startsWith("Rejected by the receiving access point: EBMS:0004"), verdict);
    assertTrue(verdict.contains("does not accept this document type; not retried"), verdict);
    assertEquals("/api/transmissions/" + failedInvoice.id + "/document", d.get("downloads").get("document").asText());
    assertEquals("ACCEPTED", d.get("timeline").get(0).get("type").asText());

    JsonNode rj = json(get(gw, "/api/transmissions/" + rejected.id, VIEWER_TOKEN));
    assertTrue(rj.get("verdict").get("side").asText().startsWith("Sender's side"));

    HttpResponse<String> doc = get(gw, "/api/transmissions/" + handedOver.id + "/document", VIEWER_TOKEN);
    assertEquals(200, doc.statusCode());
    assertEquals(new String(handedOver.document, StandardCharsets.UTF_8), doc.body());
    assertEquals(404, get(gw, "/api/transmissions/" + handedOver.id + "/receipt", VIEWER_TOKEN).statusCode());
    assertEquals(404, get(gw, "/api/transmissions/no-such-id", VIEWER_TOKEN).statusCode());
    assertEquals(200, get(gw, "/api/transmissions/" + handedOver.id + "/timeline", VIEWER_TOKEN).statusCode());

    JsonNode rendered = json(get(gw, "/api/transmissions/" + handedOver.id + "/rendered", VIEWER_TOKEN));
    assertEquals("Order", rendered.get("kind").asText());
    assertTrue(rendered.get("lines").size() > 0);
    assertFalse(rendered.get("parties").isEmpty());
  }

  @Test
  void documentChainShowsWhatIsMissing() throws Exception {
    JsonNode c = json(get(gw, "/api/ops/chains/PO-3", VIEWER_TOKEN));
    assertEquals(3, c.get("documents").size());
    assertEquals("order", c.get("documents").get(0).get("documentType").asText());
    String missing = c.get("missing").toString();
    assertTrue(missing.contains("Order confirmed but no invoice yet"), missing);
    assertFalse(missing.contains("No despatch advice"), missing);

    JsonNode c9 = json(get(gw, "/api/ops/chains/PO-9", VIEWER_TOKEN));
    assertTrue(c9.get("missing").toString().contains("INV-9 is failed: resend it."), c9.toString());
  }

  @Test
  void dashboardCountsAndBacklogs() throws Exception {
    JsonNode d = json(get(gw, "/api/ops/dashboard", VIEWER_TOKEN));
    assertTrue(d.get("last24h").get("all").get("received").asLong() >= 25);
    assertTrue(d.get("last7d").get("invoice").get("failed").asLong() >= 1);
    assertTrue(d.get("outbox").get("size").asLong() >= 1);
    assertTrue(d.get("localMode").asBoolean());
    assertTrue(d.get("certificateDaysLeft").asLong() > 0);
  }

  @Test
  void redeliverHandsTheDocumentOverAgain() throws Exception {
    Row r = rows.get(1);
    HttpResponse<String> res = post(gw, "/api/transmissions/" + r.id + "/redeliver", OPERATOR_TOKEN);
    assertEquals(200, res.statusCode(), res.body());
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (gw.gateway().store().find(r.id).orElseThrow().state() != TransmissionState.HANDED_OVER) {
      assertTrue(System.nanoTime() < end, "not handed over again");
      Thread.sleep(50);
    }
    assertTrue(gw.inboxDir().resolve(r.id + ".xml").toFile().isFile());
    assertEquals(409, post(gw, "/api/transmissions/" + rejected.id + "/redeliver", OPERATOR_TOKEN).statusCode());
    assertEquals(404, post(gw, "/api/transmissions/" + waiting.id + "/redeliver", OPERATOR_TOKEN).statusCode());
  }

  @Test
  void cancelAndRetryOutbound() throws Exception {
    assertEquals(409, post(gw, "/api/transmissions/" + delivered.id + "/cancel", OPERATOR_TOKEN).statusCode());
    HttpResponse<String> c = post(gw, "/api/transmissions/" + waiting.id + "/cancel", ADMIN_TOKEN);
    assertEquals(200, c.statusCode(), c.body());
    assertEquals(TransmissionState.CANCELLED, gw.gateway().store().find(waiting.id).orElseThrow().state());
    assertTrue(gw.gateway().outbound().outbox().entry(waiting.id).isEmpty());
    assertEquals(409, post(gw, "/api/transmissions/" + waiting.id + "/cancel", ADMIN_TOKEN).statusCode());

    assertEquals(409, post(gw, "/api/transmissions/" + delivered.id + "/retry", OPERATOR_TOKEN).statusCode());
    HttpResponse<String> r = post(gw, "/api/transmissions/" + failedForRetry.id + "/retry", OPERATOR_TOKEN);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(gw.gateway().store().timeline(failedForRetry.id).stream()
        .anyMatch(e -> "RETRY_NOW".equals(e.code())));
    assertEquals(404, post(gw, "/api/transmissions/" + handedOver.id + "/retry", OPERATOR_TOKEN).statusCode());
  }

  @Test
  void resendValidatesLikeAnyOtherDocument() throws Exception {
    HttpResponse<String> r = post(gw, "/api/transmissions/" + failedInvoice.id + "/resend", OPERATOR_TOKEN);
    assertTrue(r.statusCode() == 400 || r.statusCode() == 422, r.statusCode() + " " + r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    assertEquals(404, post(gw, "/api/transmissions/" + rejected.id + "/resend", OPERATOR_TOKEN).statusCode());
  }

  @Test
  void actionsAreAudited() throws Exception {
    post(gw, "/api/transmissions/" + delivered.id + "/cancel", OPERATOR_TOKEN);
    JsonNode a = json(get(gw, "/api/ops/audit?target=" + delivered.id, ADMIN_TOKEN));
    JsonNode first = a.get("entries").get(0);
    assertEquals("olle", first.get("actor").asText());
    assertEquals("CANCEL", first.get("action").asText());
    assertEquals("REFUSED_409", first.get("outcome").asText());
  }

  @Test
  void punchoutViewAndOpenApi() throws Exception {
    assertEquals(200, get(gw, "/api/ops/punchout", VIEWER_TOKEN).statusCode());
    assertEquals(401, get(gw, "/api/openapi.yaml", null).statusCode());
    HttpResponse<String> o = get(gw, "/api/openapi.yaml", VIEWER_TOKEN);
    assertEquals(200, o.statusCode());
    assertTrue(o.body().startsWith("openapi: 3"));
  }
}
