package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.outbound.TestDocuments.BUYER;
import static se.peppolgw.ap.outbound.TestDocuments.SUPPLIER;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * The buyer routes by asking a signed SMP (smp-lookup in fixed-SMP mode): the endpoint and
 * certificate come from the SMP, the lookup trace shows the HTTP request and the cache, a second
 * document uses the cached answer, and an SMP answer whose signature does not verify stops the
 * document at once.
 */
class SmpRoutingTest {
  static final Duration MAX = Duration.ofSeconds(60);
  static final String TAMPERED = "0088:7300010000001";

  @TempDir static Path dir;
  static TestSmpServer smp;
  static Peer supplier;
  static Peer buyer;

  @BeforeAll
  static void start() throws Exception {
    smp = new TestSmpServer();
    supplier = new Peer(dir, "supplier", "PSE000001", null);
    supplier.serves("supplier", SUPPLIER, "order");
    buyer = new Peer(dir, "buyer", "PSE000002", supplier.keystoreDir());
    buyer
        .serves("buyer", BUYER, "*")
        .with("gateway.routing.mode", "fixed-smp")
        .with("gateway.routing.smp-url", smp.url())
        .with("gateway.routing.smp-truststore.path", smp.writeTrustStore(dir.resolve("smp-ca.p12"), "secret").toString())
        .with("gateway.routing.smp-truststore.password", "secret");
    String order = DocumentTypeAliases.expand("order");
    smp.register(SUPPLIER, order, GatewayFixture.ORDER_ONLY_PROCESS, supplier);
    smp.register(TAMPERED, order, GatewayFixture.ORDER_ONLY_PROCESS, supplier);
    supplier.start();
    buyer.start();
  }

  @AfterAll
  static void stop() {
    if (buyer != null) {
      buyer.close();
    }
    if (supplier != null) {
      supplier.close();
    }
    if (smp != null) {
      smp.close();
    }
  }

  static String submit(byte[] doc) throws Exception {
    var r = buyer.post("", doc);
    assertEquals(202, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    return Json.MAPPER.readTree(r.body()).get("id").asText();
  }

  static TimelineEvent lookupOf(String id) {
    return buyer.gateway().store().timeline(id).stream()
        .filter(e -> e.type() == EventType.SMP_LOOKUP)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void ordersAreRoutedBySignedSmpAnswersWithTracesAndACache() throws Exception {
    String first = submit(TestDocuments.order());
    Transmission t = buyer.awaitState(first, TransmissionState.DELIVERED, MAX);
    assertEquals(TransmissionState.DELIVERED, t.state(), () -> buyer.gateway().store().timeline(first).toString());
    assertEquals(supplier.seatId, t.remoteAp());
    JsonNode trace = Json.MAPPER.readTree(lookupOf(first).data());
    assertEquals("FIXED_SMP", trace.get("mode").asText());
    assertEquals("MISS", trace.get("cache").asText());
    assertTrue(trace.get("steps").toString().contains(smp.url().replace("http://", "")), trace::toString);
    int requests = smp.metadataRequests();

    String second = submit(TestDocuments.order());
    assertEquals(TransmissionState.DELIVERED, buyer.awaitState(second, TransmissionState.DELIVERED, MAX).state());
    assertEquals("HIT", Json.MAPPER.readTree(lookupOf(second).data()).get("cache").asText());
    assertEquals(requests, smp.metadataRequests(), "answered from the cache");
  }

  @Test
  void anSmpAnswerWithABrokenSignatureStopsTheDocumentWithoutSending() throws Exception {
    smp.tamper(true);
    try {
      String id = submit(TestDocuments.orderTo(TAMPERED));
      Transmission t = buyer.awaitState(id, TransmissionState.FAILED, MAX);
      assertEquals(TransmissionState.FAILED, t.state(), () -> buyer.gateway().store().timeline(id).toString());
      assertEquals("SMP_SIGNATURE_INVALID", t.errorCode());
      assertEquals("SMP_SIGNATURE_INVALID", lookupOf(id).code());
      assertTrue(buyer.gateway().store().timeline(id).stream().noneMatch(e -> e.type() == EventType.SEND_ATTEMPT));
    } finally {
      smp.tamper(false);
    }
  }

  @Test
  void aParticipantUnknownToTheSmpIsNotRegistered() throws Exception {
    String id = submit(TestDocuments.orderTo("0088:7590000012347"));
    Transmission t = buyer.awaitState(id, TransmissionState.FAILED, MAX);
    assertEquals("PARTICIPANT_NOT_REGISTERED", t.errorCode(), () -> buyer.gateway().store().timeline(id).toString());
  }
}
