package se.peppolgw.ap.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.BusinessDuplicateStore;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;
import se.peppolgw.ap.testkit.TestSender;

/**
 * Issue 16: the same invoice received twice in two different AS4 messages is accepted both times
 * (the AS4 messages differ) and the second is flagged as a business duplicate of the first: in
 * the inbox metadata, the inbox API, the operator list (filter) and the timeline. Real AS4.
 */
class BusinessDuplicateInboundTest {
  static final String OPERATOR_TOKEN = "business-duplicate-viewer-token-0123";
  static final Duration MAX = Duration.ofSeconds(30);

  @TempDir Path dir;

  static byte[] invoice(String number, String issueDate) {
    return new String(SharedTestData.read(SharedTestData.INVOICE), StandardCharsets.UTF_8)
        .replaceFirst("<cbc:ID>Snippet1</cbc:ID>", "<cbc:ID>" + number + "</cbc:ID>")
        .replaceFirst("<cbc:IssueDate>2017-11-13</cbc:IssueDate>", "<cbc:IssueDate>" + issueDate + "</cbc:IssueDate>")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Sends one invoice in an AS4 message of its own (new MessageId, new SBDH InstanceIdentifier). */
  static String receive(GatewayFixture fx, byte[] invoice) {
    TestSender.Routing r = GatewayFixture.invoiceRouting();
    TestSender.Sent sent = fx.trustedSender().send(r, TestSender.sbd(r, UUID.randomUUID().toString(), invoice,
        "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "Invoice"));
    assertEquals(EAS4UserMessageSendResult.SUCCESS, sent.result(), "accepted with a receipt");
    List<Transmission> found = fx.gateway().store().findByAs4MessageId(sent.messageId());
    assertEquals(1, found.size());
    return found.get(0).id();
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

  static JsonNode getJson(GatewayFixture fx, String path, String token, int expectedStatus) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(fx.url(path)).header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(expectedStatus, r.statusCode(), r::body);
    return Json.MAPPER.readTree(r.body());
  }

  @Test
  void theSameInvoiceTwiceIsAcceptedAndTheSecondFlaggedEverywhere() throws Exception {
    try (GatewayFixture fx = new GatewayFixture(dir)
        .with("gateway.operators", "auditor")
        .with("gateway.operator.auditor.role", "viewer")
        .with("gateway.operator.auditor.token-hashes", ApiTokens.hash(OPERATOR_TOKEN))
        .start()) {
      String first = receive(fx, invoice("INV-2026-0042", "2026-01-15"));
      String again = receive(fx, invoice("INV-2026-0042", "2026-01-15"));
      String otherDate = receive(fx, invoice("INV-2026-0042", "2027-01-15"));
      String otherNumber = receive(fx, invoice("INV-2026-0043", "2026-01-15"));
      List<String> all = List.of(first, again, otherDate, otherNumber);
      // the hand-over checks before it writes: once handed over, a document has been compared
      await(() -> all.stream().allMatch(id -> t(fx, id).state() == TransmissionState.HANDED_OVER),
          "all handed over");

      assertEquals(first, t(fx, again).businessDuplicateOf());
      assertNotEquals(first, again);
      assertNull(t(fx, first).businessDuplicateOf());
      assertNull(t(fx, otherDate).businessDuplicateOf(), "another issue date is another invoice");
      assertNull(t(fx, otherNumber).businessDuplicateOf());

      // inbox folder metadata: written after the check, so it names the earlier document
      JsonNode json = Json.MAPPER.readTree(Files.readAllBytes(fx.inboxDir().resolve(again + ".json")));
      assertEquals(first, json.get("businessDuplicateOf").asText());
      assertTrue(Json.MAPPER.readTree(Files.readAllBytes(fx.inboxDir().resolve(first + ".json")))
          .get("businessDuplicateOf").isNull());

      // the inbox API
      assertEquals(first, getJson(fx, "/api/inbox/" + again, fx.apiToken(), 200).get("businessDuplicateOf").asText());

      // the operator list: marker field and filter
      JsonNode flagged = getJson(fx, "/api/transmissions?businessDuplicate=true", OPERATOR_TOKEN, 200).get("items");
      List<String> ids = new ArrayList<>();
      flagged.forEach(i -> ids.add(i.get("id").asText()));
      assertEquals(List.of(again), ids);
      assertEquals(first, flagged.get(0).get("businessDuplicateOf").asText());
      assertEquals(4, getJson(fx, "/api/transmissions?direction=in", OPERATOR_TOKEN, 200).get("items").size());
      getJson(fx, "/api/transmissions?businessDuplicate=perhaps", OPERATOR_TOKEN, 400);

      // the timeline
      assertTrue(fx.gateway().store().timeline(again).stream()
          .anyMatch(e -> BusinessDuplicateStore.NOTE_CODE.equals(e.code()) && e.message().contains(first)));
      assertTrue(fx.gateway().store().timeline(first).stream()
          .noneMatch(e -> BusinessDuplicateStore.NOTE_CODE.equals(e.code())));
    }
  }

  @Test
  void withThePullApiAloneTheCheckRunsOnItsOwn() throws Exception {
    try (GatewayFixture fx = new GatewayFixture(dir).with("gateway.inbox.dir", "none").start()) {
      String first = receive(fx, invoice("INV-PULL-7", "2026-03-01"));
      String again = receive(fx, invoice("INV-PULL-7", "2026-03-01"));
      await(() -> first.equals(t(fx, again).businessDuplicateOf()), "second flagged");
      assertEquals(TransmissionState.RECEIVED, t(fx, again).state(), "flagged, not handed over by anyone");
      JsonNode meta = getJson(fx, "/api/inbox/" + again, fx.apiToken(), 200);
      assertEquals(first, meta.get("businessDuplicateOf").asText());
    }
  }
}
