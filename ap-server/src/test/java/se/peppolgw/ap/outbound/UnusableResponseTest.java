package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.outbound.TestDocuments.BUYER;
import static se.peppolgw.ap.outbound.TestDocuments.SUPPLIER;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.outbound.FaultyLink.Fault;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;

/**
 * Answers that are not AS4 at all, found by the reliability suite's flapping receiver: a 200 with
 * bytes that phase4 cannot even start to parse (no Content-Type), and a receiver that does not
 * answer within the configured response timeout. Both are transient trouble on the way to the
 * receiver: retried with the reason on the timeline, then delivered.
 */
class UnusableResponseTest {
  @TempDir Path dir;

  @Test
  void garbageAndASilentReceiverAreRetriedWithTheirReasonThenDelivered() throws Exception {
    Peer supplier = new Peer(dir, "supplier", "PSE000001", null);
    supplier.serves("supplier", SUPPLIER, "order");
    supplier.start();
    Peer buyer = null;
    try (FaultyLink link =
        new FaultyLink(supplier.port, List.of(Fault.GARBAGE_WITHOUT_CONTENT_TYPE, Fault.HANG))) {
      buyer =
          new Peer(dir, "buyer", "PSE000002", supplier.keystoreDir())
              .serves("buyer", BUYER, "*")
              .routes("supplier", SUPPLIER, "order", link.url(), supplier.certificateFile())
              .with("gateway.outbound.retry.initial-delay-ms", "100")
              .with("gateway.outbound.retry.max-attempts", "5")
              .with("gateway.outbound.response-timeout-seconds", "3")
              .with("gateway.outbound.lease-seconds", "30")
              .start();
      var r = buyer.post("", TestDocuments.order());
      assertEquals(202, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
      String id = Json.MAPPER.readTree(r.body()).get("id").asText();

      Transmission t = buyer.awaitState(id, TransmissionState.DELIVERED, Duration.ofSeconds(60));
      List<TimelineEvent> tl = buyer.gateway().store().timeline(id);
      assertEquals(TransmissionState.DELIVERED, t.state(), tl::toString);
      assertEquals(List.of(Fault.GARBAGE_WITHOUT_CONTENT_TYPE, Fault.HANG), link.injected());
      List<TimelineEvent> attempts =
          tl.stream().filter(e -> e.type() == EventType.SEND_ATTEMPT).toList();
      // a cold receiver may itself need longer than 3 s for its first answer: more attempts then
      assertTrue(attempts.size() >= 3, tl::toString);
      assertEquals("INVALID_RESPONSE", attempts.get(0).code(), attempts.get(0)::toString);
      assertTrue(attempts.get(0).message().contains("HTTP 200"), attempts.get(0).message());
      assertEquals("TRANSPORT_ERROR", attempts.get(1).code(), attempts.get(1)::toString);
      assertTrue(attempts.get(1).message().toLowerCase(java.util.Locale.ROOT).contains("timed out"),
          attempts.get(1).message());
      assertTrue(attempts.get(1).durationMs() < 10_000, "gave up after the configured 3 s, not phase4's 2 min");
      assertEquals("SUCCESS", attempts.get(attempts.size() - 1).code());
      assertEquals(attempts.size() - 1, tl.stream().filter(e -> e.type() == EventType.RETRY_SCHEDULED).count());
    } finally {
      if (buyer != null) {
        buyer.close();
      }
      supplier.close();
    }
  }
}
