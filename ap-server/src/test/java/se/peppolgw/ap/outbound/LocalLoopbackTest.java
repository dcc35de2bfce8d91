package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;

/** Local mode: a document for one of our own participants travels over real AS4 to our own /as4. */
class LocalLoopbackTest {
  @TempDir Path dir;

  /** Also serves the supplier of the test documents (a valid Swedish organisation number). */
  static GatewayFixture served(GatewayFixture fx) {
    return fx.with("gateway.participants", "supplier,gln,shop")
        .with("gateway.participant.shop.id", TestDocuments.SUPPLIER)
        .with("gateway.participant.shop.document-types", "order");
  }

  static HttpResponse<byte[]> post(GatewayFixture fx, byte[] body) throws Exception {
    java.net.http.HttpRequest req =
        java.net.http.HttpRequest.newBuilder(fx.url("/api/outbound"))
            .header("Authorization", "Bearer " + fx.apiToken())
            .header("Content-Type", "application/xml")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return java.net.http.HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void anOrderToOurOwnParticipantIsSentToOurselvesAndHandedOver() throws Exception {
    try (GatewayFixture fx = served(new GatewayFixture(dir)).with("gateway.outbound.dir", "none").start()) {
      byte[] order = TestDocuments.order(); // to TestDocuments.SUPPLIER, served here (see served())
      HttpResponse<byte[]> r = post(fx, order);
      assertEquals(202, r.statusCode(), new String(r.body()));
      String id = OutboundApiTest.json(r).get("id").asText();

      Peer.await(
          () -> fx.gateway().store().find(id).orElseThrow().state() == TransmissionState.DELIVERED
              || fx.gateway().store().find(id).orElseThrow().state() == TransmissionState.FAILED,
          Duration.ofSeconds(60),
          () -> "outbound " + id + ": " + fx.gateway().store().timeline(id));
      Transmission out = fx.gateway().store().find(id).orElseThrow();
      assertEquals(TransmissionState.DELIVERED, out.state(), fx.gateway().store().timeline(id).toString());
      assertTrue(fx.gateway().store().payload(id, PayloadKind.RECEIPT).isPresent(), "signed receipt kept");

      // the lookup trace on the timeline says where it went and why
      JsonNode status = OutboundApiTest.json(fx.api("GET", "/api/outbound/" + id));
      assertTrue(status.toString().contains(LocalLoopbackLookup.MODE), status.toString());

      // ... and the same document arrived inbound, byte for byte, and was handed over
      Peer.await(
          () -> fx.gateway().store().count(Direction.IN, TransmissionState.HANDED_OVER) == 1,
          Duration.ofSeconds(30),
          () -> "inbound: " + fx.gateway().store().count(Direction.IN, TransmissionState.RECEIVED) + " received");
      List<Path> inbox;
      try (var s = Files.list(fx.inboxDir())) {
        inbox = s.filter(p -> p.toString().endsWith(".xml")).toList();
      }
      assertEquals(1, inbox.size(), inbox.toString());
      // the document as the SBD carried it: the posted bytes without their XML declaration
      assertArrayEquals(se.peppolgw.ap.sbd.SbdWriter.bodyOf(order), Files.readAllBytes(inbox.get(0)));
      assertEquals(out.sbdhInstanceId(), fx.gateway().store().find(inbox.get(0).getFileName().toString().replace(".xml", "")).orElseThrow().sbdhInstanceId());
    }
  }

  @Test
  void aParticipantWeDoNotServeIsStillNotRegisteredAndLoopbackCanBeSwitchedOff() throws Exception {
    try (GatewayFixture fx =
        served(new GatewayFixture(dir))
            .with("gateway.outbound.dir", "none")
            .with("gateway.routing.local-loopback", "false")
            .start()) {
      String id = OutboundApiTest.json(post(fx, TestDocuments.order())).get("id").asText();
      Peer.await(
          () -> fx.gateway().store().find(id).orElseThrow().state() == TransmissionState.FAILED,
          Duration.ofSeconds(30),
          () -> "outbound " + id + ": " + fx.gateway().store().timeline(id));
      assertTrue(fx.gateway().store().timeline(id).toString().contains("PARTICIPANT_NOT_REGISTERED"),
          fx.gateway().store().timeline(id).toString());
    }
  }
}
