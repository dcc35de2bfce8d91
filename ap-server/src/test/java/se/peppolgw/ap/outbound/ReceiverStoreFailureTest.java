package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.outbound.TestDocuments.BUYER;
import static se.peppolgw.ap.outbound.TestDocuments.SUPPLIER;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;

/**
 * Gateway to gateway: when the receiving gateway cannot store a message it answers EBMS:0004
 * "NOT received, retry later" on an HTTP 503. The sending gateway must take that for what it
 * says: retry (the error is on the timeline), and deliver once the receiver's store works again
 * — not end FAILED as for a final AS4 error. Found while the reliability suite overloaded a
 * receiver.
 */
class ReceiverStoreFailureTest {
  @TempDir Path dir;

  @Test
  void aTemporaryErrorOnA503IsRetriedAndDeliveredOnceTheReceiverRecovers() throws Exception {
    Peer supplier = new Peer(dir, "supplier", "PSE000001", null).serves("supplier", SUPPLIER, "order").start();
    Peer buyer = null;
    try {
      buyer =
          new Peer(dir, "buyer", "PSE000002", supplier.keystoreDir())
              .serves("buyer", BUYER, "*")
              .routes("supplier", SUPPLIER, "order", supplier)
              .with("gateway.outbound.retry.initial-delay-ms", "200")
              .with("gateway.outbound.retry.max-attempts", "20")
              .start();
      String url = supplier.gateway().config().store().url();
      // Break the receiver's payload table behind its back: storing any message now fails.
      execute(url, "ALTER TABLE payload RENAME TO payload_broken");
      var r = buyer.post("", TestDocuments.order());
      assertEquals(202, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
      String id = Json.MAPPER.readTree(r.body()).get("id").asText();
      Peer b = buyer;
      Peer.await(
          () -> b.gateway().store().timeline(id).stream().anyMatch(e -> e.type() == EventType.RETRY_SCHEDULED)
              || b.transmission(id).state() == TransmissionState.FAILED,
          Duration.ofSeconds(90),
          () -> b.gateway().store().timeline(id).toString());
      Transmission waiting = buyer.transmission(id);
      assertTrue(waiting.state() != TransmissionState.FAILED, () -> "FAILED on a temporary error: " + waiting);
      assertEquals("EBMS:0004", waiting.errorCode());

      execute(url, "ALTER TABLE payload_broken RENAME TO payload");
      Transmission done = buyer.awaitState(id, TransmissionState.DELIVERED, Duration.ofSeconds(90));
      List<TimelineEvent> tl = buyer.gateway().store().timeline(id);
      assertEquals(TransmissionState.DELIVERED, done.state(), tl::toString);
      TimelineEvent first = tl.stream().filter(e -> e.type() == EventType.SEND_ATTEMPT).findFirst().orElseThrow();
      assertEquals("EBMS:0004", first.code());
      assertTrue(first.message().contains("HTTP 503") && first.message().contains("NOT received"), first.message());
      assertEquals(1, supplier.gateway().store().inbox().inboxPending(0, 10).size(), "handed over once");
    } finally {
      if (buyer != null) {
        buyer.close();
      }
      supplier.close();
    }
  }

  static void execute(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
