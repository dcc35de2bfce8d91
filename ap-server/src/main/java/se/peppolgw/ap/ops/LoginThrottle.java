package se.peppolgw.ap.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** After 5 failed logins for a name within 15 minutes, that name is locked for 15 minutes. */
final class LoginThrottle {
  private static final int MAX_FAILURES = 5;
  private static final Duration WINDOW = Duration.ofMinutes(15);
  private static final int MAX_TRACKED = 10_000;

  private record Failures(int count, Instant first) {}

  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final Clock clock;

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  boolean locked(String name) {
    Failures f = failures.get(key(name));
    return f != null && f.count() >= MAX_FAILURES && f.first().plus(WINDOW).isAfter(clock.instant());
  }

  void failed(String name) {
    Instant now = clock.instant();
    if (failures.size() > MAX_TRACKED) {
      failures.values().removeIf(f -> f.first().plus(WINDOW).isBefore(now));
    }
    failures.merge(
        key(name),
        new Failures(1, now),
        (a, b) -> a.first().plus(WINDOW).isBefore(now) ? b : new Failures(a.count() + 1, a.first()));
  }

  void succeeded(String name) {
    failures.remove(key(name));
  }

  private static String key(String name) {
    return name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
  }
}
