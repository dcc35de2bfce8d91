package se.peppolgw.punchout.security;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Failed logins of one node, in memory (single node, tests). */
public final class InMemoryLoginFailureStore implements LoginFailureStore {
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  @Override
  public void recordFailure(String key, Instant at) {
    Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      times.addLast(at);
    }
  }

  @Override
  public Failures since(String key, Instant cutoff) {
    Deque<Instant> times = failures.get(key);
    if (times == null) {
      return Failures.NONE;
    }
    synchronized (times) {
      int count = 0;
      Instant latest = null;
      for (Instant t : times) {
        if (!t.isBefore(cutoff)) {
          count++;
          latest = latest == null || t.isAfter(latest) ? t : latest;
        }
      }
      return new Failures(count, latest);
    }
  }

  @Override
  public void clear(String key) {
    failures.remove(key);
  }

  @Override
  public void purgeBefore(Instant cutoff) {
    failures.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        e.getValue().removeIf(t -> t.isBefore(cutoff));
        return e.getValue().isEmpty();
      }
    });
  }
}
