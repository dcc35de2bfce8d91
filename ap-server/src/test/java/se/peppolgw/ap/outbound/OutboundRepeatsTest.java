package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;
import se.peppolgw.ap.testkit.TestClock;

/**
 * Issue 16, a back office never doubles an invoice: the Idempotency-Key of POST /api/outbound and
 * the duplicate rule on the business identity, through the API and the outbound folder (H2).
 */
class OutboundRepeatsTest {
  @TempDir static Path dir;
  static GatewayFixture fx;
  static Path folder;
  static final TestClock CLOCK = new TestClock();

  @BeforeAll
  static void start() throws Exception {
    folder = dir.resolve("to-send");
    fx =
        new GatewayFixture(dir)
            .with("gateway.outbound.dir", folder.toString())
            .with("gateway.outbound.duplicate-window-days", "90")
            .withClock(CLOCK)
            .start();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  /** The BIS example invoice with its own number and issue date. */
  static byte[] invoice(String number, String issueDate) {
    return new String(SharedTestData.read(SharedTestData.INVOICE), StandardCharsets.UTF_8)
        .replace("<cbc:ID>Snippet1</cbc:ID>", "<cbc:ID>" + number + "</cbc:ID>")
        .replace("<cbc:IssueDate>2017-11-13</cbc:IssueDate>", "<cbc:IssueDate>" + issueDate + "</cbc:IssueDate>")
        .getBytes(StandardCharsets.UTF_8);
  }

  static HttpResponse<byte[]> post(String query, byte[] body, String key) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(fx.url("/api/outbound" + query))
            .header("Authorization", "Bearer " + fx.apiToken())
            .header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode json(HttpResponse<byte[]> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** All outbound transmissions, in one query (per-state counts race with state changes). */
  static long outboundCount() throws Exception {
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(fx.url("/api/outbound?limit=500"))
                    .header("Authorization", "Bearer " + fx.apiToken())
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), () -> text(r));
    assertFalse(json(r).get("more").asBoolean());
    return json(r).get("items").size();
  }

