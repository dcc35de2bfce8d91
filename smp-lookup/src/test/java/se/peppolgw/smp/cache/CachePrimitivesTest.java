package se.peppolgw.smp.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The cache building blocks with a hand-driven clock. */
class CachePrimitivesTest {
  final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void entriesExpireAtTheirOwnDeadline() {
    ExpiringLruCache<String, String> cache = new ExpiringLruCache<>(10, now::get);
    cache.put("a", "A", 100);
    cache.put("b", "B", 300);
    now.addAndGet(200);
    assertNull(cache.get("a"));
    assertEquals("B", cache.get("b"));
    assertEquals(1, cache.size());
    cache.put("c", "C", 0); // a non-positive TTL stores nothing
    assertNull(cache.get("c"));
  }

  @Test
  void leastRecentlyReadIsEvicted() {
    ExpiringLruCache<String, String> cache = new ExpiringLruCache<>(2, now::get);
    cache.put("a", "A", 1_000);
    cache.put("b", "B", 1_000);
    cache.get("a");
    cache.put("c", "C", 1_000);
    assertEquals("A", cache.get("a"));
    assertNull(cache.get("b"));
    assertEquals("C", cache.get("c"));
  }

  @Test
  void breakerLifecycle() {
    CircuitBreaker b = new CircuitBreaker(3, Duration.ofNanos(1_000), now::get);
    assertTrue(b.tryAcquire());
    b.onFailure();
    b.onFailure();
    b.onSuccess(); // resets the count: failures must be consecutive
    b.onFailure();
    b.onFailure();
    assertEquals(CircuitBreaker.State.CLOSED, b.state());
    b.onFailure();
    assertEquals(CircuitBreaker.State.OPEN, b.state());
    assertFalse(b.tryAcquire());

    now.addAndGet(1_000);
    assertEquals(CircuitBreaker.State.HALF_OPEN, b.state());
    assertTrue(b.tryAcquire()); // the one trial
    assertFalse(b.tryAcquire()); // nobody else while it runs
    b.onFailure();
    assertEquals(CircuitBreaker.State.OPEN, b.state());
    assertFalse(b.tryAcquire());

    now.addAndGet(1_000);
    assertTrue(b.tryAcquire());
    b.onSuccess();
    assertEquals(CircuitBreaker.State.CLOSED, b.state());
    assertTrue(b.tryAcquire());
  }

  @Test
  void singleFlightReleasesTheKeyAfterAnException() {
    SingleFlight<String, String> flight = new SingleFlight<>();
    try {
      flight.run("k", () -> {
        throw new IllegalStateException("boom");
      });
    } catch (IllegalStateException expected) {
      // next call must run again
    }
    assertEquals(0, flight.inFlightCount());
    SingleFlight.Result<String> r = flight.run("k", () -> "v");
    assertEquals("v", r.value());
    assertTrue(r.leader());
  }
}
