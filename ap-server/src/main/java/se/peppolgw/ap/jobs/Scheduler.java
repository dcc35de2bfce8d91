package se.peppolgw.ap.jobs;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one home of the gateway's periodic jobs (hand-over, inbound validation, duplicate checks,
 * status callbacks, reporting, retention purge, alerts, SMP self-check, housekeeping): one small
 * pool of named daemon threads, owned by {@code Gateway} and closed with it. A job runs under its
 * own name (the thread is renamed to it while it runs, so a thread dump or a log line says which
 * job it is); an exception of one run is logged and the job keeps its schedule, where a bare
 * {@code scheduleWithFixedDelay} would silently stop it.
 *
 * <p>Jobs that sweep a queue and are woken after each new row use {@link SweepWorker} on top of
 * this: it keeps a sweep from running twice at once, since the pool has more than one thread.
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  /** How long {@link #close} waits for running jobs before interrupting them. */
  static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final ScheduledThreadPoolExecutor pool;

  /**
   * @param name prefix of the thread names ({@code name-1}, {@code name-2}, …)
   * @param threads how many jobs may run at the same time; a slow one (a webhook that answers
   *     after 30 s) holds one thread, the others keep theirs
   */
  public Scheduler(String name, int threads) {
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ScheduledThreadPoolExecutor(
            threads,
            r -> {
              Thread t = new Thread(r, name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    // a cancelled job leaves the queue at once instead of at its next due time
    pool.setRemoveOnCancelPolicy(true);
    pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    pool.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  /**
   * Runs {@code task} after {@code first}, then {@code every} after the end of each run.
   *
   * @return the handle that cancels it
   */
  public Job every(String job, Duration first, Duration every, Runnable task) {
    if (every.isZero() || every.isNegative()) {
      throw new IllegalArgumentException("the interval of job " + job + " must be positive: " + every);
    }
    ScheduledFuture<?> f =
        pool.scheduleWithFixedDelay(
            named(job, task), Math.max(0, first.toMillis()), every.toMillis(), TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  /**
   * Runs {@code task} once, as soon as a thread is free.
   *
   * @return false when the scheduler is stopping (the task will not run)
   */
  public boolean now(String job, Runnable task) {
    try {
      pool.execute(named(job, task));
      return true;
    } catch (RejectedExecutionException stopping) {
      return false;
    }
  }

  /** Runs {@code task} once after {@code delay}; false when the scheduler is stopping. */
  public boolean after(String job, Duration delay, Runnable task) {
    try {
      pool.schedule(named(job, task), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
      return true;
    } catch (RejectedExecutionException stopping) {
      return false;
    }
  }

  public boolean isStopping() {
    return pool.isShutdown();
  }

  /** Stopped and every job ended (after {@link #close}). */
  public boolean isStopped() {
    return pool.isTerminated();
  }

  /** How many threads the pool has started (they start as jobs come, up to the maximum). */
  public int threads() {
    return pool.getPoolSize();
  }

  /** The job under its own thread name; a failure is logged, never thrown into the pool. */
  private Runnable named(String job, Runnable task) {
    return () -> {
      Thread t = Thread.currentThread();
      String poolName = t.getName();
      t.setName(job);
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        // an Error too: thrown into the pool it would cancel a periodic job without a word
        LOG.error("Job {} failed; it keeps its schedule", job, e);
      } finally {
        t.setName(poolName);
      }
    };
  }

  /**
   * Stops taking jobs, lets running ones finish for up to {@link #STOP_WAIT}, then interrupts
   * what is still running. Nothing scheduled for later runs.
   */
  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Jobs still running after {} s, interrupting them", STOP_WAIT.toSeconds());
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** A scheduled job. */
  @FunctionalInterface
  public interface Job {
    /** No further runs; a run in progress finishes. */
    void cancel();
  }
}
