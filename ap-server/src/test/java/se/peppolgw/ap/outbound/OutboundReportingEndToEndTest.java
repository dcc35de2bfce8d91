package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.ReportingStore;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * Peppol Reporting through the real outbound worker (local-mode loopback over AS4): the send is
 * counted when it becomes DELIVERED, at the delivery, with the receiving AP's certificate CN; the
 * same document arriving is counted as received with the configured C4 country.
 */
class OutboundReportingEndToEndTest {
  @TempDir Path dir;

  @Test
  void aDeliveredSendIsCountedOnceAndItsArrivalToo() throws Exception {
    try (GatewayFixture fx =
        LocalLoopbackTest.served(new GatewayFixture(dir))
            .with("gateway.outbound.dir", "none")
            .with("gateway.participant.shop.country", "FI")
            .start()) {
      HttpResponse<byte[]> r = LocalLoopbackTest.post(fx, TestDocuments.order());
      assertEquals(202, r.statusCode(), new String(r.body()));
      String id = OutboundApiTest.json(r).get("id").asText();
      Peer.await(
          () -> fx.gateway().store().find(id).orElseThrow().state() == TransmissionState.DELIVERED,
          Duration.ofSeconds(60),
          () -> "outbound " + id + ": " + fx.gateway().store().timeline(id));
      ReportingStore rs = new ReportingStore(fx.gateway().store().database(), Clock.systemUTC());
      Peer.await(
          () -> rs.items(Instant.EPOCH, Instant.now().plusSeconds(3600)).size() == 2,
          Duration.ofSeconds(30),
          () -> "items: " + rs.items(Instant.EPOCH, Instant.now().plusSeconds(3600)));
      List<ReportingStore.Item> items = rs.items(Instant.EPOCH, Instant.now().plusSeconds(3600));
      Transmission out = fx.gateway().store().find(id).orElseThrow();
      ReportingStore.Item sent =
          items.stream().filter(ReportingStore.Item::isSending).findFirst().orElseThrow();
      assertEquals(id, sent.transmissionId());
      assertEquals("PSE000001", sent.counterpartSp(), "the receiving AP's certificate CN (ourselves)");
      assertEquals(out.senderId(), sent.endUserId());
      assertEquals(out.documentTypeId(), sent.docTypeValue());
      assertEquals(out.updatedAt(), sent.exchangedAt(), "recorded with the DELIVERED state");
      ReportingStore.Item received =
          items.stream().filter(i -> !i.isSending()).findFirst().orElseThrow();
      assertEquals(TestDocuments.SUPPLIER, received.endUserId());
      assertEquals("FI", received.c4Country());
      assertEquals("PSE000001", received.counterpartSp());
    }
  }
}
