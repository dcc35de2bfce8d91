package se.peppolgw.punchout.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed-login throttling per buyer. The key is the identity the caller claims (buyer id / From identity),
 * whether or not it exists, so throttling answers the same for unknown and known buyers.
 */
public final class LoginThrottle {
  private final Clock clock;
  private final int maxFailures;
  private final Duration window;
  /** Claimed identities are caller-chosen: bound the map so junk names cannot grow it without limit. */
  private static final int MAX_TRACKED = 10_000;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  public LoginThrottle(Clock clock, int maxFailures, Duration window) {
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.window = window;
  }

  public boolean isBlocked(String key) {
    Deque<Instant> times = failures.get(key);
    if (times == null) {
      return false;
    }
    synchronized (times) {
      prune(times);
      return times.size() >= maxFailures;
    }
  }

  public void recordFailure(String key) {
    if (failures.size() > MAX_TRACKED) {
      forgetQuietKeys();
    }
    Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      prune(times);
      times.addLast(clock.instant());
    }
  }

  public void recordSuccess(String key) {
    failures.remove(key);
  }

  private void forgetQuietKeys() {
    failures.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        prune(e.getValue());
        return e.getValue().isEmpty();
      }
    });
  }

  private void prune(Deque<Instant> times) {
    Instant cutoff = clock.instant().minus(window);
    while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) {
      times.removeFirst();
    }
  }
}
