package se.peppolgw.ap.metrics;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.store.BacklogStore;
import se.peppolgw.ap.store.BacklogStore.Queue;
import se.peppolgw.ap.store.StoreException;

/**
 * The outbox and hand-over backlog, read at most once per {@code cacheFor}: however often
 * Prometheus (or several of them) scrape, the database sees one pair of aggregate reads per
 * period. When the database cannot be read, the last values stay (the database's own health is
 * on /health and in the pool metrics).
 */
public final class BacklogGauges {
  private static final Logger LOG = LoggerFactory.getLogger(BacklogGauges.class);

  private final BacklogStore store;
  private final Clock clock;
  private final long cacheForNanos;
  private BacklogStore.Backlog last;
  private long readAtNanos;

  public BacklogGauges(BacklogStore store, Clock clock, Duration cacheFor) {
    this.store = store;
    this.clock = clock;
    this.cacheForNanos = cacheFor.toNanos();
  }

  /** The backlog, re-read when the cached one is older than the cache period. */
  public synchronized BacklogStore.Backlog current() {
    long now = System.nanoTime();
    if (last == null || now - readAtNanos >= cacheForNanos) {
      try {
        last = store.read();
        readAtNanos = now;
      } catch (StoreException e) {
        LOG.debug("Backlog metrics: database not readable ({}), keeping the last values", e.getMessage());
        if (last == null) {
          return new BacklogStore.Backlog(
              new Queue(0, java.util.Optional.empty()), new Queue(0, java.util.Optional.empty()));
        }
      }
    }
    return last;
  }

  /** Seconds the oldest entry of the queue has waited; 0 when it is empty. */
  public double oldestAgeSeconds(Queue q) {
    return q.oldest().map(t -> Math.max(0, Duration.between(t, clock.instant()).toMillis() / 1000.0)).orElse(0.0);
  }
}
