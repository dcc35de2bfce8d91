package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import se.peppolgw.ap.store.OutboxStore.Claim;

/**
 * The leases on the {@code outbox} table: claiming due rows for one owner (skipping rows another
 * claimer holds), checking that a claim is still held, renewing and releasing leases. Used through
 * {@link OutboxStore}, whose outcome recording is fenced by {@link #holds}.
 */
final class OutboxLeases {
  private final Database db;
  private final Clock clock;

  OutboxLeases(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Claims up to {@code limit} due entries whose lease is free or expired, for {@code lease}. Each
   * returned claim belongs to this owner alone until it expires.
   */
  public List<Claim> claim(String owner, Duration lease, int limit) {
    Instant now = clock.instant();
    Instant until = now.plus(lease);
    if (db.engine() == Database.Engine.POSTGRESQL) {
      // one round trip: rows locked by another claimer are skipped instead of waited for
      return inTransaction(c -> claimRows(c, candidates(c, now, limit, true), owner, now, until));
    }
    // H2 (one node): candidates and claims in one transaction, each claim behind a savepoint, so
    // a row that an operator action is updating at this moment is skipped, not fatal.
    return inTransaction(
        c -> {
          List<Claim> out = new ArrayList<>();
          for (String id : candidates(c, now, limit, false)) {
            Savepoint sp = c.setSavepoint();
            try {
              out.addAll(claimRows(c, List.of(id), owner, now, until));
            } catch (SQLException e) {
              // H2 may refuse a concurrent update of the same row instead of waiting: someone else won
              if (!isConcurrentUpdate(e)) {
                throw e;
              }
              c.rollback(sp);
            }
          }
          return out;
        });
  }

  static boolean isConcurrentUpdate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s
          && (s.getErrorCode() == 90131 || "40001".equals(s.getSQLState())
              || "HYT00".equals(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> candidates(Connection c, Instant now, int limit, boolean skipLocked)
      throws SQLException {
    String sql =
        "SELECT transmission_id FROM outbox WHERE next_attempt_at <= ?"
            + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at"
            + " FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY"
            + (skipLocked ? " FOR UPDATE SKIP LOCKED" : "");
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Jdbc.bind(ps, now, now);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  private static List<Claim> claimRows(
      Connection c, List<String> ids, String owner, Instant now, Instant until) throws SQLException {
    List<Claim> out = new ArrayList<>();
    for (String id : ids) {
      OutboxStore.Entry before = OutboxStore.entry(c, id).orElse(null);
      if (before == null) {
        continue;
      }
      // the condition is re-checked under the row lock: of two racing claimers only one matches
      int n =
          Jdbc.update(
              c,
              "UPDATE outbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1"
                  + " WHERE transmission_id = ? AND attempts = ? AND next_attempt_at <= ?"
                  + " AND (lease_until IS NULL OR lease_until < ?)",
              owner,
              until,
              id,
              before.attempts(),
              now,
              now);
      if (n != 1) {
        continue;
      }
      int attempt = before.attempts() + 1;
      Jdbc.update(
          c,
          "UPDATE transmission SET state = " + Jdbc.lit(TransmissionState.SENDING) + ", updated_at = ? WHERE id = ?",
          now,
          id);
      if (before.leaseOwner() != null) {
        TransmissionWrites.insertEvent(
            c,
            id,
            now,
            TimelineEvent.of(
                    EventType.NOTE,
                    "The lease of " + before.leaseOwner() + " expired at " + before.leaseUntil()
                        + " without an outcome (node stopped or died mid-send); attempt "
                        + attempt + " taken over by " + owner)
                .withCode("LEASE_EXPIRED"));
      }
      out.add(new Claim(id, owner, attempt, until));
    }
    return out;
  }

  static boolean holds(Connection c, Claim claim) throws SQLException {
    // locks the row: a concurrent claimer waits until this outcome is committed
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT lease_owner, attempts FROM outbox WHERE transmission_id = ? FOR UPDATE")) {
      Jdbc.bind(ps, claim.transmissionId());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            && claim.owner().equals(rs.getString(1))
            && rs.getInt(2) == claim.attempt();
      }
    }
  }

  /**
   * Extends the leases of claims whose attempts are still running, so a slow send (a receiver
   * that takes minutes to answer) is not taken over and sent a second time by another node. Only
   * claims this owner still holds with the same attempt number are extended: one already taken
   * over stays with its new owner.
   *
   * @return how many of the claims were extended
   */
  public int renew(String owner, java.util.Collection<Claim> claims, Duration lease) {
    if (claims.isEmpty()) {
      return 0;
    }
    Instant until = clock.instant().plus(lease);
    return inTransaction(
        c -> {
          int n = 0;
          for (Claim claim : claims) {
            n +=
                Jdbc.update(
                    c,
                    "UPDATE outbox SET lease_until = ? WHERE transmission_id = ? AND lease_owner = ?"
                        + " AND attempts = ?",
                    until,
                    claim.transmissionId(),
                    owner,
                    claim.attempt());
          }
          return n;
        });
  }

  /**
   * Gives up this owner's leases without an outcome (graceful shutdown before sending began):
   * the entries become claimable at once. The attempt number stays counted.
   */
  public int releaseLeases(String owner) {
    return inTransaction(
        c ->
            Jdbc.update(
                c,
                "UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?",
                owner));
  }

  /** Gives up one claim without an outcome (the node is stopping before the attempt started). */
  public boolean release(Claim claim) {
    Instant now = clock.instant();
    return inTransaction(
        c -> {
          if (!holds(c, claim)) {
            return false;
          }
          // the attempt did not happen: give its number back
          Jdbc.update(
              c,
              "UPDATE outbox SET lease_owner = NULL, lease_until = NULL, attempts = attempts - 1"
                  + " WHERE transmission_id = ?",
              claim.transmissionId());
          Jdbc.update(
              c,
              "UPDATE transmission SET state = CASE WHEN ? > 1 THEN " + Jdbc.lit(TransmissionState.RETRY_WAIT)
                  + " ELSE " + Jdbc.lit(TransmissionState.PENDING)
                  + " END, updated_at = ? WHERE id = ?",
              claim.attempt(),
              now,
              claim.transmissionId());
          return true;
        });
  }

  private <T> T inTransaction(Jdbc.TxWork<T> work) {
    return Jdbc.inTransaction(db, work);
  }
}
