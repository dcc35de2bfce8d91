package se.peppolgw.smp.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A bounded map whose entries expire: each entry has its own deadline (on the {@link System#nanoTime}
 * scale), and beyond {@code maxEntries} the least recently used entry is dropped.
 *
 * <p>One lock around an access-ordered {@link LinkedHashMap}: a hit costs well under a microsecond, which
 * is far below anything the outbound sender does per message, so a lock-free design is not worth it.
 */
public final class ExpiringLruCache<K, V> {
  private record Entry<V>(V value, long expiresAtNanos) {
  }

  private final int maxEntries;
  private final LongSupplier nanoTime;
  private final LinkedHashMap<K, Entry<V>> map;

  public ExpiringLruCache(int maxEntries) {
    this(maxEntries, System::nanoTime);
  }

  public ExpiringLruCache(int maxEntries, LongSupplier nanoTime) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1");
    }
    this.maxEntries = maxEntries;
    this.nanoTime = nanoTime;
    this.map = new LinkedHashMap<>(Math.min(maxEntries, 1024), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
        return size() > ExpiringLruCache.this.maxEntries;
      }
    };
  }

  /** The live value, or null when absent or expired (an expired entry is removed). */
  public synchronized V get(K key) {
    Entry<V> e = map.get(key);
    if (e == null) {
      return null;
    }
    if (nanoTime.getAsLong() - e.expiresAtNanos >= 0) {
      map.remove(key);
      return null;
    }
    return e.value;
  }

  /** Stores the value for {@code ttlNanos} from now; a non-positive TTL stores nothing. */
  public synchronized void put(K key, V value, long ttlNanos) {
    if (ttlNanos <= 0) {
      map.remove(key);
      return;
    }
    map.put(key, new Entry<>(value, nanoTime.getAsLong() + ttlNanos));
  }

  public synchronized void remove(K key) {
    map.remove(key);
  }

  public synchronized void clear() {
    map.clear();
  }

  /** Entries held, including expired ones not yet touched. */
  public synchronized int size() {
    return map.size();
  }
}
