package se.peppolgw.ap.jobs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker that sweeps its queue in the database every {@code interval} and can be woken early
 * (after each new row), for the hand-over, the inbound validation, the business duplicate check
 * and the outbound status callbacks.
 *
 * <ul>
 *   <li>One sweep at a time, although the {@link Scheduler} has several threads.
 *   <li>Wakes coalesce: any number of {@link #wake()} calls while a sweep runs make exactly one
 *       more sweep after it (the running one may have read its queue before the new row was
 *       committed); wakes while a sweep is queued and not yet started add nothing.
 *   <li>The periodic tick adds nothing while a sweep runs or is queued: that sweep does its work.
 *   <li>A failing sweep never stops the worker: the next wake or tick sweeps again. A failure is
 *       logged once per outage (again only when the error changes, and once more on recovery),
 *       not once per tick; {@link #isHealthy()} tells /health whether the last sweep worked.
 * </ul>
 */
public final class SweepWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SweepWorker.class);
  /** How long {@link #close} waits for a running sweep. */
  private static final long CLOSE_WAIT_MILLIS = 10_000;

  /** One sweep over the queue; may throw, the worker logs it and sweeps again later. */
  @FunctionalInterface
  public interface Sweep {
    void run() throws Exception;
  }

  private enum State {
    IDLE,
    /** Handed to the scheduler, not started yet. */
    QUEUED,
    RUNNING,
    /** Running, and woken since it started: one more sweep follows. */
    RUNNING_AGAIN
  }

  private final String name;
  private final String what;
  private final Duration interval;
  private final Sweep sweep;
  private final Scheduler scheduler;
  private final boolean ownsScheduler;
  private final List<Class<? extends Exception>> expected;
  private final AtomicReference<State> state = new AtomicReference<>(State.IDLE);
  private final Object settled = new Object();
  private volatile Scheduler.Job periodic;
  private volatile boolean closed;
  private volatile boolean healthy = true;
  /** The failure logged for the current outage; null while sweeps work. */
  private volatile String outage;

  private SweepWorker(
      Scheduler scheduler, boolean ownsScheduler, String name, String what, Duration interval,
      List<Class<? extends Exception>> expected, Sweep sweep) {
    this.scheduler = scheduler;
    this.ownsScheduler = ownsScheduler;
    this.name = name;
    this.what = what;
    this.interval = interval;
    this.expected = List.copyOf(expected);
    this.sweep = sweep;
  }

  /**
   * A worker on the gateway's scheduler; call {@link #start} to begin sweeping.
   *
   * @param name the job's (thread's) name, e.g. {@code inbox-handover}
   * @param what what it does, for the log ("Hand-over")
   * @param expected failures of an outage (database down, receiver unreachable): logged as one
   *     line; anything else is logged with its stack trace, as a bug
   */
  public static SweepWorker on(
      Scheduler scheduler, String name, String what, Duration interval,
      List<Class<? extends Exception>> expected, Sweep sweep) {
    return new SweepWorker(scheduler, false, name, what, interval, expected, sweep);
  }

  /** A worker with a one-thread scheduler of its own, closed with it (for a class used alone). */
  public static SweepWorker alone(
      String name, String what, Duration interval, List<Class<? extends Exception>> expected, Sweep sweep) {
    return new SweepWorker(new Scheduler(name, 1), true, name, what, interval, expected, sweep);
  }

  /** Sweeps at once, then every interval (counted from the end of a sweep's tick). */
  public SweepWorker start() {
    periodic = scheduler.every(name, Duration.ZERO, interval, this::tick);
    return this;
  }

  /** Asks for a sweep soon; cheap and coalescing, safe to call after every message. */
  public void wake() {
    while (!closed) {
      State s = state.get();
      if (s == State.QUEUED || s == State.RUNNING_AGAIN) {
        return;
      }
      if (s == State.RUNNING) {
        if (state.compareAndSet(State.RUNNING, State.RUNNING_AGAIN)) {
          return;
        }
      } else if (state.compareAndSet(State.IDLE, State.QUEUED)) {
        submit();
        return;
      }
    }
  }

  /** The periodic sweep: only when nothing runs or waits to run. */
  private void tick() {
    if (!closed && state.compareAndSet(State.IDLE, State.QUEUED)) {
      submit();
    }
  }

  private void submit() {
    if (!scheduler.now(name, this::runQueued)) {
      settle(State.IDLE);
    }
  }

  private void runQueued() {
    if (closed || !state.compareAndSet(State.QUEUED, State.RUNNING)) {
      settle(State.IDLE);
      return;
    }
    try {
      sweepOnce();
    } finally {
      if (!state.compareAndSet(State.RUNNING, State.IDLE)) {
        // woken while running: one more sweep, queued behind the other jobs rather than hogging
        state.set(State.QUEUED);
        if (closed) {
          settle(State.IDLE);
        } else {
          submit();
        }
      }
      synchronized (settled) {
        settled.notifyAll();
      }
    }
  }

  private void sweepOnce() {
    try {
      sweep.run();
      if (outage != null) {
        LOG.info("{} works again (after: {})", what, outage);
        outage = null;
      }
      healthy = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      healthy = false;
    } catch (Exception e) {
      healthy = false;
      failed(e);
    }
  }

  private void failed(Exception e) {
    String failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    if (failure.equals(outage)) {
      LOG.debug("{} still failing: {}", what, failure);
      return;
    }
    outage = failure;
    if (expected.stream().anyMatch(c -> c.isInstance(e))) {
      LOG.warn("{} failed, retrying every {} and when woken: {}", what, every(), failure);
    } else {
      LOG.error("{} failed unexpectedly, retrying every {} and when woken", what, every(), e);
    }
  }

  private String every() {
    return interval.toMillis() < 1000 ? interval.toMillis() + " ms" : interval.toSeconds() + " s";
  }

  private void settle(State s) {
    state.set(s);
    synchronized (settled) {
      settled.notifyAll();
    }
  }

  /** Whether the last sweep worked (true before the first one). */
  public boolean isHealthy() {
    return healthy;
  }

  /** Nothing running and nothing queued (tests). */
  boolean isIdle() {
    return state.get() == State.IDLE;
  }

  /**
   * No more sweeps: cancels the periodic one and waits (at most 10 s) for a running sweep to end;
   * the worker's own scheduler, if it has one, is closed.
   */
  @Override
  public void close() {
    closed = true;
    Scheduler.Job p = periodic;
    if (p != null) {
      p.cancel();
    }
    long deadline = System.currentTimeMillis() + CLOSE_WAIT_MILLIS;
    synchronized (settled) {
      while (isRunning() && System.currentTimeMillis() < deadline) {
        try {
          settled.wait(Math.max(1, deadline - System.currentTimeMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (ownsScheduler) {
      scheduler.close();
    }
  }

  private boolean isRunning() {
    State s = state.get();
    return s == State.RUNNING || s == State.RUNNING_AGAIN;
  }
}
