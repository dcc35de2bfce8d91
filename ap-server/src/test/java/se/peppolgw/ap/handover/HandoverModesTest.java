package se.peppolgw.ap.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;
import se.peppolgw.ap.testkit.TestSender;

/**
 * Issue 16: the hand-over modes (gateway.handover.modes) and what acknowledges a document in each:
 * the folder (the back office deletes or moves the file), the pull API (ack; the folder copy goes
 * too) and the webhook (2xx). The dashboard's backlog counts what is not acknowledged. Real AS4.
 */
class HandoverModesTest {
  static final String OPERATOR_TOKEN = "handover-modes-viewer-token-0123";
  static final Duration MAX = Duration.ofSeconds(30);

  @TempDir Path dir;

  static String receive(GatewayFixture fx) {
    TestSender.Routing r = GatewayFixture.invoiceRouting();
    TestSender.Sent sent = fx.trustedSender().send(r, TestSender.sbd(r, UUID.randomUUID().toString(),
        SharedTestData.read(SharedTestData.INVOICE), "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "Invoice"));
    assertEquals(EAS4UserMessageSendResult.SUCCESS, sent.result());
    return fx.gateway().store().findByAs4MessageId(sent.messageId()).get(0).id();
  }

  static void await(BooleanSupplier cond, String what) throws InterruptedException {
    long end = System.nanoTime() + MAX.toNanos();
    while (!cond.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "not reached within " + MAX + ": " + what);
      Thread.sleep(50);
    }
  }

  static Transmission t(GatewayFixture fx, String id) {
    return fx.gateway().store().find(id).orElseThrow();
  }

  static GatewayFixture withViewer(GatewayFixture fx) {
    return fx.with("gateway.operators", "viewer")
        .with("gateway.operator.viewer.role", "viewer")
        .with("gateway.operator.viewer.token-hashes", ApiTokens.hash(OPERATOR_TOKEN));
  }

  static JsonNode backlog(GatewayFixture fx) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(fx.url("/api/ops/dashboard")).header("Authorization", "Bearer " + OPERATOR_TOKEN)
            .GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r::body);
    return Json.MAPPER.readTree(r.body()).get("handover");
  }

  static List<TimelineEvent> acks(GatewayFixture fx, String id) {
    return fx.gateway().store().timeline(id).stream().filter(e -> e.type() == EventType.ACKNOWLEDGED).toList();
  }

  @Test
  void theFolderModeAcknowledgesWhatTheBackOfficeDeletesOrMovesAndTheBacklogFollows() throws Exception {
    try (GatewayFixture fx = withViewer(new GatewayFixture(dir)).start()) {
      String moved = receive(fx);
      String deleted = receive(fx);
      await(() -> t(fx, moved).state() == TransmissionState.HANDED_OVER
          && t(fx, deleted).state() == TransmissionState.HANDED_OVER, "both handed over");
      JsonNode before = backlog(fx);
      assertEquals(2, before.get("size").asLong(), "handed over is not acknowledged: " + before);
      assertEquals(t(fx, moved).createdAt().toString(), before.get("oldest").asText());

      // the written metadata holds nothing that would go stale; the API has the current state
      JsonNode json = Json.MAPPER.readTree(Files.readAllBytes(fx.inboxDir().resolve(moved + ".json")));
      assertFalse(json.has("state") || json.has("handedOverAt") || json.has("acknowledgedAt"), json::toString);
      assertEquals("HANDED_OVER", Json.MAPPER.readTree(fx.api("GET", "/api/inbox/" + moved).body()).get("state").asText());

      Path taken = Files.createDirectories(dir.resolve("back-office-archive"));
      Files.move(fx.inboxDir().resolve(moved + ".xml"), taken.resolve(moved + ".xml"));
      Files.move(fx.inboxDir().resolve(moved + ".json"), taken.resolve(moved + ".json"));
      await(() -> t(fx, moved).state() == TransmissionState.ACKNOWLEDGED, "moved file noticed");
      assertEquals(TransmissionState.HANDED_OVER, t(fx, deleted).state(), "its file is still there");
      JsonNode one = backlog(fx);
      assertEquals(1, one.get("size").asLong());
      assertEquals(t(fx, deleted).createdAt().toString(), one.get("oldest").asText());

      Files.delete(fx.inboxDir().resolve(deleted + ".xml"));
      await(() -> t(fx, deleted).state() == TransmissionState.ACKNOWLEDGED, "deleted file noticed");
      assertEquals(1, acks(fx, moved).size());
      assertTrue(acks(fx, deleted).get(0).message().contains("removed from the inbox folder"), acks(fx, deleted)::toString);
      assertNotNull(t(fx, deleted).ackedAt());
      JsonNode none = backlog(fx);
      assertEquals(0, none.get("size").asLong());
      assertTrue(none.get("oldest").isNull());
    }
  }

  @Test
  void anApiAcknowledgementRemovesTheFolderCopy() throws Exception {
    try (GatewayFixture fx = new GatewayFixture(dir).start()) {
      String id = receive(fx);
      Path xml = fx.inboxDir().resolve(id + ".xml");
      Path json = fx.inboxDir().resolve(id + ".json");
      await(() -> t(fx, id).state() == TransmissionState.HANDED_OVER && Files.exists(json), "handed over");
      assertEquals(200, fx.api("POST", "/api/inbox/" + id + "/ack").statusCode());
      assertFalse(Files.exists(xml), "the folder shows only what is still open");
      assertFalse(Files.exists(json));
      assertEquals(TransmissionState.ACKNOWLEDGED, t(fx, id).state());
      assertTrue(acks(fx, id).get(0).message().contains("(API)"), acks(fx, id)::toString);
      // idempotent: a second ack changes nothing
      assertEquals(200, fx.api("POST", "/api/inbox/" + id + "/ack").statusCode());
      assertEquals(1, acks(fx, id).size());
    }
  }

  @Test
  void theWebhookModeAloneAcknowledgesOnA2xxAndWritesNoFolder() throws Exception {
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext("/in", ex -> {
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    hook.start();
    try (GatewayFixture fx = new GatewayFixture(dir)
        .with("gateway.handover.modes", "webhook")
        .with("gateway.webhook.url", "http://127.0.0.1:" + hook.getAddress().getPort() + "/in")
        .with("gateway.webhook.secret", "s")
        .start()) {
      String id = receive(fx);
      await(() -> t(fx, id).state() == TransmissionState.ACKNOWLEDGED, "acknowledged by the 2xx");
      assertTrue(acks(fx, id).get(0).message().contains("answered 2xx"), acks(fx, id)::toString);
      assertFalse(Files.exists(fx.inboxDir().resolve(id + ".xml")), "no folder in webhook mode");
    } finally {
      hook.stop(0);
    }
  }

  static GatewayConfig config(Map<String, String> values) {
    Map<String, String> m = new HashMap<>(values);
    m.put("gateway.data.dir", "/tmp/not-used-" + UUID.randomUUID());
    return new GatewayConfig(ConfigSource.of(m, null));
  }

  @Test
  void theModesAreStatedAndCheckedAtStart() {
    assertEquals(EnumSet.of(HandoverMode.FOLDER, HandoverMode.PULL_API), config(Map.of()).handover().modes(),
        "the default: what a fresh gateway always did");
    assertEquals(EnumSet.of(HandoverMode.PULL_API), config(Map.of("gateway.inbox.dir", "none")).handover().modes());
    assertEquals(EnumSet.of(HandoverMode.FOLDER, HandoverMode.PULL_API, HandoverMode.WEBHOOK),
        config(Map.of("gateway.webhook.url", "https://bo.example/in", "gateway.webhook.secret", "s")).handover().modes());
    assertEquals(EnumSet.of(HandoverMode.PULL_API, HandoverMode.WEBHOOK),
        config(Map.of("gateway.handover.modes", "pull-api, Webhook", "gateway.webhook.url", "https://bo.example/in", "gateway.webhook.secret", "s"))
            .handover().modes());
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> config(Map.of("gateway.handover.modes", "folder,carrier-pigeon")).handover().modes());
    assertTrue(unknown.getMessage().contains("carrier-pigeon"), unknown.getMessage());
    ConfigException noUrl = assertThrows(ConfigException.class,
        () -> config(Map.of("gateway.handover.modes", "webhook")).handover().modes());
    assertTrue(noUrl.getMessage().contains("gateway.webhook.url"), noUrl.getMessage());
    ConfigException noFolder = assertThrows(ConfigException.class,
        () -> config(Map.of("gateway.handover.modes", "folder", "gateway.inbox.dir", "none")).handover().modes());
    assertTrue(noFolder.getMessage().contains("gateway.inbox.dir"), noFolder.getMessage());
  }
}
