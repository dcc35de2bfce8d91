package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.mls.MlsIds;
import se.peppolgw.ap.mls.TestMls;
import se.peppolgw.ap.ops.Verdict;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.MlsStore;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * Two gateways, SML/SMP routing on loopback: the buyer's order asks for an MLS addressed to the
 * buyer's service provider participant (0242:000002, published in the test SMP); the supplier's
 * gateway sends the answer as an ordinary outbound document (an MLS, which itself asks for none)
 * and the buyer's gateway matches it to the order and shows the rejection.
 */
class MlsBetweenGatewaysTest {
  static final Duration MAX = Duration.ofSeconds(60);
  static final String BUYER_SP = "0242:000002";
  static final String SUPPLIER_SP = "0242:000001";

  @TempDir static Path dir;
  static TwoGateways gateways;
  static Peer supplier;
  static Peer buyer;

  @BeforeAll
  static void start() throws Exception {
    gateways = new TwoGateways(dir, "supplier", "PSE000001", "buyer", "PSE000002");
    supplier = gateways.first();
    buyer = gateways.second();
    TestSmpServer smp = gateways.smp();
    smp.register(TestDocuments.SUPPLIER, DocumentTypeAliases.expand("order"), GatewayFixture.ORDER_ONLY_PROCESS, supplier);
    // each gateway's service provider participant is published for the MLS document type
    smp.register(BUYER_SP, MlsIds.DOCUMENT_TYPE_ID, MlsIds.PROCESS_ID, buyer);
    smp.register(SUPPLIER_SP, MlsIds.DOCUMENT_TYPE_ID, MlsIds.PROCESS_ID, supplier);
    gateways.routeBySml(List.of(TestDocuments.SUPPLIER, BUYER_SP, SUPPLIER_SP));
    supplier.serves("supplier", TestDocuments.SUPPLIER, "order");
    // the supplier's back office answers with an MLS through the API here (C3's own answering is
    // not part of this test): it may send for the service provider participant
    supplier.with("gateway.api.local-token.may-send-for", "*")
        .with("gateway.outbound.validation.enabled", "false");
    buyer.with("gateway.api.local-token.may-send-for", "*");
    gateways.start();
  }

  @AfterAll
  static void stop() {
    TwoGateways.closeQuietly(gateways);
  }

  @Test
  void aRejectionFromTheReceivingGatewayReachesTheSendersTransmission() throws Exception {
    String order = BuyerSupplierEndToEndTest.submit(buyer, TestDocuments.order());
    Transmission sent = buyer.awaitState(order, TransmissionState.DELIVERED, MAX);
    assertEquals(TransmissionState.DELIVERED, sent.state(), () -> buyer.gateway().store().timeline(order).toString());
    String sbd = new String(buyer.gateway().store().payload(order, PayloadKind.SBD).orElseThrow(), StandardCharsets.UTF_8);
    assertTrue(sbd.contains(">" + BUYER_SP + "<") && sbd.contains(">ALWAYS_SEND<"), sbd);

    byte[] mls = TestMls.of("mls-1", SUPPLIER_SP, BUYER_SP, sent.sbdhInstanceId(), "RE", "Rejected",
        List.of(new TestMls.Issue("PEPPOL-T01-R003", "Quantity must not be negative", "/Order/cac:OrderLine[1]", "BV"),
            new TestMls.Issue("BR-01", "Specification identifier missing", "/Order/cbc:CustomizationID", "BV")));
    java.net.http.HttpResponse<byte[]> posted = supplier.post("?sender=" + SUPPLIER_SP + "&receiver=" + BUYER_SP, mls);
    assertEquals(202, posted.statusCode(), () -> new String(posted.body(), StandardCharsets.UTF_8));
    String answer = se.peppolgw.ap.api.Json.MAPPER.readTree(posted.body()).get("id").asText();
    Transmission answerSent = supplier.awaitState(answer, TransmissionState.DELIVERED, MAX);
    assertEquals(TransmissionState.DELIVERED, answerSent.state(),
        () -> supplier.gateway().store().timeline(answer).toString());
    // an MLS never asks for an MLS
    String answerSbd = new String(supplier.gateway().store().payload(answer, PayloadKind.SBD).orElseThrow(),
        StandardCharsets.UTF_8);
    assertFalse(answerSbd.contains("MLS_TO") || answerSbd.contains("MLS_TYPE"), answerSbd);
    assertFalse(supplier.gateway().store().timeline(answer).stream().anyMatch(e -> e.type() == EventType.MLS_REQUESTED));

    MlsStore buyerMls = new MlsStore(buyer.gateway().store().database());
    Peer.await(() -> buyerMls.latest(order).isPresent(), MAX, () -> "no MLS on " + buyer.gateway().store().timeline(order));
    Verdict v = Verdict.of(buyer.transmission(order), buyer.gateway().store().timeline(order), Optional.empty(), ZoneOffset.UTC);
    assertEquals("bad", v.tone());
    assertTrue(v.headline().startsWith("Rejected by the receiver's access point: PEPPOL-T01-R003: Quantity must not be"
        + " negative (at /Order/cac:OrderLine[1]); BR-01: Specification identifier missing (at"
        + " /Order/cbc:CustomizationID)"), v.headline());
    // the MLS is the buyer gateway's own: consumed, not in the back office's inbox
    assertTrue(buyer.gateway().store().inbox().inboxPending(0, 10).isEmpty());
  }
}
