package se.peppolgw.ap.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SchedulerTest {

  @Test
  void aJobThatThrowsKeepsItsSchedule() throws Exception {
    try (Scheduler s = new Scheduler("test-jobs", 1)) {
      CountDownLatch thirdRun = new CountDownLatch(3);
      s.every("thrower", Duration.ZERO, Duration.ofMillis(10), () -> {
        thirdRun.countDown();
        throw new IllegalStateException("every time");
      });
      assertTrue(thirdRun.await(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void aJobRunsUnderItsOwnNameOnADaemonThread() throws Exception {
    try (Scheduler s = new Scheduler("test-jobs", 1)) {
      AtomicReference<Thread> seen = new AtomicReference<>();
      AtomicReference<String> name = new AtomicReference<>();
      CountDownLatch ran = new CountDownLatch(1);
      assertTrue(s.now("inbox-handover", () -> {
        seen.set(Thread.currentThread());
        name.set(Thread.currentThread().getName());
        ran.countDown();
      }));
      assertTrue(ran.await(10, TimeUnit.SECONDS));
      assertEquals("inbox-handover", name.get());
      assertTrue(seen.get().isDaemon());
    }
  }

  @Test
  void aCancelledJobRunsNoMore() throws Exception {
    try (Scheduler s = new Scheduler("test-jobs", 1)) {
      AtomicInteger runs = new AtomicInteger();
      CountDownLatch first = new CountDownLatch(1);
      Scheduler.Job job = s.every("counted", Duration.ZERO, Duration.ofMillis(10), () -> {
        runs.incrementAndGet();
        first.countDown();
      });
      assertTrue(first.await(10, TimeUnit.SECONDS));
      job.cancel();
      // a job queued after the cancel runs after any run of the cancelled one still in progress
      CountDownLatch probe = new CountDownLatch(1);
      s.now("probe", probe::countDown);
      assertTrue(probe.await(10, TimeUnit.SECONDS));
      int afterCancel = runs.get();
      CountDownLatch probe2 = new CountDownLatch(1);
      s.after("probe-later", Duration.ofMillis(50), probe2::countDown);
      assertTrue(probe2.await(10, TimeUnit.SECONDS));
      assertEquals(afterCancel, runs.get());
    }
  }

  @Test
  void closeLetsTheRunningJobFinishAndRefusesNewOnes() throws Exception {
    Scheduler s = new Scheduler("test-jobs", 1);
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    s.now("slow", () -> {
      started.countDown();
      try {
        Thread.sleep(100); // a job in progress when close is called, not a wait for state
        finished.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertTrue(started.await(10, TimeUnit.SECONDS));
    s.close();
    assertEquals(1, finished.get(), "close waited for the running job");
    assertTrue(s.isStopping());
    assertFalse(s.now("late", () -> {}));
    assertFalse(s.after("later", Duration.ZERO, () -> {}));
  }

  @Test
  void aNonPositiveIntervalIsRefused() {
    try (Scheduler s = new Scheduler("test-jobs", 1)) {
      assertThrows(IllegalArgumentException.class, () -> s.every("zero", Duration.ZERO, Duration.ZERO, () -> {}));
    }
  }
}
