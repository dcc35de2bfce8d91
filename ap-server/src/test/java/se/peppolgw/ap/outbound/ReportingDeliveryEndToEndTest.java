package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.helger.peppol.reporting.api.CPeppolReporting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.ops.PasswordHashes;
import se.peppolgw.ap.reporting.MonthlyReportingJob;
import se.peppolgw.ap.reporting.ReportKind;
import se.peppolgw.ap.reporting.ReportingPeriod;
import se.peppolgw.ap.reporting.ReportingService;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.ReportingStore;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.ManualClock;

/**
 * Peppol Reporting end to end: two gateways on loopback finding each other through the SML (a
 * real DNS server) and a signed SMP. The second one serves OpenPeppol's reporting participant (the
 * identifier peppol-reporting carries) for the TSR and EUSR document types. The first one's
 * monthly job, driven by a {@link ManualClock}, builds, validates and sends both reports of a
 * month; they arrive, the receipts are verified and kept, and the reporting API shows the month
 * delivered. A send while the receiver is down is retried by the outbox and delivered after.
 */
class ReportingDeliveryEndToEndTest {
  static final Duration MAX = Duration.ofSeconds(90);
  static final String OPENPEPPOL = CPeppolReporting.OPENPEPPOL_PARTICIPANT_ID;
  static final String OPERATOR_TOKEN = "operator-token-reporting-e2e-0123";

  @TempDir static Path dir;
  static TwoGateways gateways;
  static Peer reporter;
  static Peer openPeppol;

  @BeforeAll
  static void start() throws Exception {
    gateways = new TwoGateways(dir, "reporter", "PSE000001", "openpeppol", "PBE000009");
    reporter = gateways.first();
    openPeppol = gateways.second();
    TestSmpServer smp = gateways.smp();
    for (ReportKind k : ReportKind.values()) {
      smp.register(OPENPEPPOL, k.documentTypeValue(), ReportKind.PROCESS.getValue(), openPeppol);
    }
    gateways.routeBySml(List.of(OPENPEPPOL));
    for (Peer p : List.of(reporter, openPeppol)) {
      // this test drives the job itself, with its own clock
      p.with("gateway.reporting.schedule.enabled", "false");
    }
    reporter.serves("supplier", TestDocuments.SUPPLIER, "order")
        .with("gateway.reporting.send-in-local-mode", "true")
        // retries must outlast the receiver's restart (its start includes validation warm-up)
        .with("gateway.outbound.retry.max-attempts", "400")
        .with("gateway.reporting.country", "SE")
        .with("gateway.operators", "olle")
        .with("gateway.operator.olle.role", "operator")
        .with("gateway.operator.olle.password-hash", PasswordHashes.hash("a password of some length", 4))
        .with("gateway.operator.olle.token-hashes", ApiTokens.hash(OPERATOR_TOKEN));
    openPeppol.serves("openpeppol", OPENPEPPOL, "*");
    gateways.start();
  }

  @AfterAll
  static void stop() {
    TwoGateways.closeQuietly(gateways);
  }

  /** The last month that has ended (UTC): the gateway's own clock is the real one. */
  static ReportingPeriod lastMonth() {
    return ReportingPeriod.of(Instant.now()).previous();
  }

  /** The monthly job of the reporting gateway, its clock at noon UTC on the 2nd after the month. */
  static MonthlyReportingJob jobAfter(ReportingPeriod p) {
    ManualClock clock =
        new ManualClock(p.month().plusMonths(1).atDay(2).atTime(12, 0).toInstant(ZoneOffset.UTC));
    return new MonthlyReportingJob(reporter.gateway().reporting().service(), 2, 6,
        ZoneId.of("Europe/Stockholm"), "reporter", clock);
  }

  @Test
  void theMonthlyJobSendsBothReportsAndTheMonthIsDeliveredWithVerifiedReceipts() throws Exception {
    ReportingPeriod month = lastMonth();
    seedReceivedInvoice("e2e-1", month, 3, "PDE000111", "DE");
    seedReceivedInvoice("e2e-2", month, 4, "PFI000222", "FI");

    assertEquals(MonthlyReportingJob.Tick.RAN, jobAfter(month).tick());
    assertEquals(MonthlyReportingJob.Tick.ALREADY_DONE, jobAfter(month).tick(), "once per month");

    for (String id : transmissionsOf(month)) {
      assertDeliveredToOpenPeppol(id);
    }
    JsonNode m = monthInApi(month);
    for (JsonNode r : m.get("reports")) {
      assertEquals("delivered", r.get("state").asText(), r.toString());
      assertEquals(2, r.get("transactions").asInt(), r.toString());
    }
    // the receiving side does not count the reports as reportable traffic
    ReportingStore theirs = new ReportingStore(openPeppol.gateway().store().database(), java.time.Clock.systemUTC());
    assertTrue(theirs.items(Instant.EPOCH, Instant.now().plusSeconds(3600)).isEmpty());
  }

  @Test
  void aSendWhileTheReceiverIsDownIsRetriedAndThenDelivered() throws Exception {
    ReportingPeriod month = lastMonth().previous();
    openPeppol.stop();
    try {
      assertEquals(MonthlyReportingJob.Tick.RAN, jobAfter(month).tick());
      List<String> ids = transmissionsOf(month);
      // every report's first attempt fails: nobody listens at the receiver's address
      for (String id : ids) {
        Peer.await(
            () -> failedAttempts(id) >= 1,
            MAX,
            () -> "no failed attempt for " + id + ": " + reporter.gateway().store().timeline(id));
        assertTrue(reporter.transmission(id).state() != TransmissionState.FAILED,
            "a refused connection is retried, not final");
      }
      for (JsonNode r : monthInApi(month).get("reports")) {
        assertEquals("sent", r.get("state").asText(), "waiting for the receipt: " + r);
      }
    } finally {
      openPeppol.start();
    }
    for (String id : transmissionsOf(month)) {
      assertDeliveredToOpenPeppol(id);
      assertTrue(failedAttempts(id) >= 1);
    }
    for (JsonNode r : monthInApi(month).get("reports")) {
      assertEquals("delivered", r.get("state").asText(), r.toString());
      assertEquals(0, r.get("transactions").asInt(), "an idle month gives zero reports: " + r);
    }
  }

