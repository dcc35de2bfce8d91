package se.peppolgw.ap.handover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.InboundRecord;
import se.peppolgw.ap.testkit.TestInbound;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.store.TransmissionStore;

/** The hand-over worker writes runs of documents and marks them together. */
class HandoverWorkerTest {
  @TempDir Path dir;

  private static InboundRecord record(int i) {
    return TestInbound.record("hw", i);
  }

  @Test
  void handsOverEverythingAndAFailedFileSpoilsOnlyItsOwnMark() throws Exception {
    try (Database db = openDatabase()) {
      TransmissionStore store = new TransmissionStore(db, Clock.systemUTC());
      Path inbox = dir.resolve("inbox");
      List<String> ids = new ArrayList<>();
      // more than one mark run (16) and the document that cannot be written in the second run
      for (int i = 0; i < 40; i++) {
        ids.add(store.storeInbound(record(i)).transmissionId());
      }
      String blocked = ids.get(20);
      // a non-empty directory where the file should go: the rename fails
      Files.createDirectories(inbox.resolve(blocked + ".xml").resolve("in-the-way"));

      try (HandoverWorker worker =
          new HandoverWorker(store, new InboxFolderWriter(inbox), null, Duration.ofMillis(200))) {
        awaitTrue(() -> !worker.isHealthy() && state(store, ids.get(19)) == TransmissionState.HANDED_OVER);
        for (int i = 0; i < 20; i++) {
          assertEquals(TransmissionState.HANDED_OVER, state(store, ids.get(i)), "document " + i);
          assertArrayEquals(
              record(i).document(), Files.readAllBytes(inbox.resolve(ids.get(i) + ".xml")));
          List<TimelineEvent> tl = store.timeline(ids.get(i));
          assertEquals(EventType.HANDED_OVER, tl.get(tl.size() - 1).type());
        }
        assertEquals(TransmissionState.RECEIVED, state(store, blocked));
        assertTrue(
            store.timeline(blocked).stream().anyMatch(e -> e.type() == EventType.HANDOVER_FAILED));
        assertFalse(Files.exists(inbox.resolve(ids.get(21) + ".xml")), "the run stops at the failure");

        // the obstacle goes away: the periodic sweep finishes the rest
        Files.delete(inbox.resolve(blocked + ".xml").resolve("in-the-way"));
        Files.delete(inbox.resolve(blocked + ".xml"));
        // healthy is set after the run's last mark commits, so wait for both
        awaitTrue(
            () -> worker.isHealthy() && state(store, ids.get(39)) == TransmissionState.HANDED_OVER);
        for (int i = 20; i < 40; i++) {
          assertEquals(TransmissionState.HANDED_OVER, state(store, ids.get(i)), "document " + i);
          assertTrue(Files.isRegularFile(inbox.resolve(ids.get(i) + ".json")));
        }
      }
    }
  }

  @Test
  void theInboxFolderIsScannedForTakenFilesOncePerSweepNotOnEveryWake() throws Exception {
    try (Database db = openDatabase()) {
      TransmissionStore store = new TransmissionStore(db, Clock.systemUTC());
      Path inbox = dir.resolve("inbox");
      String first = store.storeInbound(record(1)).transmissionId();
      Duration hour = Duration.ofHours(1); // no periodic sweep during the test: only the first run and wakes
      try (HandoverWorker worker = new HandoverWorker(store, new InboxFolderWriter(inbox), null, hour)) {
        awaitTrue(() -> state(store, first) == TransmissionState.HANDED_OVER);
        // the back office takes the first file; the next document wakes the worker
        Files.delete(inbox.resolve(first + ".xml"));
        String second = store.storeInbound(record(2)).transmissionId();
        worker.wake();
        awaitTrue(() -> state(store, second) == TransmissionState.HANDED_OVER);
        Thread.sleep(500); // the woken run has ended: had it scanned, the first would be acknowledged
        assertEquals(TransmissionState.HANDED_OVER, state(store, first), "no scan on a wake within the sweep");
      }
      // a sweep (here: the first run of a worker) notices it
      try (HandoverWorker worker = new HandoverWorker(store, new InboxFolderWriter(inbox), null, hour)) {
        awaitTrue(() -> worker.isHealthy() && state(store, first) == TransmissionState.ACKNOWLEDGED);
      }
    }
  }

  private Database openDatabase() {
    return Database.open("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4);
  }

  private static TransmissionState state(TransmissionStore store, String id) {
    return store.find(id).orElseThrow().state();
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out");
      Thread.sleep(20);
    }
  }
}
