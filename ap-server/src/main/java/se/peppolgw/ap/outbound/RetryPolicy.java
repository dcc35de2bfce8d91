package se.peppolgw.ap.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the delay after attempt n is {@code initial * multiplier^(n-1)},
 * capped at {@code maxDelay}, spread randomly by {@code ±jitter}. Defaults (6 attempts, 4 min ×2,
 * cap 1 h) put the last attempt about two hours after the first.
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("multiplier must be at least 1");
    }
    if (jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("jitter must be in [0, 1)");
    }
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(6, Duration.ofMinutes(4), 2.0, Duration.ofHours(1), 0.2);
  }

  /** The delay after a failed attempt number {@code attempt} (1-based), before jitter. */
  public Duration baseDelay(int attempt) {
    double ms = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    return Duration.ofMillis((long) Math.min(ms, maxDelay.toMillis()));
  }

  /**
   * When to try again after attempt number {@code attempt} failed retryably, or empty when that
   * was the last attempt allowed.
   */
  public Optional<Instant> nextAttempt(int attempt, Instant now, RandomGenerator random) {
    if (attempt >= maxAttempts) {
      return Optional.empty();
    }
    long base = baseDelay(attempt).toMillis();
    long spread = (long) (base * jitter);
    long delay = spread == 0 ? base : base - spread + random.nextLong(2 * spread + 1);
    return Optional.of(now.plusMillis(Math.max(0, delay)));
  }
}
