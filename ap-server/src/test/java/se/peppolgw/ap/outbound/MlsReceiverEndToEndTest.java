package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.outbound.TestDocuments.BUYER;
import static se.peppolgw.ap.outbound.TestDocuments.SUPPLIER;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.mls.MlsBuilder;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.sbd.SbdWriter;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.InboundValidationStore;
import se.peppolgw.ap.store.MlsDecision;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.validation.PeppolBisValidator;
import se.peppolgw.ap.validation.ValidationReport;

/**
 * This gateway as receiving access point (C3) answering with Peppol MLS, between two gateways on
 * loopback that find each other (and each other's service provider participants) through the SML
 * and a signed SMP. The supplier sends invoices (its own validation off, so it can send broken
 * ones); the buyer validates each after the receipt and sends its MLS through its outbox to the
 * supplier's service provider participant, where it arrives as an AS4 message with a verified
 * receipt. Every MLS sent passes phive's MLS rules here.
 */
class MlsReceiverEndToEndTest {
  static final Duration MAX = Duration.ofSeconds(90);
  /** The supplier's (sender's) service provider: seat PSE000001. */
  static final String SUPPLIER_SP = "0242:000001";
  /** A service provider whose access point is down (registered, nothing listening). */
  static final String GONE_SP = "0242:000009";
  static final String MLS_PROCESS = MlsBuilder.PROFILE_ID;

  @TempDir static Path dir;
  static TestSmpServer smp;
  static TestDns dns;
  static Peer supplier;
  static Peer buyer;
  static Peer gone;
  static final PeppolBisValidator VALIDATOR = new PeppolBisValidator();

  @BeforeAll
  static void start() throws Exception {
    supplier = new Peer(dir, "supplier", "PSE000001", null);
    buyer = new Peer(dir, "buyer", "PSE000002", supplier.keystoreDir());
    gone = new Peer(dir, "gone", "PSE000009", supplier.keystoreDir());
    smp = new TestSmpServer();
    smp.register(BUYER, DocumentTypeAliases.expand("invoice"), GatewayFixture.BILLING_PROCESS, buyer);
    smp.register(SUPPLIER_SP, MlsBuilder.DOCUMENT_TYPE_ID, MLS_PROCESS, supplier);
    smp.register(GONE_SP, MlsBuilder.DOCUMENT_TYPE_ID, MLS_PROCESS, gone);
    dns = new TestDns(smp.url(), List.of(BUYER, SUPPLIER_SP, GONE_SP));
    Path smpTrust = smp.writeTrustStore(dir.resolve("smp-ca.p12"), "secret");
    for (Peer p : List.of(supplier, buyer)) {
      p.with("gateway.mls.send", "true")
          .with("gateway.routing.mode", "sml")
          .with("gateway.routing.sml-zone", TestDns.ZONE)
          .with("gateway.routing.dns-server", dns.server())
          .with("gateway.routing.smp-truststore.path", smpTrust.toString())
          .with("gateway.routing.smp-truststore.password", "secret");
    }
    // the sender's own checks off: the receiver's validation is what is tested
    supplier.with("gateway.outbound.validation.enabled", "false");
    supplier.serves("supplier", SUPPLIER, "*").serves("sp", SUPPLIER_SP, "*");
    buyer.serves("buyer", BUYER, "*");
    supplier.start();
    buyer.start();
  }

  @AfterAll
  static void stop() {
    TwoGateways.closeAll(buyer, supplier, dns, smp);
  }

  static byte[] invalidInvoice() {
    String xml = new String(TestDocuments.invoice(), StandardCharsets.UTF_8);
    String broken = xml.replace("<cbc:BuyerReference>0150abc</cbc:BuyerReference>", "");
    assertNotEquals(xml, broken);
    return broken.getBytes(StandardCharsets.UTF_8);
  }

