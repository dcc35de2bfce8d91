package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.metrics.PrometheusText;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * An attempt that the gateway's own code cannot run — here an operator retries a document whose
 * stored SBD is gone — fails the document with GATEWAY_ERROR and the reason on its timeline. Before,
 * the worker threw, the lease ran out and the same attempt was claimed again for ever, in SENDING,
 * which an operator can neither retry nor cancel.
 */
class OutboundWorkerGatewayErrorTest {
  static final String OPERATOR_TOKEN = "operator-token-0123456789";
  @TempDir Path dir;

  @Test
  void aDocumentThatCannotBePreparedFailsWithGatewayErrorInsteadOfBeingClaimedForEver() throws Exception {
    try (GatewayFixture fx =
        // the metrics test's gateway (served participants, metrics token), plus an operator who may retry
        MetricsEndToEndTest.configured(new GatewayFixture(dir))
            .with("gateway.routing.local-loopback", "false")
            .with("gateway.outbound.lease-seconds", "2")
            .with("gateway.operators", "vera,olle")
            .with("gateway.operator.olle.role", "operator")
            .with("gateway.operator.olle.token-hashes", ApiTokens.hash(OPERATOR_TOKEN))
            .start()) {
      // 1. an ordinary failure: no route to the receiver
      String id = OutboundApiTest.json(LocalLoopbackTest.post(fx, TestDocuments.order())).get("id").asText();
      awaitState(fx, id, TransmissionState.FAILED);
      assertEquals("PARTICIPANT_NOT_REGISTERED", fx.gateway().store().find(id).orElseThrow().errorCode());

      // 2. its stored SBD is lost, and an operator retries it
      try (Connection c = fx.gateway().store().database().connection();
          PreparedStatement ps =
              c.prepareStatement("DELETE FROM payload WHERE transmission_id = ? AND kind = 'SBD'")) {
        ps.setString(1, id);
        assertEquals(1, ps.executeUpdate());
      }
      HttpResponse<String> retried =
          HttpClient.newHttpClient().send(
              HttpRequest.newBuilder(fx.url("/api/transmissions/" + id + "/retry"))
                  .header("Authorization", "Bearer " + OPERATOR_TOKEN)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, retried.statusCode(), retried.body());

      // 3. the attempt cannot run: failed at once, said why, and an operator can retry again
      Peer.await(
          () -> "GATEWAY_ERROR".equals(fx.gateway().store().find(id).orElseThrow().errorCode()),
          Duration.ofSeconds(30),
          () -> "timeline: " + fx.gateway().store().timeline(id));
      Transmission t = fx.gateway().store().find(id).orElseThrow();
      assertEquals(TransmissionState.FAILED, t.state());
      assertTrue(t.errorDetail().contains("its stored SBD is missing"), t.errorDetail());
      assertTrue(
          fx.gateway().store().timeline(id).stream()
              .anyMatch(e -> e.type() == EventType.FAILED && "GATEWAY_ERROR".equals(e.code())),
          () -> "timeline: " + fx.gateway().store().timeline(id));
      assertTrue(t.state().next().contains(TransmissionState.PENDING), "an operator may retry it");
      String metrics =
          MetricsEndToEndTest.awaitMetric(fx, "gateway_outbound_failed_total", Map.of("kind", "GATEWAY_ERROR"), 1.0);
      assertEquals(1.0, PrometheusText.value(metrics, "gateway_outbound_failed_total",
          Map.of("kind", "PARTICIPANT_NOT_REGISTERED")), metrics);

      // 4. several lease periods later it is still FAILED: not claimed again behind the operator's back
      Thread.sleep(5_000);
      assertEquals(TransmissionState.FAILED, fx.gateway().store().find(id).orElseThrow().state());
      assertEquals(
          1,
          fx.gateway().store().timeline(id).stream()
              .filter(e -> e.type() == EventType.FAILED && "GATEWAY_ERROR".equals(e.code()))
              .count());
    }
  }

  private static void awaitState(GatewayFixture fx, String id, TransmissionState state) throws Exception {
    Peer.await(
        () -> fx.gateway().store().find(id).orElseThrow().state() == state,
        Duration.ofSeconds(30),
        () -> "outbound " + id + ": " + fx.gateway().store().timeline(id));
  }
}
