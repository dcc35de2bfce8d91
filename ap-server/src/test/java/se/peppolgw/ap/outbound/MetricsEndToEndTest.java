package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.metrics.PrometheusText;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;
import se.peppolgw.ap.testkit.TestSender;

/**
 * GET /metrics over real HTTP: who may read it, and that real AS4 traffic (a receive, a refusal,
 * a send to ourselves over loopback, a send that fails) shows in the counters. Lives beside the
 * outbound tests for their test documents.
 */
class MetricsEndToEndTest {
  static final String METRICS_TOKEN = "metrics-token-0123456789";
  static final String VIEWER_TOKEN = "viewer-token-0123456789";
  @TempDir Path dir;

  static HttpResponse<String> metrics(GatewayFixture fx, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(fx.url("/metrics")).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The scrape once {@code metric} has reached {@code expected}. The outbound counters are bumped
   * after the attempt's outcome is committed, so a test that saw the new state in the store can
   * scrape a moment before the counter moves.
   */
  static String awaitMetric(GatewayFixture fx, String metric, Map<String, String> labels, double expected)
      throws Exception {
    String[] last = {""};
    Peer.await(
        () -> {
          try {
            last[0] = metrics(fx, METRICS_TOKEN).body();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          Double v = PrometheusText.value(last[0], metric, labels);
          return v != null && v == expected;
        },
        Duration.ofSeconds(10),
        () -> metric + labels + " never reached " + expected + " in:\n" + last[0]);
    return last[0];
  }

  static GatewayFixture configured(GatewayFixture fx) {
    return LocalLoopbackTest.served(fx)
        .with("gateway.outbound.dir", "none")
        .with("gateway.metrics.token-hash", ApiTokens.hash(METRICS_TOKEN))
        .with("gateway.operators", "vera")
        .with("gateway.operator.vera.role", "viewer")
        .with("gateway.operator.vera.token-hashes", ApiTokens.hash(VIEWER_TOKEN));
  }

  @Test
  void onlyTheMetricsTokenAndOperatorsMayRead() throws Exception {
    try (GatewayFixture fx = configured(new GatewayFixture(dir)).start()) {
      HttpResponse<String> none = metrics(fx, null);
      assertEquals(401, none.statusCode());
      assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
      assertEquals(401, metrics(fx, "wrong-token").statusCode());
      // the back-office API token is for documents, not for monitoring
      assertEquals(401, metrics(fx, fx.apiToken()).statusCode());
      assertEquals(200, metrics(fx, VIEWER_TOKEN).statusCode());
      HttpResponse<String> ok = metrics(fx, METRICS_TOKEN);
      assertEquals(200, ok.statusCode());
      assertTrue(ok.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    }
  }

  @Test
  void withoutAMetricsTokenOnlyOperatorsMayRead() throws Exception {
    try (GatewayFixture fx =
        configured(new GatewayFixture(dir)).without("gateway.metrics.token-hash").start()) {
      assertEquals(401, metrics(fx, METRICS_TOKEN).statusCode());
      assertEquals(200, metrics(fx, VIEWER_TOKEN).statusCode());
    }
  }

  @Test
  void realTrafficShowsInTheCountersAndTheGaugesArePresent() throws Exception {
    try (GatewayFixture fx = configured(new GatewayFixture(dir)).start()) {
      String before = metrics(fx, METRICS_TOKEN).body();
      assertEquals(null, PrometheusText.value(before, "gateway_inbound_received_total"));
      for (String gauge : new String[] {
          "gateway_outbox_depth", "gateway_outbox_oldest_age_seconds", "gateway_handover_backlog",
          "gateway_handover_oldest_age_seconds", "gateway_certificate_days_left",
          "jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_gc_max_data_size_bytes",
          "hikaricp_connections_active", "hikaricp_connections_max"}) {
        assertNotNull(PrometheusText.value(before, gauge), gauge + " missing in:\n" + before);
      }
      long days = fx.gateway().keys().daysUntilExpiry(java.time.Clock.systemUTC());
      assertEquals((double) days, PrometheusText.value(before, "gateway_certificate_days_left"));

      // 1. a real AS4 receive from a trusted access point
      TestSender sender = fx.trustedSender();
      TestSender.Routing routing = GatewayFixture.invoiceRouting();
      byte[] sbd = TestSender.sbd(routing, UUID.randomUUID().toString(),
          SharedTestData.read(SharedTestData.INVOICE), "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "Invoice");
      TestSender.Sent sent = sender.send(routing, sbd);
      assertEquals(EAS4UserMessageSendResult.SUCCESS, sent.result(), () -> "answer: " + sent.answer());
      String afterReceive = metrics(fx, METRICS_TOKEN).body();
      assertEquals(1.0, PrometheusText.value(afterReceive, "gateway_inbound_received_total", Map.of("outcome", "accepted")));

      // 2. refused: the same sender, a receiver this gateway does not serve
      TestSender.Routing unserved = new TestSender.Routing(
          routing.sender(), "0088:7300010000001", routing.documentTypeId(), routing.processId(), "SE");
      byte[] sbd2 = TestSender.sbd(unserved, UUID.randomUUID().toString(),
          SharedTestData.read(SharedTestData.INVOICE), "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "Invoice");
      TestSender.Sent refused = sender.send(unserved, sbd2);
      assertTrue(refused.result() != EAS4UserMessageSendResult.SUCCESS, () -> "answer: " + refused.answer());
      String afterRefusal = metrics(fx, METRICS_TOKEN).body();
      assertEquals(1.0, PrometheusText.value(afterRefusal, "gateway_inbound_refused_total",
          Map.of("reason", "EBMS:0004", "sender", "authenticated")), afterRefusal);

      // 3. a send, to our own participant over loopback: validation, lookup, attempt, sent
      HttpResponse<byte[]> posted = LocalLoopbackTest.post(fx, TestDocuments.order());
      assertEquals(202, posted.statusCode(), new String(posted.body()));
      String id = OutboundApiTest.json(posted).get("id").asText();
      Peer.await(
          () -> fx.gateway().store().find(id).orElseThrow().state().equals(TransmissionState.DELIVERED),
          Duration.ofSeconds(60),
          () -> "outbound " + id + ": " + fx.gateway().store().timeline(id));
      String afterSend = awaitMetric(fx, "gateway_outbound_sent_total", Map.of(), 1.0);
      assertEquals(1.0, PrometheusText.value(afterSend, "gateway_outbound_attempt_seconds_count", Map.of("outcome", "DELIVERED")));
      assertEquals(1.0, PrometheusText.value(afterSend, "gateway_smp_lookup_seconds_count", Map.of("outcome", "found")));
      assertEquals(1.0, PrometheusText.value(afterSend, "gateway_validation_seconds_count"));
      assertNotNull(PrometheusText.value(afterSend, "gateway_outbound_attempt_seconds_bucket", Map.of("le", "+Inf")));
      // the loopback delivery arrived inbound too
      assertEquals(2.0, PrometheusText.value(afterSend, "gateway_inbound_received_total", Map.of("outcome", "accepted")));
    }
  }

  @Test
  void aFailedSendIsCountedByItsFailureKind() throws Exception {
    try (GatewayFixture fx =
        configured(new GatewayFixture(dir)).with("gateway.routing.local-loopback", "false").start()) {
      String id = OutboundApiTest.json(LocalLoopbackTest.post(fx, TestDocuments.order())).get("id").asText();
      Peer.await(
          () -> fx.gateway().store().find(id).orElseThrow().state() == TransmissionState.FAILED,
          Duration.ofSeconds(30),
          () -> "outbound " + id + ": " + fx.gateway().store().timeline(id));
      String text = awaitMetric(fx, "gateway_outbound_failed_total",
          Map.of("kind", "PARTICIPANT_NOT_REGISTERED"), 1.0);
      assertEquals(1.0, PrometheusText.value(text, "gateway_smp_lookup_seconds_count", Map.of("outcome", "failed")), text);
      assertEquals(null, PrometheusText.value(text, "gateway_outbound_sent_total"));
    }
  }
}