  /** The invoice in an SBD whose BusinessScope carries the given MLS scopes (null: left out). */
  static byte[] sbd(byte[] invoice, String mlsTo, String mlsType) {
    byte[] plain =
        SbdWriter.write(
            new SbdWriter.Header(
                SUPPLIER, BUYER, DocumentTypeAliases.expand("invoice"), GatewayFixture.BILLING_PROCESS,
                "SE", UUID.randomUUID().toString(), Instant.now(),
                "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "Invoice"),
            invoice);
    String scopes = "";
    if (mlsTo != null) {
      scopes += "      <Scope><Type>MLS_TO</Type><InstanceIdentifier>" + mlsTo
          + "</InstanceIdentifier><Identifier>iso6523-actorid-upis</Identifier></Scope>\n";
    }
    if (mlsType != null) {
      scopes += "      <Scope><Type>MLS_TYPE</Type><InstanceIdentifier>" + mlsType
          + "</InstanceIdentifier></Scope>\n";
    }
    String xml = new String(plain, StandardCharsets.UTF_8);
    return xml.replace("    </BusinessScope>", scopes + "    </BusinessScope>").getBytes(StandardCharsets.UTF_8);
  }

  /** Sends through the supplier; returns the buyer's inbound transmission. */
  static Transmission deliver(byte[] sbd) throws Exception {
    HttpResponse<byte[]> r = supplier.post("", sbd);
    assertEquals(202, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    String id = Json.MAPPER.readTree(r.body()).get("id").asText();
    Transmission sent = supplier.awaitState(id, TransmissionState.DELIVERED, MAX);
    assertEquals(TransmissionState.DELIVERED, sent.state(), () -> supplier.gateway().store().timeline(id).toString());
    List<Transmission> arrived = buyer.gateway().store().findByAs4MessageId(sent.as4MessageId());
    assertEquals(1, arrived.size());
    return arrived.get(0);
  }

  static InboundValidationStore answers(Peer p) {
    return new InboundValidationStore(p.gateway().store().database(), Clock.systemUTC());
  }

  static MlsDecision awaitAnswer(Peer p, String inboundId) throws InterruptedException {
    Peer.await(
        () -> answers(p).mlsAnswer(inboundId).isPresent(), MAX,
        () -> "no MLS decision for " + inboundId + ": " + p.gateway().store().timeline(inboundId));
    return answers(p).mlsAnswer(inboundId).orElseThrow();
  }

  /** The MLS the buyer sent: delivered with a verified receipt, arrived at the supplier, valid. */
  static String deliveredMls(MlsDecision a) throws Exception {
    assertEquals(MlsDecision.Decision.SENT, a.decision(), a::toString);
    Transmission out = buyer.awaitState(a.outboundId(), TransmissionState.DELIVERED, MAX);
    assertEquals(TransmissionState.DELIVERED, out.state(), () -> buyer.gateway().store().timeline(a.outboundId()).toString());
    assertEquals(supplier.seatId, out.remoteAp());
    assertEquals(a.mlsTo(), out.receiverId());
    assertEquals("0242:000002", out.senderId());
    assertEquals(MlsBuilder.DOCUMENT_TYPE_ID, out.documentTypeId());
    assertEquals(MLS_PROCESS, out.processId());
    assertTrue(buyer.gateway().store().payload(a.outboundId(), PayloadKind.RECEIPT).isPresent());
    byte[] mls = buyer.gateway().store().payload(a.outboundId(), PayloadKind.DOCUMENT).orElseThrow();
    ValidationReport report = VALIDATOR.validate("ApplicationResponse", MlsBuilder.CUSTOMIZATION_ID, mls);
    assertTrue(report.isValid(), () -> report.errors().toString());

    // it arrived at the supplier's access point as an AS4 message for its service provider id
    List<Transmission> arrived = supplier.gateway().store().findByAs4MessageId(out.as4MessageId());
    assertEquals(1, arrived.size());
    Transmission in = arrived.get(0);
    assertEquals(SUPPLIER_SP, in.receiverId());
    // ... where it is consumed as an answer (matched to the supplier's transmission in the same
    // transaction that stored it, never handed over) and never answered with another MLS
    assertEquals(TransmissionState.CONSUMED, in.state(), () -> supplier.gateway().store().timeline(in.id()).toString());
    assertTrue(supplier.gateway().store().timeline(in.id()).stream()
            .anyMatch(e -> e.type() == se.peppolgw.ap.store.EventType.MLS_RECEIVED),
        () -> supplier.gateway().store().timeline(in.id()).toString());
    assertTrue(answers(supplier).mlsAnswer(in.id()).isEmpty(), "an MLS is never answered with an MLS");
    return new String(mls, StandardCharsets.UTF_8);
  }

  @Test
  void validInvoiceIsAcceptedWithAnMlsToTheAddressInMlsTo() throws Exception {
    Transmission in = deliver(sbd(TestDocuments.invoice(), SUPPLIER_SP, "ALWAYS_SEND"));
    MlsDecision a = awaitAnswer(buyer, in.id());
    assertEquals("AP", a.responseCode());
    assertEquals(SUPPLIER_SP, a.mlsTo());
    assertEquals(MlsDecision.Addressing.MLS_TO, a.addressedBy());
    String mls = deliveredMls(a);
    assertTrue(mls.contains("<cbc:ResponseCode>AP</cbc:ResponseCode>"), mls);
    assertTrue(mls.contains("<cbc:ID>" + in.sbdhInstanceId() + "</cbc:ID>"), mls);

    // the inbound transmission's timeline names the MLS and its outbound transmission
    TimelineEvent e = answerEvent(in.id());
    assertEquals("AP", e.code());
    assertTrue(e.message().contains(a.outboundId()), e.message());
    // ... and so does its API
    JsonNode api = operatorGet(buyer, "/api/transmissions/" + in.id());
    JsonNode mlsNode = api.get("mls");
    assertNotNull(mlsNode, api::toString);
    assertEquals("AP", mlsNode.get("responseCode").asText());
    assertEquals(a.outboundId(), mlsNode.get("outboundId").asText());
    assertEquals("DELIVERED", mlsNode.get("outboundState").asText());
    assertEquals(in.id(), operatorGet(buyer, "/api/transmissions/" + a.outboundId()).get("mlsAnswers").asText());
  }

  @Test
  void invalidInvoiceIsHandedOverMarkedFailedAndRejectedWithTheRule() throws Exception {
    Transmission in = deliver(sbd(invalidInvoice(), SUPPLIER_SP, null));
    MlsDecision a = awaitAnswer(buyer, in.id());
    assertEquals("RE", a.responseCode());
    String mls = deliveredMls(a);
    assertTrue(mls.contains("<cbc:ResponseCode>RE</cbc:ResponseCode>"), mls);
    assertTrue(mls.contains("[PEPPOL-EN16931-R003]"), mls);
    assertTrue(mls.contains("<cbc:StatusReasonCode>BV</cbc:StatusReasonCode>"), mls);

    // handed to the buyer's back office all the same, marked failed
    Path json = buyer.root.resolve("data").resolve("inbox").resolve(in.id() + ".json");
    Peer.await(() -> Files.exists(json), MAX, () -> "not handed over: " + buyer.gateway().store().timeline(in.id()));
    JsonNode meta = Json.MAPPER.readTree(Files.readAllBytes(json));
    assertEquals("failed", meta.get("validation").asText());
  }

  @Test
  void failureOnlyMeansNoMlsForAValidInvoiceButOneForAnInvalidOne() throws Exception {
    Transmission valid = deliver(sbd(TestDocuments.invoice(), SUPPLIER_SP, "FAILURE_ONLY"));
    MlsDecision none = awaitAnswer(buyer, valid.id());
    assertEquals(MlsDecision.Decision.NOT_SENT, none.decision());
    assertNull(none.outboundId());
    assertTrue(none.reason().contains("FAILURE_ONLY"), none.reason());
    assertEquals("NOT_SENT", answerEvent(valid.id()).code());

    Transmission invalid = deliver(sbd(invalidInvoice(), SUPPLIER_SP, "FAILURE_ONLY"));
    MlsDecision re = awaitAnswer(buyer, invalid.id());
    assertEquals("RE", re.responseCode());
    deliveredMls(re);
  }

  @Test
  void withoutMlsToTheMlsGoesToTheSendingAccessPointsServiceProvider() throws Exception {
    Transmission in = deliver(sbd(TestDocuments.invoice(), null, null));
    MlsDecision a = awaitAnswer(buyer, in.id());
    assertEquals(MlsDecision.Addressing.FALLBACK, a.addressedBy());
    // the signing certificate of the message was PSE000001's
    assertEquals(SUPPLIER_SP, a.mlsTo());
    assertEquals("AP", a.responseCode());
    deliveredMls(a);
  }

  @Test
  void anMlsReceiverThatCannotBeReachedGetsTheMlsRetried() throws Exception {
    Transmission in = deliver(sbd(TestDocuments.invoice(), GONE_SP, null));
    MlsDecision a = awaitAnswer(buyer, in.id());
    assertEquals(MlsDecision.Decision.SENT, a.decision());
    assertEquals(GONE_SP, a.mlsTo());
    String out = a.outboundId();
    Peer.await(
        () -> buyer.gateway().store().timeline(out).stream()
            .filter(e -> e.type() == EventType.SEND_ATTEMPT).count() >= 2,
        MAX,
        () -> "not retried: " + buyer.gateway().store().timeline(out));
    TransmissionState s = buyer.transmission(out).state();
    assertTrue(s == TransmissionState.RETRY_WAIT || s == TransmissionState.SENDING, s::toString);
    assertTrue(
        buyer.gateway().store().timeline(out).stream().anyMatch(e -> e.type() == EventType.RETRY_SCHEDULED),
        () -> buyer.gateway().store().timeline(out).toString());
    // still exactly one MLS for the document
    assertEquals(out, answers(buyer).mlsAnswer(in.id()).orElseThrow().outboundId());
  }

  /** The operator API, with the local-mode operator token. */
  static JsonNode operatorGet(Peer p, String path) throws Exception {
    String token =
        Files.readString(p.root.resolve("data").resolve("local-operator-token.txt")).trim();
    java.net.http.HttpRequest req =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + p.port + path))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    HttpResponse<byte[]> r =
        java.net.http.HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    return Json.MAPPER.readTree(r.body());
  }

  private static TimelineEvent answerEvent(String inboundId) {
    return buyer.gateway().store().timeline(inboundId).stream()
        .filter(e -> e.type() == EventType.MLS_ANSWER)
        .findFirst()
        .orElseThrow(() -> new AssertionError(buyer.gateway().store().timeline(inboundId).toString()));
  }
}
