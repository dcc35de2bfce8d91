package se.peppolgw.ap.mls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.ops.Verdict;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.MlsStore;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.ManualClock;
import se.peppolgw.ap.testkit.SharedTestData;
import se.peppolgw.ap.testkit.TestSender;

/**
 * MLS as sender (C2), over real AS4 on loopback: a document we send asks for an MLS, the
 * receiving AP's answers (AP, then RE with two reasons) come to our service provider participant
 * and are matched, shown in the verdict and the API; an MLS referencing nothing of ours is listed.
 */
class MlsAnswersEndToEndTest {
  /** The buyer of the public order example, served here so that local loopback delivers to us. */
  private static final String BUYER = "0192:123456785";
  private static final String OUR_SP = "0242:000001"; // seat PSE000001 of the fixture
  private static final String THEIR_SP = "0242:000002";

  private static final String OPS_TOKEN = "mls-viewer-token-0123456789";

  @TempDir Path dir;

  @Test
  void answersAreMatchedShownAndWatched() throws Exception {
    // the back office's outbound status webhook: every callback body, in arrival order
    List<String> callbacks = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer hook =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext("/status", ex -> {
      callbacks.add(new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    hook.start();
    try (GatewayFixture fx =
        new GatewayFixture(dir)
            .with("gateway.outbound.webhook.url", "http://127.0.0.1:" + hook.getAddress().getPort() + "/status")
            .with("gateway.outbound.webhook.secret", "mls-status-secret-0123456789")
            .with("gateway.outbound.webhook.retry.initial-delay-ms", "200")
            .with("gateway.participants", "supplier,gln,buyer")
            .with("gateway.participant.buyer.id", BUYER)
            .with("gateway.participant.buyer.document-types", "order")
            .with("gateway.outbound.dir", "none")
            .with("gateway.operators", "vera")
            .with("gateway.operator.vera.role", "viewer")
            .with("gateway.operator.vera.token-hashes", se.peppolgw.ap.api.ApiTokens.hash(OPS_TOKEN))
            .start()) {
      // 1. an order we send asks for an MLS, always (the default)
      HttpResponse<byte[]> posted = post(fx, SharedTestData.read("peppol-bis/poacc/Order_Example.xml"));
      assertEquals(202, posted.statusCode(), new String(posted.body()));
      String id = Json.MAPPER.readTree(posted.body()).get("id").asText();
      await(() -> state(fx, id) == TransmissionState.DELIVERED || state(fx, id) == TransmissionState.FAILED,
          () -> "outbound " + id + ": " + fx.gateway().store().timeline(id));
      Transmission out = fx.gateway().store().find(id).orElseThrow();
      assertEquals(TransmissionState.DELIVERED, out.state(), fx.gateway().store().timeline(id).toString());
      assertTrue(events(fx, id).stream().anyMatch(e -> e.type() == EventType.MLS_REQUESTED
          && "ALWAYS_SEND".equals(e.code())), events(fx, id).toString());
      String sbd = new String(fx.gateway().store().payload(id, se.peppolgw.ap.store.PayloadKind.SBD).orElseThrow(),
          java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(sbd.contains(">" + OUR_SP + "<"), sbd);

      // 2. no answer yet: after the wait it is overdue, before it is not (a hand-set clock)
      MlsStore mlsStore = new MlsStore(fx.gateway().store().database());
      ManualClock later = new ManualClock(Instant.now().plus(Duration.ofHours(25)));
      MlsWatch watch = new MlsWatch(mlsStore, Duration.ofHours(24), later);
      assertEquals(1, watch.figures().overdue());
      assertEquals(List.of(id), watch.overdue(10));
      assertEquals(0, new MlsWatch(mlsStore, Duration.ofHours(24), new ManualClock(Instant.now().plus(Duration.ofHours(1))))
          .figures().overdue());

      // 3. the receiving AP accepts it
      TestSender sender = fx.trustedSender();
      sendMls(sender, TestMls.of("mls-ap", THEIR_SP, OUR_SP, out.sbdhInstanceId(), "AP", null, List.of()));
      await(() -> mlsStore.latest(id).isPresent(), () -> "no MLS recorded: " + events(fx, id));
      assertEquals(0, watch.figures().overdue(), "answered: no longer overdue");
      Verdict accepted = verdict(fx, id);
      assertEquals("good", accepted.tone());
      assertTrue(accepted.headline().startsWith("Accepted by the receiver's access point"), accepted.headline());
      JsonNode status = json(fx.api("GET", "/api/outbound/" + id));
      assertEquals("AP", status.at("/mls/code").asText(), status.toString());
      assertEquals("Accepted by the receiver's access point", status.at("/mls/meaning").asText());
      assertEquals(THEIR_SP, status.at("/mls/from").asText());

      // the MLS itself was received, kept (consumed by the gateway) and not handed to the back office
      String mlsIn = mlsStore.latest(id).orElseThrow().mlsTransmissionId();
      assertEquals(TransmissionState.CONSUMED, state(fx, mlsIn));
      assertTrue(events(fx, mlsIn).stream().anyMatch(e -> e.type() == EventType.MLS_RECEIVED
          && e.message().contains(id)), events(fx, mlsIn).toString());
      try (var files = Files.list(fx.inboxDir())) {
        assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(mlsIn)), "MLS not in the inbox");
      }

      // 4. a later MLS rejects it with two reasons: the latest counts, both are on the timeline
      sendMls(sender, TestMls.of("mls-re", THEIR_SP, OUR_SP, out.sbdhInstanceId(), "RE", "Rejected",
          List.of(new TestMls.Issue("BR-01", "An Order shall have a Specification identifier",
                  "/Order/cbc:CustomizationID", "BV"),
              new TestMls.Issue("PEPPOL-T01-R003", "Quantity must not be negative",
                  "/Order/cac:OrderLine[1]/cac:LineItem/cbc:Quantity", "BV"))));
      await(() -> "RE".equals(mlsStore.latest(id).map(a -> a.responseCode()).orElse("")),
          () -> "no RE recorded: " + events(fx, id));
      // the back office hears of the rejection through its status webhook, reasons included
      await(() -> callbacks.stream().anyMatch(b -> b.contains("\"MLS_ANSWER\"") && b.contains("\"RE\"")),
          () -> "no MLS_ANSWER callback for the RE: " + callbacks);
      String reCallback = callbacks.stream()
          .filter(b -> b.contains("\"MLS_ANSWER\"") && b.contains("\"RE\"")).findFirst().orElseThrow();
      JsonNode cb = Json.MAPPER.readTree(reCallback);
      assertEquals(id, cb.get("transmissionId").asText(), reCallback);
      assertTrue(cb.get("reason").asText().contains("BR-01"), reCallback);
      assertTrue(callbacks.stream().anyMatch(b -> b.contains("\"MLS_ANSWER\"") && b.contains("\"AP\"")),
          () -> "the AP was told too: " + callbacks);
      Verdict rejected = verdict(fx, id);
      assertEquals("bad", rejected.tone());
      String h = rejected.headline();
      assertTrue(h.startsWith("Rejected by the receiver's access point: BR-01: An Order shall have"), h);
      assertTrue(h.contains("(at /Order/cbc:CustomizationID)"), h);
      assertTrue(h.contains("PEPPOL-T01-R003: Quantity must not be negative (at /Order/cac:OrderLine[1]"), h);
      assertEquals(2, events(fx, id).stream().filter(e -> e.type() == EventType.MLS_RECEIVED).count());
      assertEquals(2, mlsStore.all(id).size());
      status = json(fx.api("GET", "/api/outbound/" + id));
      assertTrue(status.at("/mls/rejected").asBoolean(), status.toString());
      assertEquals(2, status.at("/mls/reasons").size());
      assertEquals("PEPPOL-T01-R003", status.at("/mls/reasons/1/ruleId").asText());
      assertEquals("/Order/cac:OrderLine[1]/cac:LineItem/cbc:Quantity", status.at("/mls/reasons/1/location").asText());
      JsonNode list = json(fx.api("GET", "/api/outbound"));
      JsonNode item = null;
      for (JsonNode i : list.get("items")) {
        if (i.get("id").asText().equals(id)) {
          item = i;
        }
      }
      assertTrue(item != null && "RE".equals(item.at("/mls/code").asText()), list.toString());
      assertEquals(1, watch.figures().rejected7d(), "one transmission rejected");

      // 5. an MLS for a document we never sent is kept and listed, not dropped
      String unknown = UUID.randomUUID().toString();
      sendMls(sender, TestMls.of("mls-unknown", THEIR_SP, OUR_SP, unknown, "AB", null, List.of()));
      await(() -> mlsStore.countUnmatched() == 1, () -> "not listed as unmatched");
      JsonNode unmatched = json(fx.api("GET", "/api/outbound/mls/unmatched"));
      assertEquals(1, unmatched.get("items").size(), unmatched.toString());
      assertEquals(unknown, unmatched.at("/items/0/referencedInstanceIdentifier").asText());
      assertEquals("Acknowledged", unmatched.at("/items/0/meaning").asText());
      assertEquals(400, fx.api("GET", "/api/outbound/mls/unmatched?limit=0").statusCode());
      // the operator sees it too: dashboard card and the MLS page
      String dashboard = ops(fx, "/ops/");
      assertTrue(dashboard.contains("id=\"mls-status\"") && dashboard.contains("1 rejected by the receiver"), dashboard);
      String page = ops(fx, "/ops/mls");
      assertTrue(page.contains(unknown) && page.contains("Acknowledged"), page);
      JsonNode health = json(fx.api("GET", "/health"));
      assertTrue(health.toString().contains("1 MLS matching none of our transmissions"), health.toString());
    } finally {
      hook.stop(0);
    }
  }

  private static void sendMls(TestSender sender, byte[] mls) {
    TestSender.Routing r = new TestSender.Routing(THEIR_SP, OUR_SP, MlsIds.DOCUMENT_TYPE_ID, MlsIds.PROCESS_ID, "SE");
    TestSender.Sent sent = sender.send(r, TestSender.sbd(r, UUID.randomUUID().toString(), mls,
        "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2", "ApplicationResponse"));
    assertEquals(EAS4UserMessageSendResult.SUCCESS, sent.result(), sent.answer().toString());
  }

  private static Verdict verdict(GatewayFixture fx, String id) {
    return Verdict.of(fx.gateway().store().find(id).orElseThrow(), events(fx, id), Optional.empty(), ZoneOffset.UTC);
  }

  private static List<TimelineEvent> events(GatewayFixture fx, String id) {
    return fx.gateway().store().timeline(id);
  }

  private static TransmissionState state(GatewayFixture fx, String id) {
    return fx.gateway().store().find(id).orElseThrow().state();
  }

  private static String ops(GatewayFixture fx, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(fx.url(path)).header("Authorization", "Bearer " + OPS_TOKEN).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  private static HttpResponse<byte[]> post(GatewayFixture fx, byte[] body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(fx.url("/api/outbound"))
        .header("Authorization", "Bearer " + fx.apiToken())
        .header("Content-Type", "application/xml")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Polls until the condition holds, at most 60 s. */
  private static void await(BooleanSupplier cond, Supplier<String> what) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out: " + what.get());
      }
      Thread.sleep(50);
    }
  }
}
