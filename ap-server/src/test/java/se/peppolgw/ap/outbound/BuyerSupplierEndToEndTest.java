package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.outbound.TestDocuments.BUYER;
import static se.peppolgw.ap.outbound.TestDocuments.SUPPLIER;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.sbd.SbdWriter;
import se.peppolgw.ap.store.Digests;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * Two gateways on loopback, each with its own key from one dev CA, finding each other through
 * the SML (a real DNS server answering U-NAPTR) and a signed SMP: the buyer orders, the supplier answers with an order response, a despatch advice
 * and an invoice. Every document goes through the outbound API, validation, the outbox, phase4
 * (signed, encrypted, gzip) and arrives at the other gateway; every transmission ends DELIVERED
 * with a verified signed receipt and a lookup trace on its timeline.
 */
class BuyerSupplierEndToEndTest {
  static final Duration MAX = Duration.ofSeconds(60);

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
    smp.register(SUPPLIER, DocumentTypeAliases.expand("order"), GatewayFixture.ORDER_ONLY_PROCESS, supplier);
    smp.register(BUYER, DocumentTypeAliases.expand("order-response"), GatewayFixture.ORDERING_PROCESS, buyer);
    smp.register(BUYER, DocumentTypeAliases.expand("despatch-advice"), "urn:fdc:peppol.eu:poacc:bis:despatch_advice:3", buyer);
    smp.register(BUYER, DocumentTypeAliases.expand("invoice"), GatewayFixture.BILLING_PROCESS, buyer);
    gateways.routeBySml(List.of(SUPPLIER, BUYER));
    supplier.serves("supplier", SUPPLIER, "order");
    buyer.serves("buyer", BUYER, "*");
    gateways.start();
  }

  @AfterAll
  static void stop() {
    TwoGateways.closeQuietly(gateways);
  }

  @Test
  void orderThenResponseDespatchAdviceAndInvoiceAllArriveWithVerifiedReceipts() throws Exception {
    String order = submit(buyer, TestDocuments.order());
    assertDelivered(buyer, order, supplier);

    String response = submit(supplier, TestDocuments.orderResponse());
    String despatch = submit(supplier, TestDocuments.despatchAdvice());
    String invoice = submit(supplier, TestDocuments.invoice());
    for (String id : List.of(response, despatch, invoice)) {
      assertDelivered(supplier, id, buyer);
    }
    // the buyer's inbox holds the three answers, in order of arrival
    List<Transmission> inbox = buyer.gateway().store().inbox().inboxPending(0, 10);
    assertEquals(3, inbox.size());
  }

  static String submit(Peer from, byte[] document) throws Exception {
    HttpResponse<byte[]> r = from.post("", document);
    assertEquals(202, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    return Json.MAPPER.readTree(r.body()).get("id").asText();
  }

  static void assertDelivered(Peer from, String id, Peer to) throws Exception {
    Transmission sent = from.awaitState(id, TransmissionState.DELIVERED, MAX);
    assertEquals(TransmissionState.DELIVERED, sent.state(), () -> from.gateway().store().timeline(id).toString());
    assertEquals(to.seatId, sent.remoteAp());

    // the other side has it: same AS4 message, same SBDH id, the document byte for byte
    List<Transmission> arrived = to.gateway().store().findByAs4MessageId(sent.as4MessageId());
    assertEquals(1, arrived.size());
    Transmission in = arrived.get(0);
    assertEquals(sent.sbdhInstanceId(), in.sbdhInstanceId());
    assertEquals(sent.receiverId(), in.receiverId());
    assertEquals(sent.documentTypeId(), in.documentTypeId());
    assertArrayEquals(
        from.gateway().store().payload(id, PayloadKind.SBD).orElseThrow(),
        to.gateway().store().payload(in.id(), PayloadKind.SBD).orElseThrow());
    assertArrayEquals(
        SbdWriter.bodyOf(from.gateway().store().payload(id, PayloadKind.DOCUMENT).orElseThrow()),
        to.gateway().store().payload(in.id(), PayloadKind.DOCUMENT).orElseThrow());

    // the receipt we keep is the one the receiver sent, verbatim, and refers to our message
    byte[] receipt = from.gateway().store().payload(id, PayloadKind.RECEIPT).orElseThrow();
    assertArrayEquals(to.gateway().store().payload(in.id(), PayloadKind.RECEIPT).orElseThrow(), receipt);
    String receiptXml = new String(receipt, StandardCharsets.UTF_8);
    assertTrue(receiptXml.contains("NonRepudiationInformation"));
    assertTrue(receiptXml.contains(sent.as4MessageId()));
    HttpResponse<byte[]> viaApi = from.get("/api/outbound/" + id + "/receipt");
    assertEquals(200, viaApi.statusCode());
    assertArrayEquals(receipt, viaApi.body());

    // the timeline tells the story: lookup with its trace, one attempt with phase4's report
    List<TimelineEvent> tl = from.gateway().store().timeline(id);
    List<EventType> types = tl.stream().map(TimelineEvent::type).toList();
    assertEquals(EventType.ACCEPTED, types.get(0));
    assertTrue(types.contains(EventType.VALIDATED), types::toString);
    TimelineEvent lookup = tl.stream().filter(e -> e.type() == EventType.SMP_LOOKUP).findFirst().orElseThrow();
    assertEquals("OK", lookup.code());
    JsonNode trace = Json.MAPPER.readTree(lookup.data());
    assertEquals("SML", trace.get("mode").asText());
    String steps = trace.get("steps").toString();
    assertTrue(steps.contains("DNS_NAPTR") || "HIT".equals(trace.get("cache").asText()), steps);
    TimelineEvent attempt =
        tl.stream().filter(e -> e.type() == EventType.SEND_ATTEMPT).findFirst().orElseThrow();
    assertEquals("SUCCESS", attempt.code());
    JsonNode report = Json.MAPPER.readTree(attempt.data());
    assertEquals(sent.as4MessageId(), report.get("as4MessageId").asText());
    // the receipt is kept verbatim; phase4's report refers to those exact bytes
    assertTrue(
        report.get("as4ReceivedSignalMsg").asText().contains(
            Digests.sha256Hex(from.gateway().store().payload(id, PayloadKind.RECEIPT).orElseThrow())),
        report.toString());
    assertTrue(report.get("sendingSuccess").asBoolean(), report.toString());
    assertEquals(
        List.of(EventType.SMP_LOOKUP, EventType.SEND_ATTEMPT, EventType.RECEIPT_RECEIVED, EventType.DELIVERED),
        types.subList(types.size() - 4, types.size()));

    JsonNode status = Json.MAPPER.readTree(from.get("/api/outbound/" + id).body());
    assertEquals("DELIVERED", status.get("state").asText());
    assertEquals(1, status.get("attempts").asInt());
  }
}
