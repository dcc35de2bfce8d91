package se.peppolgw.ap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.jobs.Scheduler;
import se.peppolgw.ap.testkit.GatewayFixture;

/** The gateway's periodic jobs run on its one scheduler, which its stop ends. */
class GatewayJobsTest {
  @TempDir Path dir;

  @Test
  void theJobsRunOnTheGatewaysSchedulerAndStopWithIt() throws Exception {
    Scheduler jobs;
    try (GatewayFixture fx = new GatewayFixture(dir).start()) {
      jobs = fx.gateway().jobs();
      assertFalse(jobs.isStopping());
      // the inbound validation and duplicate sweeps start at once, on this scheduler's threads
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (jobs.threads() == 0) {
        assertTrue(System.nanoTime() < deadline, "no job ran on the gateway's scheduler");
        Thread.sleep(10);
      }
      fx.gateway().stop();
      assertTrue(jobs.isStopped(), "stop returns once every job has ended");
    }
    assertFalse(jobs.now("late", () -> {}), "a stopped gateway's scheduler takes no more jobs");
  }
}
