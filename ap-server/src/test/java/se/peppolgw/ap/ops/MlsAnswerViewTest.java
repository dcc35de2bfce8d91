package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.InboundValidationStore;
import se.peppolgw.ap.store.MlsDecision;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.BackOfficeWatch;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;
import se.peppolgw.ap.testkit.TestSender;

/**
 * The operator sees, on the page and in the API of a received document, its validation and which
 * MLS answered it, to whom, and whether that was delivered, with a link to the outbound MLS (whose
 * page links back). Here the sender's service provider cannot be found (local mode), so the MLS
 * ends failed and the page says so.
 */
class MlsAnswerViewTest {
  static final Duration MAX = Duration.ofSeconds(90);
  @TempDir Path dir;
  GatewayFixture fx;

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void theTransmissionPageAndApiShowTheValidationAndTheMls() throws Exception {
    fx = OpsTestSupport.withOperators(new GatewayFixture(dir)).with("gateway.mls.send", "true").start();
    String xml = new String(SharedTestData.read(SharedTestData.INVOICE), StandardCharsets.UTF_8)
        .replace("<cbc:BuyerReference>0150abc</cbc:BuyerReference>", "");
    TestSender.Routing routing = GatewayFixture.invoiceRouting();
    TestSender.Sent sent = fx.trustedSender().send(routing,
        TestSender.sbd(routing, UUID.randomUUID().toString(), xml.getBytes(StandardCharsets.UTF_8),
            BackOfficeWatch.INVOICE_NS, "Invoice"));
    assertEquals(EAS4UserMessageSendResult.SUCCESS, sent.result());
    Transmission in = fx.gateway().store().findByAs4MessageId(sent.messageId()).get(0);

    InboundValidationStore results =
        new InboundValidationStore(fx.gateway().store().database(), Clock.systemUTC());
    long end = System.nanoTime() + MAX.toNanos();
    while (results.mlsAnswer(in.id()).isEmpty()
        || fx.gateway().store().find(results.mlsAnswer(in.id()).get().outboundId())
            .map(t -> t.state() != TransmissionState.FAILED).orElse(true)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("MLS not decided and failed: " + fx.gateway().store().timeline(in.id()));
      }
      Thread.sleep(50);
    }
    MlsDecision a = results.mlsAnswer(in.id()).orElseThrow();
    assertEquals("RE", a.responseCode());

    OpsTestSupport.Browser vera = OpsTestSupport.Browser.login(fx, "vera");
    HttpResponse<String> page = vera.get("/ops/transmissions/" + in.id());
    assertEquals(200, page.statusCode());
    String html = page.body();
    assertTrue(html.contains("Validation and MLS"), html);
    assertTrue(html.contains("failed (eu.peppol.bis3:invoice:"), html);
    assertTrue(html.contains("RE to 0242:000002 (fallback: no usable MLS_TO)"), html);
    assertTrue(html.contains("href=\"/ops/transmissions/" + a.outboundId() + "\""), html);
    assertTrue(html.contains("not delivered (failed)"), html);

    String outPage = vera.get("/ops/transmissions/" + a.outboundId()).body();
    assertTrue(outPage.contains("answering received document <a href=\"/ops/transmissions/" + in.id() + "\""), outPage);

    JsonNode api = Json.MAPPER.readTree(
        OpsTestSupport.get(fx, "/api/transmissions/" + in.id(), OpsTestSupport.VIEWER_TOKEN).body());
    assertEquals("failed", api.get("validation").asText());
    assertEquals("SENT", api.get("mls").get("decision").asText());
    assertEquals("FALLBACK", api.get("mls").get("addressedBy").asText());
    assertEquals("FAILED", api.get("mls").get("outboundState").asText());
  }
}
