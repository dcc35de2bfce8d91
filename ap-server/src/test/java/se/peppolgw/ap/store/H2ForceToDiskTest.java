package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.testkit.InstrumentedH2Files;

/**
 * The shared (receipt-bearing) transactions on H2 return only after the database file was forced:
 * with group commit at most one force per batch (one force covers every batch committed before it
 * began), without it one per transaction.
 */
class H2ForceToDiskTest {
  @TempDir Path dir;

  @Test
  void groupCommitForcesAtMostOncePerBatchAndEveryCallerReturnsAfterItsForce() throws Exception {
    InstrumentedH2Files.Journal journal = InstrumentedH2Files.install();
    try (Database db = Database.open(InstrumentedH2Files.url(dir.resolve("db")), "sa", "", 8, 1)) {
      TransmissionStore store = new TransmissionStore(db, Clock.systemUTC());
      long forcesBefore = db.forces();
      long commitsBefore = db.groupCommit().commits();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<long[]>> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          String sbdh = "force-sbdh-" + i;
          journal.watch(sbdh);
          results.add(pool.submit(() -> {
            store.storeInbound(StoreContract.record(sbdh + "@as4", sbdh, "0088:1"));
            return new long[] {journal.firstWritten(sbdh), journal.mark()};
          }));
        }
        for (Future<long[]> f : results) {
          long[] writtenAndReturned = f.get();
          assertTrue(writtenAndReturned[0] > 0, "row written to the file");
          assertTrue(journal.forcedBetween(writtenAndReturned[0], writtenAndReturned[1]),
              "forced between write " + writtenAndReturned[0] + " and return " + writtenAndReturned[1]);
        }
      } finally {
        pool.shutdown();
      }
      long batches = db.groupCommit().commits() - commitsBefore;
      long forces = db.forces() - forcesBefore;
      assertTrue(forces >= 1 && forces <= batches,
          "at most one force per committed batch (one force may cover several): " + forces + " for " + batches);
      assertEquals(40, store.inbox().inboxPending(0, 100).size());
    }
  }

  @Test
  void withoutGroupCommitEachSharedTransactionIsForced() {
    InstrumentedH2Files.Journal journal = InstrumentedH2Files.install();
    try (Database db = Database.open(InstrumentedH2Files.url(dir.resolve("db")), "sa", "", 4, 0)) {
      TransmissionStore store = new TransmissionStore(db, Clock.systemUTC());
      journal.watch("single-sbdh");
      long forcesBefore = db.forces();
      InboundOutcome outcome = store.storeInbound(StoreContract.record("single@as4", "single-sbdh", "0088:1"));
      long returned = journal.mark();
      assertNotNull(outcome.transmissionId());
      assertTrue(journal.forcedBetween(journal.firstWritten("single-sbdh"), returned));
      assertEquals(forcesBefore + 1, db.forces());
    }
  }
}