  @Test
  void theSameKeyTwiceIsOneTransmissionAndTheSameAnswer() throws Exception {
    byte[] doc = invoice("IDEM-1", "2026-01-10");
    long before = outboundCount();
    HttpResponse<byte[]> first = post("", doc, "key-idem-1");
    assertEquals(202, first.statusCode(), () -> text(first));
    HttpResponse<byte[]> again = post("", doc, "key-idem-1");
    assertEquals(202, again.statusCode(), () -> text(again));
    assertArrayEquals(first.body(), again.body(), "the same answer, byte for byte");
    assertEquals(first.headers().firstValue("Location"), again.headers().firstValue("Location"));
    assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(""));
    assertFalse(first.headers().firstValue("Idempotent-Replayed").isPresent());
    assertEquals(before + 1, outboundCount());
  }

  @Test
  void theSameKeyWithAnotherBodyIs409AndStoresNothing() throws Exception {
    HttpResponse<byte[]> first = post("", invoice("IDEM-2", "2026-01-10"), "key-idem-2");
    assertEquals(202, first.statusCode(), () -> text(first));
    String id = json(first).get("id").asText();
    long before = outboundCount();
    HttpResponse<byte[]> other = post("", invoice("IDEM-2B", "2026-01-10"), "key-idem-2");
    assertEquals(409, other.statusCode(), () -> text(other));
    assertEquals(id, json(other).get("transmissionId").asText());
    assertTrue(json(other).get("detail").asText().contains(id), () -> text(other));
    assertEquals(before, outboundCount());
  }

  @Test
  void theSameKeyAndBodyWithOtherParametersIsAnotherRequest() throws Exception {
    byte[] doc = invoice("IDEM-3", "2026-01-10");
    assertEquals(202, post("", doc, "key-idem-3").statusCode());
    HttpResponse<byte[]> other = post("?countryC1=DK", doc, "key-idem-3");
    assertEquals(409, other.statusCode(), () -> text(other));
    assertEquals("Idempotency-Key reused", json(other).get("title").asText());
  }

  @Test
  void unusableKeysAreRefusedAndStoreNothing() throws Exception {
    long before = outboundCount();
    for (String bad : List.of("x".repeat(201), "with space", "tab\there", "")) {
      HttpResponse<byte[]> r = post("", invoice("IDEM-BAD", "2026-01-10"), bad);
      assertEquals(400, r.statusCode(), () -> bad + ": " + text(r));
      assertEquals("Bad Idempotency-Key", json(r).get("title").asText());
    }
    assertEquals(before, outboundCount());
  }

  @Test
  void aRefusedRequestIsNotRememberedUnderItsKey() throws Exception {
    byte[] invalid =
        new String(invoice("IDEM-4", "2026-01-10"), StandardCharsets.UTF_8)
            .replaceAll("<cbc:BuyerReference>[^<]*</cbc:BuyerReference>", "")
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(422, post("", invalid, "key-idem-4").statusCode());
    // the corrected document under the same key is a first request, not a reuse
    HttpResponse<byte[]> fixed = post("", invoice("IDEM-4", "2026-01-10"), "key-idem-4");
    assertEquals(202, fixed.statusCode(), () -> text(fixed));
  }

  @Test
  void theSameInvoiceTwiceWithoutAKeyIs409NamingTheFirst() throws Exception {
    byte[] doc = invoice("INV-2026-0042", "2026-02-01");
    HttpResponse<byte[]> first = post("", doc, null);
    assertEquals(202, first.statusCode(), () -> text(first));
    String id = json(first).get("id").asText();
    long before = outboundCount();

    HttpResponse<byte[]> second = post("", doc, null);
    assertEquals(409, second.statusCode(), () -> text(second));
    JsonNode p = json(second);
    assertEquals("Duplicate document", p.get("title").asText());
    assertEquals(id, p.get("duplicateOf").asText());
    String state = fx.gateway().store().find(id).orElseThrow().state().name();
    assertTrue(
        List.of(state, "PENDING", "SENDING", "RETRY_WAIT", "DELIVERED", "FAILED")
            .contains(p.get("duplicateOfState").asText()),
        p::toString);
    assertTrue(p.get("detail").asText().contains(id), p::toString);
    assertTrue(p.get("detail").asText().contains("INV-2026-0042"), p::toString);
    assertTrue(p.get("detail").asText().contains("duplicate=allow"), p::toString);
    assertEquals(before, outboundCount());

    // a new key does not make the same invoice new
    HttpResponse<byte[]> keyed = post("", doc, "key-dup-1");
    assertEquals(409, keyed.statusCode(), () -> text(keyed));
  }

  @Test
  void duplicateAllowSendsItAndTheTimelineSaysSo() throws Exception {
    byte[] doc = invoice("INV-ALLOW-1", "2026-02-01");
    String first = json(post("", doc, null)).get("id").asText();
    HttpResponse<byte[]> again = post("?duplicate=allow", doc, null);
    assertEquals(202, again.statusCode(), () -> text(again));
    String second = json(again).get("id").asText();
    assertNotEquals(first, second);
    List<TimelineEvent> timeline = fx.gateway().store().timeline(second);
    assertTrue(
        timeline.stream()
            .anyMatch(e -> "DUPLICATE_ALLOWED".equals(e.code()) && e.message().contains(first)),
        timeline::toString);
    // and the first one is still what later copies are compared with
    HttpResponse<byte[]> third = post("", doc, null);
    assertEquals(409, third.statusCode());
    assertEquals(first, json(third).get("duplicateOf").asText());
  }

  @Test
  void anUnknownDuplicateValueIs400() throws Exception {
    HttpResponse<byte[]> r = post("?duplicate=yes", invoice("INV-DUPVAL", "2026-02-01"), null);
    assertEquals(400, r.statusCode(), () -> text(r));
  }

  @Test
  void theSameNumberOnAnotherDayOrToAnotherReceiverIsNotADuplicate() throws Exception {
    assertEquals(202, post("", invoice("INV-DAY", "2026-03-01"), null).statusCode());
    HttpResponse<byte[]> nextYear = post("", invoice("INV-DAY", "2027-03-01"), null);
    assertEquals(202, nextYear.statusCode(), () -> text(nextYear));
    HttpResponse<byte[]> elsewhere =
        post("?receiver=iso6523-actorid-upis::0007:5567212344", invoice("INV-DAY", "2026-03-01"), null);
    assertEquals(202, elsewhere.statusCode(), () -> text(elsewhere));
  }

  @Test
  void theFolderRefusesADuplicateInItsResultFile() throws Exception {
    byte[] doc = invoice("INV-FOLDER-1", "2026-04-01");
    drop("first.xml", doc);
    JsonNode first = awaitResult("first.xml");
    // accepted, or already its outcome (the receiver is not routed: it soon fails)
    assertTrue(List.of("accepted", "failed").contains(first.get("status").asText()), first::toString);
    drop("second.xml", doc);
    JsonNode second = awaitResult("second.xml");
    assertEquals("rejected", second.get("status").asText(), second::toString);
    assertEquals(409, second.get("httpStatus").asInt());
    assertEquals(first.get("id").asText(), second.get("duplicateOf").asText());
    assertTrue(Files.exists(folder.resolve("rejected").resolve("second.xml")));
  }

  /**
   * Moves the shared clock forward; harmless to the other tests, which each use their own keys and
   * document numbers.
   */
  @Test
  void keysExpireAfterADayAndDuplicatesAfterTheWindow() throws Exception {
    byte[] doc = invoice("INV-OLD", "2026-05-01");
    HttpResponse<byte[]> first = post("", doc, "key-old");
    assertEquals(202, first.statusCode(), () -> text(first));
    CLOCK.advance(Duration.ofHours(23));
    assertEquals(409, post("", invoice("INV-OLD-B", "2026-05-01"), "key-old").statusCode(),
        "still within the day");
    CLOCK.advance(Duration.ofHours(2));
    HttpResponse<byte[]> reused = post("", invoice("INV-OLD-C", "2026-05-01"), "key-old");
    assertEquals(202, reused.statusCode(), () -> text(reused));

    assertEquals(409, post("", doc, null).statusCode(), "still within 90 days");
    CLOCK.advance(Duration.ofDays(90));
    HttpResponse<byte[]> late = post("", doc, null);
    assertEquals(202, late.statusCode(), () -> text(late));
  }

  @Test
  void racingRequestsWithOneKeyMakeOneTransmission() throws Exception {
    byte[] doc = invoice("IDEM-RACE", "2026-06-01");
    long before = outboundCount();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<HttpResponse<byte[]>>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        futures.add(pool.submit(() -> {
          go.await();
          return post("", doc, "key-race");
        }));
      }
      go.countDown();
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (var f : futures) {
        HttpResponse<byte[]> r = f.get();
        // a request that meets the first one mid-transaction is told to retry, never stored twice
        assertTrue(r.statusCode() == 202 || r.statusCode() == 409, () -> text(r));
        if (r.statusCode() == 202) {
          ids.add(json(r).get("id").asText());
        } else {
          assertEquals("Idempotency-Key in use", json(r).get("title").asText(), () -> text(r));
        }
      }
      assertEquals(1, ids.size(), ids::toString);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(before + 1, outboundCount());
    HttpResponse<byte[]> retry = post("", doc, "key-race");
    assertEquals(202, retry.statusCode(), () -> text(retry));
  }

  static void drop(String name, byte[] doc) throws Exception {
    Path tmp = folder.resolve(name + ".part");
    Files.write(tmp, doc);
    Files.move(tmp, folder.resolve(name));
  }

  static JsonNode awaitResult(String name) throws Exception {
    Path result = folder.resolve("results").resolve(name + ".result.json");
    Peer.await(() -> Files.exists(result), Duration.ofSeconds(60), () -> "no result for " + name);
    return Json.MAPPER.readTree(Files.readAllBytes(result));
  }
}
