package se.peppolgw.ap.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.peppol.reporting.api.CPeppolReporting;
import com.helger.peppol.sbdh.PeppolSBDHData;
import com.helger.peppol.sbdh.PeppolSBDHDataReader;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.OutboxStore;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.ReportingStore;
import se.peppolgw.ap.store.ReportingStore.ReportState;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.ap.testkit.ManualClock;

/**
 * Sending (not local mode): both reports go into the outbox addressed as the specification
 * says, the SENT state follows the outbound transmission to DELIVERED or FAILED, and the reports
 * themselves are never counted in a later month's reports.
 */
class ReportSendingTest {
  @TempDir Path dir;
  Database db;
  ManualClock clock;
  TransmissionStore store;
  OutboxStore outbox;
  ReportingStore reporting;
  final AtomicInteger wakes = new AtomicInteger();

  @BeforeEach
  void open() {
    db = Database.open("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4);
    clock = new ManualClock(java.time.Instant.parse("2026-03-02T05:00:00Z"));
    store = new TransmissionStore(db, clock);
    outbox = new OutboxStore(db, clock, store.reportingCapture());
    reporting = new ReportingStore(db, clock);
  }

  @AfterEach
  void close() {
    db.close();
  }

  ReportingService service(String country) {
    return new ReportingService(reporting, new MonthlyReportBuilder("PSE000001"),
        new ReportSubmission(outbox, wakes::incrementAndGet, "0242:000001",
            CPeppolReporting.OPENPEPPOL_PARTICIPANT_ID),
        country, clock);
  }

  @Test
  void bothReportsAreQueuedForOpenPeppolWithTheSpecificationsIdentifiers() throws Exception {
    ReportingService.Outcome o = service("SE").buildAndSend(ReportingPeriod.parse("2026-02").orElseThrow());
    assertTrue(o.sent(), o.message());
    assertEquals(2, wakes.get(), "the outbound worker is woken for each report");
    for (ReportKind k : ReportKind.values()) {
      ReportingStore.Report r = o.reports().get(k.name());
      assertEquals(ReportState.SENT, r.state());
      Transmission t = store.find(r.transmissionId()).orElseThrow();
      assertEquals(TransmissionState.PENDING, t.state());
      assertEquals("9925:be0848934496", t.receiverId());
      assertEquals("0242:000001", t.senderId());
      assertEquals(k.documentTypeValue(), t.documentTypeId());
      assertEquals("urn:fdc:peppol.eu:edec:bis:reporting:1.0", t.processId());
      // the SBD reads back with the library (as the receiving AP will read it)
      byte[] sbd = store.payload(t.id(), PayloadKind.SBD).orElseThrow();
      PeppolSBDHData h = new PeppolSBDHDataReader(PeppolIdentifierFactory.INSTANCE)
          .extractData(new ByteArrayInputStream(sbd));
      assertEquals(k == ReportKind.TSR ? "1.0" : "1.1", h.getTypeVersion());
      assertEquals("SE", h.getCountryC1());
      assertEquals("busdox-docid-qns", h.getDocumentTypeScheme());
    }
  }

  @Test
  void sentBecomesDeliveredWithTheReceiptOrFailedWhenTheOutboxGivesUp() {
    ReportingService svc = service("SE");
    ReportingService.Outcome o = svc.buildAndSend(ReportingPeriod.parse("2026-02").orElseThrow());
    String tsr = o.reports().get("TSR").transmissionId();
    String eusr = o.reports().get("EUSR").transmissionId();
    List<OutboxStore.Claim> claims = outbox.claim("test", Duration.ofMinutes(5), 10);
    assertEquals(2, claims.size());
    finish(claims, tsr, TransmissionState.DELIVERED);
    finish(claims, eusr, TransmissionState.FAILED);
    ReportingService.MonthView m = svc.months().get(0);
    for (ReportingStore.Report r : m.reports()) {
      assertEquals(r.kind().equals("TSR") ? ReportState.DELIVERED : ReportState.FAILED, r.state(), r.toString());
    }
    // a delivered report is not itself a reportable transaction
    ReportingPeriod march = ReportingPeriod.parse("2026-03").orElseThrow();
    assertTrue(reporting.items(march.start(), march.end()).isEmpty());
  }

  @Test
  void withoutOurCountryNothingIsSentAndTheReasonIsKept() {
    ReportingService.Outcome o = service(null).buildAndSend(ReportingPeriod.parse("2026-02").orElseThrow());
    assertFalse(o.sent());
    assertTrue(o.message().contains("gateway.reporting.country"), o.message());
    o.reports().values().forEach(r -> {
      assertEquals(ReportState.FAILED, r.state());
      assertTrue(r.problems().contains("gateway.reporting.country"));
    });
    assertEquals(0, wakes.get());
  }

  @Test
  void theUnfinishedMonthCannotBeSent() {
    ReportingService svc = service("SE");
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> svc.buildAndSend(ReportingPeriod.parse("2026-03").orElseThrow()));
    assertTrue(reporting.reports().isEmpty());
  }

  private void finish(List<OutboxStore.Claim> claims, String id, TransmissionState end) {
    OutboxStore.Claim claim = claims.stream()
        .filter(c -> c.transmissionId().equals(id)).findFirst().orElseThrow();
    assertTrue(outbox.recordAttempt(claim, new OutboxStore.AttemptOutcome(end, null, "m-" + id, id,
        "POP000999", end == TransmissionState.DELIVERED ? null : "X", null, List.of(), List.of())));
  }
}
