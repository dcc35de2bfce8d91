package se.peppolgw.ap.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.peppol.reporting.api.CPeppolReporting;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.OutboxStore;
import se.peppolgw.ap.store.ReportingStore;
import se.peppolgw.ap.store.ReportingStore.ReportState;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.ap.testkit.ManualClock;

/** The operator warning for the previous month: failed at once, late after the 15th, else none. */
class ReportingAttentionTest {
  @TempDir Path dir;
  Database db;
  ManualClock clock;
  ReportingStore store;
  ReportingService sending;
  ReportingService local;

  @BeforeEach
  void open() {
    db = Database.open("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4);
    clock = new ManualClock(java.time.Instant.parse("2026-03-10T12:00:00Z"));
    store = new ReportingStore(db, clock);
    OutboxStore outbox = new OutboxStore(db, clock, new TransmissionStore(db, clock).reportingCapture());
    sending = new ReportingService(store, new MonthlyReportBuilder("PSE000001"),
        new ReportSubmission(outbox, () -> {}, "0242:000001", CPeppolReporting.OPENPEPPOL_PARTICIPANT_ID),
        "SE", clock);
    local = new ReportingService(store, new MonthlyReportBuilder("PSE000001"), null, "SE", clock);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void nothingBeforeTheDeadlineLateAfterIt() {
    assertEquals(Optional.empty(), sending.attention(), "the 10th: still time");
    clock.set("2026-03-16T00:00:00Z");
    assertTrue(sending.attention().orElseThrow().startsWith("Late: the reports of 2026-02"));
    assertTrue(local.attention().orElseThrow().contains("have not been built"));
  }

  @Test
  void sentOrInLocalModeValidatedIsDone() {
    sending.buildAndSend(ReportingPeriod.parse("2026-02").orElseThrow());
    clock.set("2026-03-20T00:00:00Z");
    assertEquals(Optional.empty(), sending.attention(), "SENT counts as done");
    // a validated-only month (local mode) is done for a local gateway, late for a sending one
    store.saveReport("2026-02", "TSR", ReportState.VALIDATED, 0, "<x/>", null);
    store.saveReport("2026-02", "EUSR", ReportState.VALIDATED, 0, "<x/>", null);
    assertEquals(Optional.empty(), local.attention());
    assertTrue(sending.attention().orElseThrow().startsWith("Late"));
  }

  @Test
  void aFailedReportIsShownAtOnce() {
    store.saveReport("2026-02", "EUSR", ReportState.FAILED, 0, null, "SCH-EUSR-x broken");
    String a = sending.attention().orElseThrow();
    assertTrue(a.contains("EUSR of 2026-02 failed") && a.contains("SCH-EUSR-x broken"), a);
  }
}
