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
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.TransmissionState;

/**
 * A receiver that takes three times the lease to answer: the running send keeps extending its
 * claim, so nobody (not even this node's own dispatcher) claims the document again and sends it a
 * second time in parallel. Without renewal the lease runs out mid-send and a second attempt starts.
 */
class LeaseRenewalTest {
  @TempDir Path dir;

  @Test
  void aSlowReceiverIsSentTheDocumentOnceWhileTheLeaseIsExtended() throws Exception {
    Peer supplier = new Peer(dir, "supplier", "PSE000001", null);
    supplier.serves("supplier", SUPPLIER, "order");
    supplier.start();
    Peer buyer = null;
    try (FaultyLink link = new FaultyLink(supplier.port, List.of(Fault.SLOW))) {
      buyer =
          new Peer(dir, "buyer", "PSE000002", supplier.keystoreDir())
              .serves("buyer", BUYER, "*")
              .routes("supplier", SUPPLIER, "order", link.url(), supplier.certificateFile())
              .with("gateway.outbound.lease-seconds", "2")
              .with("gateway.outbound.poll-ms", "200")
              .with("gateway.outbound.response-timeout-seconds", "30")
              .start();
      var r = buyer.post("", TestDocuments.order());
      assertEquals(202, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
      String id = Json.MAPPER.readTree(r.body()).get("id").asText();

      buyer.awaitState(id, TransmissionState.DELIVERED, Duration.ofSeconds(90));
      List<TimelineEvent> tl = buyer.gateway().store().timeline(id);
      assertEquals(List.of(Fault.SLOW), link.injected());
      // without renewal: the lease runs out mid-send, a second attempt is claimed (LEASE_EXPIRED)
      // and the first attempt's outcome is never recorded
      assertTrue(tl.stream().noneMatch(e -> "LEASE_EXPIRED".equals(e.code())), tl::toString);
      List<TimelineEvent> attempts = tl.stream().filter(e -> e.type() == EventType.SEND_ATTEMPT).toList();
      assertEquals(1, attempts.size(), tl::toString);
      assertEquals("SUCCESS", attempts.get(0).code());
      assertTrue(attempts.get(0).durationMs() >= FaultyLink.SLOW_MILLIS, "the send really outlived the 2 s lease");
      Peer.await(
          () -> supplier.gateway().store().count(Direction.IN, TransmissionState.HANDED_OVER) == 1,
          Duration.ofSeconds(30),
          () -> "supplier handed over " + supplier.gateway().store().count(Direction.IN, TransmissionState.HANDED_OVER));
      assertEquals(0, supplier.gateway().store().count(Direction.IN, TransmissionState.DUPLICATE),
          "the receiver never saw a second copy");
    } finally {
      if (buyer != null) {
        buyer.close();
      }
      supplier.close();
    }
  }
}
