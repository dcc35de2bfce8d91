package se.peppolgw.smp.cache;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Counts consecutive failures of one SMP host. After {@code failureThreshold} of them the breaker opens
 * and rejects calls; after {@code coolDown} it goes half-open and lets exactly one trial call through:
 * success closes it, failure opens it again for another cool-down.
 */
public final class CircuitBreaker {
  public enum State { CLOSED, OPEN, HALF_OPEN }

  private final int failureThreshold;
  private final long coolDownNanos;
  private final LongSupplier nanoTime;

  private State state = State.CLOSED;
  private int consecutiveFailures;
  private long openedAtNanos;
  private boolean trialRunning;

  public CircuitBreaker(int failureThreshold, Duration coolDown) {
    this(failureThreshold, coolDown, System::nanoTime);
  }

  public CircuitBreaker(int failureThreshold, Duration coolDown, LongSupplier nanoTime) {
    this.failureThreshold = failureThreshold;
    this.coolDownNanos = coolDown.toNanos();
    this.nanoTime = nanoTime;
  }

  /** True when the caller may go ahead; it must then report {@link #onSuccess} or {@link #onFailure}. */
  public synchronized boolean tryAcquire() {
    switch (state) {
      case CLOSED:
        return true;
      case OPEN:
        if (nanoTime.getAsLong() - openedAtNanos < coolDownNanos) {
          return false;
        }
        state = State.HALF_OPEN;
        trialRunning = true;
        return true;
      case HALF_OPEN:
      default:
        if (trialRunning) {
          return false;
        }
        trialRunning = true;
        return true;
    }
  }

  public synchronized void onSuccess() {
    state = State.CLOSED;
    consecutiveFailures = 0;
    trialRunning = false;
  }

  public synchronized void onFailure() {
    trialRunning = false;
    consecutiveFailures++;
    if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
      state = State.OPEN;
      openedAtNanos = nanoTime.getAsLong();
    }
  }

  /** The state as seen now: an open breaker whose cool-down has passed reports HALF_OPEN. */
  public synchronized State state() {
    if (state == State.OPEN && nanoTime.getAsLong() - openedAtNanos >= coolDownNanos) {
      return State.HALF_OPEN;
    }
    return state;
  }

  public synchronized int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** Time left until an open breaker lets a trial through (zero unless open). */
  public synchronized Duration remainingCoolDown() {
    if (state != State.OPEN) {
      return Duration.ZERO;
    }
    long left = coolDownNanos - (nanoTime.getAsLong() - openedAtNanos);
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }
}
