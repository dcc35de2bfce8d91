package se.peppolgw.ap.inboundvalidation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.InboundValidation;
import se.peppolgw.ap.store.InboundValidationStore;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.store.ValidationOutcome;
import se.peppolgw.ap.testkit.BackOfficeWatch;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;
import se.peppolgw.ap.testkit.TestSender;

/**
 * Real AS4 on loopback: a document is first answered with its receipt and stored, then validated
 * against the rule set of its CustomizationID; the result is on the timeline and in the metadata
 * the back office gets (inbox .json and pull API).
 */
class InboundValidationEndToEndTest {
  static final Duration MAX = Duration.ofSeconds(90);
  static final String BILLING =
      "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";

  @TempDir Path dir;
  GatewayFixture fx;

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  static byte[] validInvoice() {
    return SharedTestData.read(SharedTestData.INVOICE);
  }

  /** Without BuyerReference and order reference: breaks PEPPOL-EN16931-R003 (fatal). */
  static byte[] invalidInvoice() {
    String xml = new String(validInvoice(), StandardCharsets.UTF_8);
    String broken = xml.replace("<cbc:BuyerReference>0150abc</cbc:BuyerReference>", "");
    assertNotEquals(xml, broken);
    return broken.getBytes(StandardCharsets.UTF_8);
  }

  private Transmission send(TestSender.Routing routing, byte[] document) {
    byte[] sbd =
        TestSender.sbd(routing, UUID.randomUUID().toString(), document, BackOfficeWatch.INVOICE_NS, "Invoice");
    TestSender.Sent sent = fx.trustedSender().send(routing, sbd);
    // the receipt comes first, whatever the content
    assertEquals(EAS4UserMessageSendResult.SUCCESS, sent.result(), () -> "answer: " + sent.answer());
    List<Transmission> stored = fx.gateway().store().findByAs4MessageId(sent.messageId());
    assertEquals(1, stored.size());
    return stored.get(0);
  }

  private InboundValidation awaitValidated(String id) throws InterruptedException {
    InboundValidationStore results =
        new InboundValidationStore(fx.gateway().store().database(), java.time.Clock.systemUTC());
    await(() -> results.validation(id).isPresent(), () -> "not validated: " + timeline(id));
    return results.validation(id).orElseThrow();
  }

  private void awaitHandedOver(String id) throws InterruptedException {
    await(
        () -> fx.gateway().store().find(id).orElseThrow().state() == TransmissionState.HANDED_OVER
            && Files.exists(fx.inboxDir().resolve(id + ".json")),
        () -> "not handed over: " + timeline(id));
  }

  private List<TimelineEvent> timeline(String id) {
    return fx.gateway().store().timeline(id);
  }

  private JsonNode inboxJson(String id) throws Exception {
    return Json.MAPPER.readTree(Files.readAllBytes(fx.inboxDir().resolve(id + ".json")));
  }

  private JsonNode apiMetadata(String id) throws Exception {
    return Json.MAPPER.readTree(fx.api("GET", "/api/inbox/" + id).body());
  }

