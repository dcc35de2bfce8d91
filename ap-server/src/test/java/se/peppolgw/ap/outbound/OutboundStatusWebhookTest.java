package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.outbound.TestDocuments.BUYER;
import static se.peppolgw.ap.outbound.TestDocuments.SUPPLIER;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.TransmissionState;

/**
 * Issue 16: the back office learns every final state of what it sent through the outbound status
 * webhook (gateway.outbound.webhook.url), signed like the inbound hand-over webhook and retried
 * while it is down. Two gateways on loopback, real AS4.
 */
class OutboundStatusWebhookTest {
  static final String SECRET = "outbound-status-secret";
  static final Duration MAX = Duration.ofSeconds(60);

  @TempDir static Path dir;
  static Peer supplier;
  static Peer buyer;
  static StatusReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    receiver = new StatusReceiver();
    supplier = new Peer(dir, "supplier", "PSE000001", null);
    supplier.serves("supplier", SUPPLIER, "order");
    buyer = new Peer(dir, "buyer", "PSE000002", supplier.keystoreDir());
    buyer.serves("buyer", BUYER, "*")
        .routes("supplier", SUPPLIER, "order", supplier)
        .with("gateway.outbound.webhook.url", receiver.url().toString())
        .with("gateway.outbound.webhook.secret", SECRET)
        .with("gateway.outbound.webhook.retry.initial-delay-ms", "200");
    supplier.start();
    buyer.start();
  }

  @AfterAll
  static void stop() {
    for (Peer p : new Peer[] {buyer, supplier}) {
      if (p != null) {
        p.close();
      }
    }
    receiver.close();
  }

  static String submit(byte[] doc) throws Exception {
    var r = buyer.post("", doc);
    assertEquals(202, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    return Json.MAPPER.readTree(r.body()).get("id").asText();
  }

  static StatusReceiver.Call awaitAccepted(String id) throws InterruptedException {
    Peer.await(() -> !receiver.accepted(id).isEmpty(), MAX, () -> "calls for " + id + ": " + receiver.of(id));
    return receiver.accepted(id).get(0);
  }

  @Test
  void aDeliveryIsReportedAfterTheBackOfficeComesBack() throws Exception {
    receiver.answer.set(503);
    String id = submit(TestDocuments.order());
    buyer.awaitState(id, TransmissionState.DELIVERED, MAX);
    Peer.await(() -> receiver.of(id).size() >= 2, MAX, () -> "retries for " + id + ": " + receiver.of(id));
    receiver.answer.set(204);
    StatusReceiver.Call ok = awaitAccepted(id);
    assertTrue(ok.signedWith(SECRET), "signed with the configured secret");
    JsonNode body = ok.json();
    assertEquals("DELIVERED", body.get("state").asText());
    assertEquals("FINAL_STATE", body.get("event").asText());
    assertEquals(BUYER, body.get("sender").asText());
    assertEquals(SUPPLIER, body.get("receiver").asText());
    assertEquals(buyer.transmission(id).businessId(), body.get("documentId").asText());
    assertEquals(1, receiver.of(id).stream().map(StatusReceiver.Call::eventId).distinct().count(),
        "every retry is the same callback");
    Peer.await(
        () -> buyer.gateway().store().timeline(id).stream()
            .anyMatch(e -> "STATUS_WEBHOOK_DELIVERED".equals(e.code())),
        MAX, () -> "timeline of " + id);
    assertEquals(1, buyer.gateway().store().timeline(id).stream()
        .filter(e -> "STATUS_WEBHOOK_FAILED".equals(e.code())).count());
  }

  @Test
  void aFailureIsReportedWithItsReason() throws Exception {
    String id = submit(TestDocuments.orderTo(OutboundFailureTest.UNKNOWN));
    buyer.awaitState(id, TransmissionState.FAILED, MAX);
    StatusReceiver.Call ok = awaitAccepted(id);
    assertTrue(ok.signedWith(SECRET));
    JsonNode body = ok.json();
    assertEquals("FAILED", body.get("state").asText());
    assertEquals(buyer.transmission(id).errorCode(), body.get("reasonCode").asText());
    assertEquals(buyer.transmission(id).errorDetail(), body.get("reason").asText());
    assertEquals(List.of(id), receiver.of(id).stream().map(StatusReceiver.Call::transmissionId).distinct().toList());
  }
}
