package se.peppolgw.ap.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The coalescing wake-up and the error handling of {@link SweepWorker}, driven by latches. */
class SweepWorkerTest {
  private static final Duration NEVER = Duration.ofHours(1);
  private static final List<Class<? extends Exception>> OUTAGES = List.of(IOException.class);

  private final Scheduler scheduler = new Scheduler("test-jobs", 2);
  private final Logger log = (Logger) LoggerFactory.getLogger(SweepWorker.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLog() {
    logged.start();
    log.addAppender(logged);
  }

  @AfterEach
  void stop() {
    log.detachAppender(logged);
    scheduler.close();
  }

  @Test
  void wakesWhileASweepRunsCoalesceIntoExactlyOneMoreSweep() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger sweeps = new AtomicInteger();
    try (SweepWorker w = SweepWorker.on(scheduler, "coalesce", "Test sweep", NEVER, OUTAGES, () -> {
      if (sweeps.incrementAndGet() == 1) {
        firstStarted.countDown();
        assertTrue(release.await(10, TimeUnit.SECONDS));
      }
    })) {
      w.wake();
      assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
      for (int i = 0; i < 5; i++) {
        w.wake();
      }
      release.countDown();
      await(() -> w.isIdle() && sweeps.get() >= 2);
      assertEquals(2, sweeps.get(), "five wakes during one sweep make one more sweep");
    }
  }

  @Test
  void wakesWhileASweepIsQueuedAddNothing() throws Exception {
    try (Scheduler oneThread = new Scheduler("one", 1)) {
      CountDownLatch busy = new CountDownLatch(1);
      CountDownLatch blockerStarted = new CountDownLatch(1);
      oneThread.now("blocker", () -> {
        blockerStarted.countDown();
        try {
          busy.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertTrue(blockerStarted.await(10, TimeUnit.SECONDS));
      AtomicInteger sweeps = new AtomicInteger();
      try (SweepWorker w = SweepWorker.on(oneThread, "queued", "Test sweep", NEVER, OUTAGES, sweeps::incrementAndGet)) {
        for (int i = 0; i < 5; i++) {
          w.wake();
        }
        assertFalse(w.isIdle(), "the sweep waits for the busy thread");
        busy.countDown();
        await(() -> w.isIdle() && sweeps.get() >= 1);
        assertEquals(1, sweeps.get());
      }
    }
  }

  @Test
  void aFailingSweepIsLoggedOnceAndTheWorkerKeepsSweeping() throws Exception {
    AtomicInteger sweeps = new AtomicInteger();
    try (SweepWorker w = SweepWorker.on(scheduler, "failing", "Test sweep", Duration.ofMillis(20), OUTAGES, () -> {
      if (sweeps.incrementAndGet() <= 5) {
        throw new IOException("disk full");
      }
    }).start()) {
      await(() -> sweeps.get() >= 3);
      assertFalse(w.isHealthy());
      await(() -> sweeps.get() >= 6 && w.isHealthy());
      await(() -> messages(Level.INFO).size() == 1);
      assertEquals(
          List.of("Test sweep failed, retrying every 20 ms and when woken: IOException: disk full"),
          messages(Level.WARN), "five failures of one outage, one warning");
      assertEquals(List.of("Test sweep works again (after: IOException: disk full)"), messages(Level.INFO));
      assertTrue(messages(Level.ERROR).isEmpty());
    }
  }

  @Test
  void anUnexpectedFailureIsLoggedWithItsStackTraceAndANewErrorIsLoggedAgain() throws Exception {
    AtomicInteger sweeps = new AtomicInteger();
    try (SweepWorker w = SweepWorker.on(scheduler, "bug", "Test sweep", NEVER, OUTAGES, () -> {
      int n = sweeps.incrementAndGet();
      if (n <= 2) {
        throw new IllegalStateException("a bug");
      }
      throw new IOException("receiver down");
    })) {
      for (int i = 1; i <= 3; i++) {
        w.wake();
        int expected = i;
        await(() -> w.isIdle() && sweeps.get() == expected);
      }
      List<ILoggingEvent> errors = logged.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
      assertEquals(1, errors.size());
      assertTrue(errors.get(0).getThrowableProxy() != null, "a bug comes with its stack trace");
      assertEquals(1, messages(Level.WARN).size(), "a different failure is logged once more");
      assertFalse(w.isHealthy());
    }
  }

  @Test
  void anErrorThrownByASweepDoesNotStopTheWorker() throws Exception {
    AtomicInteger sweeps = new AtomicInteger();
    try (SweepWorker w = SweepWorker.on(scheduler, "error", "Test sweep", NEVER, OUTAGES, () -> {
      if (sweeps.incrementAndGet() == 1) {
        throw new AssertionError("thrown as an Error");
      }
    })) {
      w.wake();
      await(() -> w.isIdle() && sweeps.get() == 1);
      w.wake();
      await(() -> w.isIdle() && sweeps.get() == 2);
      assertTrue(w.isHealthy());
    }
  }

  @Test
  void closeWaitsForTheRunningSweepAndNothingRunsAfterIt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger sweeps = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    SweepWorker w = SweepWorker.on(scheduler, "closing", "Test sweep", NEVER, OUTAGES, () -> {
      sweeps.incrementAndGet();
      started.countDown();
      assertTrue(release.await(10, TimeUnit.SECONDS));
      finished.incrementAndGet();
    }).start();
    assertTrue(started.await(10, TimeUnit.SECONDS));
    w.wake();
    Thread closer = new Thread(w::close);
    closer.start();
    await(() -> closer.getState() == Thread.State.TIMED_WAITING);
    release.countDown();
    closer.join(10_000);
    assertFalse(closer.isAlive());
    assertEquals(1, finished.get(), "close returned after the running sweep ended");
    w.wake();
    CountDownLatch probe = new CountDownLatch(1);
    scheduler.now("probe", probe::countDown);
    assertTrue(probe.await(10, TimeUnit.SECONDS));
    assertEquals(1, sweeps.get(), "no sweep after close, also not the one woken during it");
    assertTrue(w.isIdle());
  }

  @Test
  void aWorkerAloneClosesItsOwnScheduler() throws Exception {
    AtomicInteger sweeps = new AtomicInteger();
    SweepWorker w = SweepWorker.alone("alone", "Test sweep", NEVER, OUTAGES, sweeps::incrementAndGet).start();
    await(() -> sweeps.get() == 1 && w.isIdle());
    w.close();
    w.wake();
    assertTrue(w.isIdle());
    assertEquals(1, sweeps.get());
  }

  private List<String> messages(Level level) {
    return logged.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not reached within 10 s");
      Thread.sleep(5);
    }
  }
}
