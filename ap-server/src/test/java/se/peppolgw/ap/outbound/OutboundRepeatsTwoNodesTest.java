package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.outbound.TestDocuments.BUYER;
import static se.peppolgw.ap.outbound.TestDocuments.SUPPLIER;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.TestPostgres;

/**
 * Issue 16 across nodes: two gateway nodes on one PostgreSQL database share the Idempotency-Keys
 * and the business identities of what they accepted, also when the same request reaches both at
 * the same moment.
 */
class OutboundRepeatsTwoNodesTest {
  static final int RACERS = 8;

  @TempDir static Path dir;
  static EmbeddedPostgres pg;
  static Peer supplier;
  static Peer nodeA;
  static Peer nodeB;

  @BeforeAll
  static void start() throws Exception {
    pg = TestPostgres.start();
    String url = pg.getJdbcUrl("postgres", "postgres");
    supplier = new Peer(dir, "supplier", "PSE000001", null);
    supplier.serves("supplier", SUPPLIER, "order");
    nodeA = new Peer(dir, "node-a", "PSE000002", supplier.keystoreDir());
    nodeB = new Peer(dir, "node-b", "PSE000002", supplier.keystoreDir());
    for (Peer n : List.of(nodeA, nodeB)) {
      n.with("gateway.db.url", url)
          .with("gateway.db.user", "postgres")
          .with("gateway.db.password", "")
          .with("gateway.outbound.duplicate-window-days", "90")
          .serves("buyer", BUYER, "*")
          .routes("supplier", SUPPLIER, "order", supplier);
    }
    supplier.start();
    nodeA.start();
    nodeB.start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (Peer p : new Peer[] {nodeA, nodeB, supplier}) {
      if (p != null) {
        p.close();
      }
    }
    if (pg != null) {
      pg.close();
    }
  }

  /** The example order with its own number. */
  static byte[] order(String number) {
    return new String(TestDocuments.order(), StandardCharsets.UTF_8)
        .replaceFirst("<cbc:ID>34</cbc:ID>", "<cbc:ID>" + number + "</cbc:ID>")
        .getBytes(StandardCharsets.UTF_8);
  }

  static HttpResponse<byte[]> post(Peer node, String query, byte[] body, String key) throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + "/api/outbound" + query))
            .header("Authorization", "Bearer " + node.gateway().localApiToken().orElseThrow())
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
    HttpResponse<byte[]> r = nodeA.get("/api/outbound?limit=500");
    assertEquals(200, r.statusCode(), () -> text(r));
    assertFalse(json(r).get("more").asBoolean());
    return json(r).get("items").size();
  }

  @Test
  void aRetryOnTheOtherNodeGetsTheSameTransmissionAndAnswer() throws Exception {
    byte[] doc = order("TWO-KEY-1");
    HttpResponse<byte[]> first = post(nodeA, "", doc, "two-key-1");
    assertEquals(202, first.statusCode(), () -> text(first));
    long before = outboundCount();
    HttpResponse<byte[]> retry = post(nodeB, "", doc, "two-key-1");
    assertEquals(202, retry.statusCode(), () -> text(retry));
    assertArrayEquals(first.body(), retry.body());
    assertEquals(before, outboundCount());

    HttpResponse<byte[]> other = post(nodeB, "", order("TWO-KEY-1B"), "two-key-1");
    assertEquals(409, other.statusCode(), () -> text(other));
    assertEquals(json(first).get("id").asText(), json(other).get("transmissionId").asText());

    String id = json(first).get("id").asText();
    assertEquals(TransmissionState.DELIVERED, nodeA.awaitState(id, TransmissionState.DELIVERED, Duration.ofSeconds(60)).state());
  }

  @Test
  void theSameOrderOnTheOtherNodeIs409NamingTheFirstUnlessAllowed() throws Exception {
    byte[] doc = order("TWO-DUP-1");
    HttpResponse<byte[]> first = post(nodeA, "", doc, null);
    assertEquals(202, first.statusCode(), () -> text(first));
    String id = json(first).get("id").asText();
    nodeA.awaitState(id, TransmissionState.DELIVERED, Duration.ofSeconds(60));

    HttpResponse<byte[]> second = post(nodeB, "", doc, null);
    assertEquals(409, second.statusCode(), () -> text(second));
    assertEquals(id, json(second).get("duplicateOf").asText());
    assertEquals("DELIVERED", json(second).get("duplicateOfState").asText());

    HttpResponse<byte[]> allowed = post(nodeB, "?duplicate=allow", doc, null);
    assertEquals(202, allowed.statusCode(), () -> text(allowed));
    String again = json(allowed).get("id").asText();
    assertTrue(
        nodeB.gateway().store().timeline(again).stream()
            .anyMatch(e -> "DUPLICATE_ALLOWED".equals(e.code()) && e.message().contains(id)));
  }

  @Test
  void racingRetriesWithOneKeyOnBothNodesMakeOneTransmission() throws Exception {
    byte[] doc = order("TWO-RACE-KEY");
    long before = outboundCount();
    List<HttpResponse<byte[]>> answers = race(i -> post(i % 2 == 0 ? nodeA : nodeB, "", doc, "two-race-key"));
    Set<String> ids = new HashSet<>();
    for (HttpResponse<byte[]> r : answers) {
      assertEquals(202, r.statusCode(), () -> text(r));
      ids.add(json(r).get("id").asText());
    }
    assertEquals(1, ids.size(), ids::toString);
    assertEquals(before + 1, outboundCount());
  }

  @Test
  void racingCopiesWithoutAKeyOnBothNodesAreAcceptedOnce() throws Exception {
    byte[] doc = order("TWO-RACE-DUP");
    long before = outboundCount();
    List<HttpResponse<byte[]>> answers = race(i -> post(i % 2 == 0 ? nodeA : nodeB, "", doc, null));
    long accepted = answers.stream().filter(r -> r.statusCode() == 202).count();
    long refused = answers.stream().filter(r -> r.statusCode() == 409).count();
    assertEquals(1, accepted, () -> answers.stream().map(OutboundRepeatsTwoNodesTest::text).toList().toString());
    assertEquals(RACERS - 1, refused);
    assertEquals(before + 1, outboundCount());
  }

  interface Call {
    HttpResponse<byte[]> run(int i) throws Exception;
  }

  /** RACERS calls released together. */
  static List<HttpResponse<byte[]>> race(Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(RACERS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<byte[]>>> futures = new ArrayList<>();
      for (int i = 0; i < RACERS; i++) {
        int n = i;
        Callable<HttpResponse<byte[]>> c =
            () -> {
              go.await();
              return call.run(n);
            };
        futures.add(pool.submit(c));
      }
      go.countDown();
      List<HttpResponse<byte[]>> out = new ArrayList<>();
      for (Future<HttpResponse<byte[]>> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