  private static long failedAttempts(String id) {
    return reporter.gateway().store().timeline(id).stream()
        .filter(e -> e.type() == EventType.SEND_ATTEMPT && !"SUCCESS".equals(e.code()))
        .count();
  }

  /** The outbound transmissions of a month's TSR and EUSR, as the reporting service kept them. */
  private static List<String> transmissionsOf(ReportingPeriod month) {
    ReportingService svc = reporter.gateway().reporting().service();
    List<String> ids = new ArrayList<>();
    for (ReportingService.MonthView v : svc.months()) {
      if (v.period().equals(month.toString())) {
        v.reports().forEach(r -> ids.add(r.transmissionId()));
      }
    }
    assertEquals(2, ids.size(), "TSR and EUSR of " + month + ": " + ids);
    assertTrue(ids.stream().allMatch(java.util.Objects::nonNull), ids::toString);
    return ids;
  }

  private static void assertDeliveredToOpenPeppol(String id) throws Exception {
    Transmission sent = reporter.awaitState(id, TransmissionState.DELIVERED, MAX);
    assertEquals(TransmissionState.DELIVERED, sent.state(),
        () -> reporter.gateway().store().timeline(id).toString());
    assertEquals(openPeppol.seatId, sent.remoteAp());
    assertEquals("0242:000001", sent.senderId(), "the SPIS identifier of seat id PSE000001");
    assertEquals(OPENPEPPOL, sent.receiverId());
    assertEquals(ReportKind.PROCESS.getValue(), sent.processId());

    // it arrived: same AS4 message, same document
    List<Transmission> arrived = openPeppol.gateway().store().findByAs4MessageId(sent.as4MessageId());
    assertEquals(1, arrived.size());
    Transmission in = arrived.get(0);
    assertEquals(OPENPEPPOL, in.receiverId());
    assertEquals(sent.documentTypeId(), in.documentTypeId());
    assertTrue(List.of(ReportKind.TSR.documentTypeValue(), ReportKind.EUSR.documentTypeValue())
        .contains(in.documentTypeId()), in.documentTypeId());
    assertArrayEquals(
        reporter.gateway().store().payload(id, PayloadKind.SBD).orElseThrow(),
        openPeppol.gateway().store().payload(in.id(), PayloadKind.SBD).orElseThrow());

    // the receipt we keep is the receiver's, verified (the DELIVERED event follows RECEIPT_RECEIVED)
    byte[] receipt = reporter.gateway().store().payload(id, PayloadKind.RECEIPT).orElseThrow();
    assertArrayEquals(openPeppol.gateway().store().payload(in.id(), PayloadKind.RECEIPT).orElseThrow(), receipt);
    assertTrue(new String(receipt, StandardCharsets.UTF_8).contains(sent.as4MessageId()));
    List<EventType> types =
        reporter.gateway().store().timeline(id).stream().map(TimelineEvent::type).toList();
    assertEquals(List.of(EventType.RECEIPT_RECEIVED, EventType.DELIVERED),
        types.subList(types.size() - 2, types.size()), types::toString);
  }

  private static JsonNode monthInApi(ReportingPeriod month) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + reporter.port + "/api/reporting/reports"))
            .header("Authorization", "Bearer " + OPERATOR_TOKEN)
            .GET()
            .build();
    HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertEquals(false, body.get("sendsToOpenPeppol").asBoolean(), "local mode never reaches OpenPeppol");
    assertTrue(body.get("note").asText().contains("not sent to OpenPeppol in local mode"), r.body());
    for (JsonNode m : body.get("months")) {
      if (m.get("month").asText().equals(month.toString())) {
        assertEquals(2, m.get("reports").size(), m.toString());
        return m;
      }
    }
    throw new AssertionError(month + " is not listed: " + r.body());
  }

  /** A counted inbound invoice of the month, recorded as the gateway records one. */
  private static void seedReceivedInvoice(String id, ReportingPeriod month, int day, String sp, String c1)
      throws Exception {
    try (Connection c = reporter.gateway().store().database().connection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO reporting_item (transmission_id, direction, exchanged_at, counterpart_sp,"
                + " doctype_scheme, doctype_value, process_scheme, process_value, transport_protocol,"
                + " c1_country, c4_country, end_user_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, id);
      ps.setString(2, "RECEIVING");
      ps.setObject(3, OffsetDateTime.of(month.month().atDay(day).atTime(12, 0), ZoneOffset.UTC));
      ps.setString(4, sp);
      ps.setString(5, "busdox-docid-qns");
      ps.setString(6, se.peppolgw.ap.peppol.DocumentTypeAliases.expand("invoice"));
      ps.setString(7, "cenbii-procid-ubl");
      ps.setString(8, se.peppolgw.ap.testkit.GatewayFixture.BILLING_PROCESS);
      ps.setString(9, "peppol-transport-as4-v2_0");
      ps.setString(10, c1);
      ps.setString(11, "SE");
      ps.setString(12, TestDocuments.SUPPLIER);
      ps.executeUpdate();
    }
  }
}
