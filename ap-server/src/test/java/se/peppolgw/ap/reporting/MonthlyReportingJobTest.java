package se.peppolgw.ap.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.peppol.reporting.api.CPeppolReporting;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.reporting.MonthlyReportingJob.Tick;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.OutboxStore;
import se.peppolgw.ap.store.ReportingStore;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.ap.testkit.ManualClock;
import se.peppolgw.ap.testkit.TestPostgres;

/**
 * The monthly job: due on the 2nd at 06:00 Europe/Stockholm (05:00 UTC in winter), once per month
 * across nodes sharing one database and across restarts, caught up until the 15th, loud after.
 */
class MonthlyReportingJobTest {
  static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
  static EmbeddedPostgres pg;

  @TempDir Path dir;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = TestPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    pg.close();
  }

  /** One node: its own pool on the shared database, its own clock. */
  static final class Node {
    final ManualClock clock = new ManualClock(java.time.Instant.parse("2026-03-01T00:00:00Z"));
    final Database db;
    final ReportingStore store;
    final MonthlyReportingJob job;

    Node(Database db, String name) {
      this(db, name, 2, 6);
    }

    Node(Database db, String name, int day, int hour) {
      this(db, name, day, hour, false);
    }

    /** @param sending not local mode: the reports go into the shared outbox */
    Node(Database db, String name, int day, int hour, boolean sending) {
      this.db = db;
      this.store = new ReportingStore(db, clock);
      ReportSubmission submission =
          sending
              ? new ReportSubmission(new OutboxStore(db, clock), () -> {}, "0242:000001",
                  CPeppolReporting.OPENPEPPOL_PARTICIPANT_ID)
              : null;
      ReportingService service =
          new ReportingService(store, new MonthlyReportBuilder("PSE000001"), submission, "SE", clock);
      this.job = new MonthlyReportingJob(service, day, hour, STOCKHOLM, name, clock);
    }
  }

  private Database h2() {
    return Database.open("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4);
  }

  @Test
  void runsOnceAtSixStockholmTimeOnTheSecondAndNeverAgain() {
    try (Database db = h2()) {
      Node a = new Node(db, "a");
      Node b = new Node(db, "b");
      a.clock.set("2026-03-02T04:59:59Z"); // 05:59:59 in Stockholm
      assertEquals(Tick.NOT_DUE, a.job.tick());
      assertTrue(a.store.reports().isEmpty());
      a.clock.set("2026-03-02T05:00:00Z"); // 06:00 in Stockholm
      b.clock.set("2026-03-02T05:00:00Z");
      assertEquals(Tick.RAN, a.job.tick());
      assertEquals(Tick.ALREADY_DONE, b.job.tick());
      assertEquals(Tick.ALREADY_DONE, a.job.tick());
      // February's two reports, zero reports (no traffic), validated and kept (not sent here)
      assertEquals(2, a.store.reports().size());
      a.store.reports().forEach(r -> {
        assertEquals("2026-02", r.period());
        assertEquals(ReportingStore.ReportState.VALIDATED, r.state());
        assertEquals(0, r.itemCount());
      });
    }
  }

  @Test
  void theMonthEndsInUtcNotInTheScheduleZone() {
    try (Database db = h2()) {
      // scheduled at midnight Stockholm time on the 1st: 23:00 UTC on the last day of the month
      Node n = new Node(db, "midnight", 1, 0);
      n.store.claimRun("2026-01", "earlier"); // January was done on 1 February
      n.clock.set("2026-02-28T23:30:00Z"); // 1 March 00:30 in Stockholm, still February in UTC
      assertEquals(Tick.ALREADY_DONE, n.job.tick(), "February has not ended: January is the month");
      assertTrue(!n.store.runClaimed("2026-02"), "February is not claimed before it ends in UTC");
      assertTrue(n.store.reports().isEmpty());
      n.clock.set("2026-03-01T00:00:00Z"); // February is over in UTC
      assertEquals(Tick.RAN, n.job.tick());
      assertEquals(2, n.store.reports().size());
      n.store.reports().forEach(r -> {
        assertEquals("2026-02", r.period());
        assertEquals(ReportingStore.ReportState.VALIDATED, r.state(), r.toString());
      });
    }
  }

  @Test
  void aMissedRunIsCaughtUpAtTheNextStartUntilTheFifteenth() {
    try (Database db = h2()) {
      // the gateway was down from the 1st to the 15th, 23:00 Stockholm time
      Node restarted = new Node(db, "restarted");
      restarted.clock.set("2026-03-15T22:00:00Z");
      assertEquals(Tick.RAN, restarted.job.tick());
      assertEquals(2, restarted.store.reports().size());
      // and a later restart in the same month does not run it again
      Node again = new Node(db, "again");
      again.clock.set("2026-03-20T08:00:00Z");
      assertEquals(Tick.ALREADY_DONE, again.job.tick());
    }
  }

  @Test
  void afterTheFifteenthTheOperatorIsWarnedInsteadOfASilentLateRun() {
    try (Database db = h2()) {
      Node late = new Node(db, "late");
      late.clock.set("2026-03-16T05:00:00Z");
      assertEquals(Tick.LATE, late.job.tick());
      assertTrue(late.store.reports().isEmpty(), "nothing built behind the operator's back");
      assertTrue(!late.store.runClaimed("2026-02"), "the month stays open for a manual send");
    }
  }

  @Test
  void twoNodesOnOnePostgresqlRaceAndExactlyOneSendsTheMonthsReports() throws Exception {
    String url = pg.getJdbcUrl("postgres", "postgres");
    try (Database d1 = Database.open(url, "postgres", "", 4);
        Database d2 = Database.open(url, "postgres", "", 4)) {
      for (int round = 0; round < 5; round++) {
        String at = "2026-0" + (4 + round) + "-02T06:00:00Z"; // summer time: 08:00 Stockholm
        Node a = new Node(d1, "a" + round, 2, 6, true);
        Node b = new Node(d2, "b" + round, 2, 6, true);
        a.clock.set(at);
        b.clock.set(at);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
          List<Future<Tick>> ticks = new ArrayList<>();
          for (Node n : List.of(a, b)) {
            Callable<Tick> c = () -> {
              together.await(10, TimeUnit.SECONDS);
              return n.job.tick();
            };
            ticks.add(pool.submit(c));
          }
          List<Tick> got = new ArrayList<>();
          for (Future<Tick> f : ticks) {
            got.add(f.get(120, TimeUnit.SECONDS));
          }
          assertEquals(1, got.stream().filter(t -> t == Tick.RAN).count(), "round " + round + ": " + got);
          assertTrue(got.stream().allMatch(t -> t == Tick.RAN || t == Tick.ALREADY_DONE || t == Tick.LOST_CLAIM),
              got.toString());
        } finally {
          pool.shutdownNow();
        }
        String period = "2026-0" + (3 + round);
        assertEquals(2, a.store.reports().stream().filter(r -> r.period().equals(period)).count());
        // sent once: one TSR and one EUSR in the outbox for the month, seen alike by both nodes
        for (ReportingStore.Report r : b.store.reports()) {
          assertEquals(ReportingStore.ReportState.SENT, r.state(), r.toString());
        }
        assertEquals(2L * (round + 1),
            new TransmissionStore(d2, b.clock).count(Direction.OUT, TransmissionState.PENDING),
            "round " + round + ": each month's two reports are queued exactly once");
      }
    }
  }
}
