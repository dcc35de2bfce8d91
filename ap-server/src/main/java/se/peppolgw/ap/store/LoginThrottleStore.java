package se.peppolgw.ap.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.function.IntFunction;

/**
 * Failed-login counters per throttle key in the database (V51), shared by every node: failures
 * counted on one node delay attempts on all of them.
 */
public final class LoginThrottleStore {
  private final Database db;

  public LoginThrottleStore(Database db) {
    this.db = db;
  }

  /** The latest {@code blocked_until} of these keys, or {@link Instant#MIN} when none is blocked. */
  public Instant blockedUntil(Collection<String> keys) {
    if (keys.isEmpty()) {
      return Instant.MIN;
    }
    String marks = String.join(",", java.util.Collections.nCopies(keys.size(), "?"));
    return Jdbc.inTransaction(
        db,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT MAX(blocked_until) AS b FROM ops_login_throttle WHERE throttle_key IN (" + marks + ")")) {
            Jdbc.bind(ps, keys.toArray());
            try (ResultSet rs = ps.executeQuery()) {
              Instant b = rs.next() ? Jdbc.instant(rs, "b") : null;
              return b == null ? Instant.MIN : b;
            }
          }
        });
  }

  /**
   * Counts one more failure for the key; a count last raised longer than {@code forgetAfter} ago
   * starts again from one. {@code delay} maps the new count to how long further attempts wait.
   *
   * @return the new count
   */
  public int recordFailure(String key, Instant now, Duration forgetAfter, IntFunction<Duration> delay) {
    for (int attempt = 0; ; attempt++) {
      try {
        return Jdbc.inTransaction(db, c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT failures, last_failure_at, blocked_until FROM ops_login_throttle WHERE throttle_key = ? FOR UPDATE")) {
            Jdbc.bind(ps, key);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                Jdbc.update(c,
                    "INSERT INTO ops_login_throttle (throttle_key, failures, last_failure_at, blocked_until) VALUES (?,?,?,?)",
                    key, 1, now, now.plus(delay.apply(1)));
                return 1;
              }
              Instant last = Jdbc.instant(rs, "last_failure_at");
              Instant blocked = Jdbc.instant(rs, "blocked_until");
              int n = last.plus(forgetAfter).isBefore(now) ? 1 : rs.getInt("failures") + 1;
              Instant until = now.plus(delay.apply(n));
              Jdbc.update(c,
                  "UPDATE ops_login_throttle SET failures = ?, last_failure_at = ?, blocked_until = ? WHERE throttle_key = ?",
                  n, now, until.isAfter(blocked) ? until : blocked, key);
              return n;
            }
          }
        });
      } catch (StoreException e) {
        // two nodes inserting the first failure of one key at once: the loser counts on the row
        if (attempt == 0 && e.getCause() instanceof SQLException s && Jdbc.isUniqueViolation(s)) {
          continue;
        }
        throw e;
      }
    }
  }

  /** Forgets the key's failures (after a successful login). */
  public void clear(String key) {
    Jdbc.inTransaction(db, c -> Jdbc.update(c, "DELETE FROM ops_login_throttle WHERE throttle_key = ?", key));
  }

  /** Removes counters not raised since {@code before} and no longer blocking; returns how many. */
  public int deleteStale(Instant before, Instant now) {
    return Jdbc.inTransaction(db, c -> Jdbc.update(c,
        "DELETE FROM ops_login_throttle WHERE last_failure_at < ? AND blocked_until < ?", before, now));
  }
}
