package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.outbound.TestDocuments.BUYER;
import static se.peppolgw.ap.outbound.TestDocuments.SUPPLIER;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.TestPostgres;

/**
 * Two gateway nodes share one PostgreSQL database (scale-out): both run outbound workers on the
 * same outbox. Every document is sent exactly once: one attempt each, one arrival each at the
 * receiver, no duplicates there.
 */
class TwoNodesOnePostgresTest {
  static final int DOCUMENTS = 24;

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
          // the nodes send as the buyer, so they serve it (a token sends only for served participants)
          .serves("buyer", BUYER, "*")
          .routes("supplier", SUPPLIER, "order", supplier);
    }
    // node a accepts everything but sends slowly; node b only polls, so both take work
    nodeA.with("gateway.outbound.workers", "1");
    nodeB.with("gateway.outbound.workers", "4");
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

  @Test
  void everyDocumentIsSentExactlyOnceByOneOfTheNodes() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < DOCUMENTS; i++) {
      var r = nodeA.post("", TestDocuments.order());
      assertEquals(202, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
      ids.add(Json.MAPPER.readTree(r.body()).get("id").asText());
    }
    for (String id : ids) {
      Transmission t = nodeB.awaitState(id, TransmissionState.DELIVERED, Duration.ofSeconds(120));
      assertEquals(TransmissionState.DELIVERED, t.state(), () -> nodeB.gateway().store().timeline(id).toString());
    }

    Set<String> senders = new HashSet<>();
    for (String id : ids) {
      List<TimelineEvent> attempts =
          nodeA.gateway().store().timeline(id).stream().filter(e -> e.type() == EventType.SEND_ATTEMPT).toList();
      assertEquals(1, attempts.size(), () -> "sent more than once: " + id);
      senders.add(attempts.get(0).message().replaceAll(".*\\(node (\\S+)\\).*", "$1"));
    }
    assertEquals(Set.of("node-a", "node-b"), senders, "both nodes took work");

    var in = supplier.gateway().store();
    assertEquals(DOCUMENTS, in.count(Direction.IN, TransmissionState.RECEIVED)
        + in.count(Direction.IN, TransmissionState.HANDED_OVER));
    assertEquals(0, in.count(Direction.IN, TransmissionState.DUPLICATE));
    assertTrue(nodeA.gateway().outbound().outbox().size() == 0);
  }
}
