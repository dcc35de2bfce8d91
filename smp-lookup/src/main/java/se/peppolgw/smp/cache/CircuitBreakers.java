package se.peppolgw.smp.cache;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** One {@link CircuitBreaker} per SMP host (host:port). */
public final class CircuitBreakers {
  private final int failureThreshold;
  private final Duration coolDown;
  private final LongSupplier ticker;
  private final ConcurrentHashMap<String, CircuitBreaker> byHost = new ConcurrentHashMap<>();

  public CircuitBreakers(int failureThreshold, Duration coolDown) {
    this(failureThreshold, coolDown, System::nanoTime);
  }

  /** @param ticker monotonic nanoseconds, as {@link System#nanoTime} */
  public CircuitBreakers(int failureThreshold, Duration coolDown, LongSupplier ticker) {
    this.failureThreshold = failureThreshold;
    this.coolDown = coolDown;
    this.ticker = ticker;
  }

  public CircuitBreaker forHost(String hostKey) {
    return byHost.computeIfAbsent(hostKey, k -> new CircuitBreaker(failureThreshold, coolDown, ticker));
  }

  /** The state of a host's breaker; CLOSED for a host never seen. */
  public CircuitBreaker.State state(String hostKey) {
    CircuitBreaker b = byHost.get(hostKey);
    return b == null ? CircuitBreaker.State.CLOSED : b.state();
  }

  public void reset() {
    byHost.clear();
  }
}
