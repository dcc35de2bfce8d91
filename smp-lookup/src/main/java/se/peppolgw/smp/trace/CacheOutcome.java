package se.peppolgw.smp.trace;

/** How the cache answered a lookup. */
public enum CacheOutcome {
  /** A fresh endpoint came from the cache. */
  HIT,
  /** A remembered "not registered / not supported" answer came from the cache. */
  NEGATIVE_HIT,
  /** Nothing cached; this caller did the underlying lookup. */
  MISS,
  /** Nothing cached, but another caller was already looking the same key up; this one waited for it. */
  JOINED_IN_FLIGHT
}