  static void await(BooleanSupplier cond, Supplier<String> what) throws InterruptedException {
    long end = System.nanoTime() + MAX.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not reached within " + MAX + ": " + what.get());
      }
      Thread.sleep(50);
    }
  }

  private static int indexOf(List<TimelineEvent> tl, EventType type) {
    for (int i = 0; i < tl.size(); i++) {
      if (tl.get(i).type() == type) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void validInvoiceIsValidatedAfterTheReceiptAndHandedOverWithTheResult() throws Exception {
    fx = new GatewayFixture(dir).start();
    Transmission t = send(GatewayFixture.invoiceRouting(), validInvoice());
    InboundValidation v = awaitValidated(t.id());
    assertNotEquals(ValidationOutcome.FAILED, v.outcome(), v::toString);
    assertTrue(v.ruleSet().startsWith("eu.peppol.bis3:invoice:"), v.ruleSet());
    awaitHandedOver(t.id());

    List<TimelineEvent> tl = timeline(t.id());
    int receipt = indexOf(tl, EventType.RECEIPT_SENT);
    // the inbound path's own VALIDATED (AS4 checks) comes first; the content check has a rule set
    int validated = -1;
    for (int i = 0; i < tl.size(); i++) {
      if (tl.get(i).type() == EventType.VALIDATED && v.ruleSet().equals(tl.get(i).code())) {
        validated = i;
      }
    }
    int handedOver = indexOf(tl, EventType.HANDED_OVER);
    assertTrue(receipt >= 0 && receipt < validated && validated < handedOver, tl::toString);
    assertEquals(v.ruleSet(), tl.get(validated).code());

    JsonNode meta = inboxJson(t.id());
    assertEquals(v.outcome().word(), meta.get("validation").asText());
    assertEquals(v.ruleSet(), meta.get("validationDetails").get("ruleSet").asText());
    assertEquals(0, meta.get("validationDetails").get("errors").asInt());
    assertEquals(meta.get("validation"), apiMetadata(t.id()).get("validation"));
  }

  @Test
  void invalidInvoiceIsHandedOverMarkedFailedWithEachRule() throws Exception {
    fx = new GatewayFixture(dir).start();
    Transmission t = send(GatewayFixture.invoiceRouting(), invalidInvoice());
    InboundValidation v = awaitValidated(t.id());
    assertEquals(ValidationOutcome.FAILED, v.outcome());
    assertTrue(v.errors().stream().anyMatch(f -> f.ruleId().equals("PEPPOL-EN16931-R003")), v::toString);
    awaitHandedOver(t.id());

    JsonNode meta = inboxJson(t.id());
    assertEquals("failed", meta.get("validation").asText());
    JsonNode details = meta.get("validationDetails");
    assertEquals(v.errorCount(), details.get("errors").asInt());
    JsonNode r003 = null;
    for (JsonNode f : details.get("findings")) {
      if ("PEPPOL-EN16931-R003".equals(f.get("ruleId").asText())) {
        r003 = f;
      }
    }
    assertTrue(r003 != null, details::toString);
    assertEquals("error", r003.get("severity").asText());
    assertFalse(r003.get("location").asText().isBlank());
    assertFalse(r003.get("message").asText().isBlank());
    assertEquals("failed", apiMetadata(t.id()).get("validation").asText());

    List<TimelineEvent> tl = timeline(t.id());
    assertTrue(indexOf(tl, EventType.RECEIPT_SENT) < indexOf(tl, EventType.VALIDATION_FAILED), tl::toString);
    assertTrue(
        tl.stream().anyMatch(e -> e.type() == EventType.VALIDATION_FAILED && "PEPPOL-EN16931-R003".equals(e.code())),
        tl::toString);
  }

  @Test
  void failedDocumentsAreHeldBackWhenConfigurationSaysSo() throws Exception {
    fx =
        new GatewayFixture(dir)
            .with("gateway.inbound.validation.hand-over-failed", "false")
            .start();
    Transmission bad = send(GatewayFixture.invoiceRouting(), invalidInvoice());
    Transmission good = send(GatewayFixture.invoiceRouting(), validInvoice());
    assertEquals(ValidationOutcome.FAILED, awaitValidated(bad.id()).outcome());
    awaitValidated(good.id());
    // the later, valid one passes the held one by
    awaitHandedOver(good.id());
    assertEquals(TransmissionState.RECEIVED, fx.gateway().store().find(bad.id()).orElseThrow().state());
    assertFalse(Files.exists(fx.inboxDir().resolve(bad.id() + ".xml")));
    assertFalse(Files.exists(fx.inboxDir().resolve(bad.id() + ".json")));
  }

  @Test
  void documentWithoutRuleSetIsNotValidatedAndStillHandedOver() throws Exception {
    fx = new GatewayFixture(dir).start();
    String custom = "urn:example.com:private-invoice:1.0";
    String xml =
        new String(validInvoice(), StandardCharsets.UTF_8)
            .replace(">" + BILLING + "<", ">" + custom + "<");
    TestSender.Routing routing =
        new TestSender.Routing(
            GatewayFixture.BUYER,
            GatewayFixture.SUPPLIER_GLN,
            DocumentTypeAliases.expand("invoice").replace(BILLING, custom),
            GatewayFixture.BILLING_PROCESS,
            "SE");
    Transmission t = send(routing, xml.getBytes(StandardCharsets.UTF_8));
    InboundValidation v = awaitValidated(t.id());
    assertEquals(ValidationOutcome.NOT_VALIDATED, v.outcome());
    assertTrue(v.reason().contains(custom), v.reason());
    awaitHandedOver(t.id());
    JsonNode meta = inboxJson(t.id());
    assertEquals("not-validated", meta.get("validation").asText());
    assertTrue(meta.get("validationDetails").get("reason").asText().contains(custom));
    assertTrue(
        timeline(t.id()).stream().anyMatch(e -> "NOT_VALIDATED".equals(e.code())),
        () -> timeline(t.id()).toString());
  }
}
