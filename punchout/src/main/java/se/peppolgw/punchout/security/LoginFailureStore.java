package se.peppolgw.punchout.security;

import java.time.Instant;

/**
 * Where failed logins are counted. Kept behind an interface so that every node of a cluster sees the same
 * counts (the server stores them in its database); {@link InMemoryLoginFailureStore} serves a single node
 * and the punch-out module's own tests. Keys are opaque, fixed-length digests (see {@link LoginThrottle}).
 */
public interface LoginFailureStore {
  /** Failures of one key since a cut-off: how many, and when the latest happened (null when none). */
  record Failures(int count, Instant latest) {
    public static final Failures NONE = new Failures(0, null);
  }

  void recordFailure(String key, Instant at);

  Failures since(String key, Instant cutoff);

  /** Forgets every failure of {@code key} (after a successful login). */
  void clear(String key);

  /** Forgets failures older than {@code cutoff}, for every key. */
  void purgeBefore(Instant cutoff);
}
