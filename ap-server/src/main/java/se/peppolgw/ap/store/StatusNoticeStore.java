package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The status callbacks owed to the back office's outbound status webhook, on JDBC. A callback is
 * recorded in the transaction that records what it reports (see {@link #record}), claimed with a
 * lease so that one node sends it at a time, rescheduled while the receiver is down, and marked
 * delivered after a 2xx: a delivered callback is never claimed again.
 */
public final class StatusNoticeStore {
  private final Database db;
  private final Clock clock;

  public StatusNoticeStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** One callback as stored. {@code attempts} counts the attempts before this claim. */
  public record Notice(
      String id,
      String transmissionId,
      StatusNoticeKind kind,
      String state,
      String reasonCode,
      String reason,
      Instant createdAt,
      int attempts,
      String leaseOwner,
      Instant deliveredAt) {}

  /** Records a callback inside the caller's transaction; due at once. */
  static void record(
      Connection c, String transmissionId, StatusNoticeKind kind, String state, String reasonCode,
      String reason, Instant now) throws SQLException {
    Jdbc.update(
        c,
        "INSERT INTO outbound_status_notice (id, transmission_id, kind, state, reason_code, reason,"
            + " created_at, next_attempt_at, attempts) VALUES (?,?,?,?,?,?,?,?,0)",
        UUID.randomUUID().toString(),
        transmissionId,
        kind,
        TransmissionWrites.truncate(state, 20),
        TransmissionWrites.truncate(reasonCode, 100),
        TransmissionWrites.truncate(reason, 4000),
        now,
        now);
  }

  /** Records a callback in a transaction of its own (an event that has no other write, e.g. MLS). */
  public void add(String transmissionId, StatusNoticeKind kind, String state, String reasonCode, String reason) {
    Instant now = clock.instant();
    Jdbc.inTransaction(
        db,
        c -> {
          record(c, transmissionId, kind, state, reasonCode, reason, now);
          return null;
        });
  }

  /**
   * Claims up to {@code max} due callbacks for {@code owner} until now + {@code lease}, oldest
   * first. A callback is due when not delivered, its next attempt has come and no other live
   * lease holds it; the conditional update makes the claim exclusive across nodes.
   */
  public List<Notice> claimDue(String owner, Duration lease, int max) {
    Instant now = clock.instant();
    Instant until = now.plus(lease);
    return Jdbc.inTransaction(
        db,
        c -> {
          List<String> ids = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id FROM outbound_status_notice WHERE delivered_at IS NULL"
                      + " AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)"
                      + " ORDER BY seq")) {
            ps.setMaxRows(max);
            Jdbc.bind(ps, now, now);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getString(1));
              }
            }
          }
          List<Notice> claimed = new ArrayList<>();
          for (String id : ids) {
            int n =
                Jdbc.update(
                    c,
                    "UPDATE outbound_status_notice SET lease_owner = ?, lease_until = ? WHERE id = ?"
                        + " AND delivered_at IS NULL AND (lease_until IS NULL OR lease_until < ?)",
                    owner,
                    until,
                    id,
                    now);
            if (n == 1) {
              find(c, id).ifPresent(claimed::add);
            }
          }
          return claimed;
        });
  }

  /**
   * A 2xx came back: never send it again. Only the lease holder records it.
   *
   * @return false when the lease was lost (another node holds the callback now)
   */
  public boolean delivered(Notice n, TimelineEvent note) {
    Instant now = clock.instant();
    return Jdbc.inTransaction(
        db,
        c -> {
          int done =
              Jdbc.update(
                  c,
                  "UPDATE outbound_status_notice SET delivered_at = ?, attempts = attempts + 1,"
                      + " lease_owner = NULL, lease_until = NULL, last_error = NULL"
                      + " WHERE id = ? AND lease_owner = ? AND delivered_at IS NULL",
                  now,
                  n.id(),
                  n.leaseOwner());
          if (done == 1 && note != null) {
            TransmissionWrites.insertEvent(c, n.transmissionId(), now, note);
          }
          return done == 1;
        });
  }

  /**
   * The receiver was down or refused: try again at {@code next}.
   *
   * @param note a timeline entry for the transmission, or null
   */
  public boolean failed(Notice n, Instant next, String error, TimelineEvent note) {
    Instant now = clock.instant();
    return Jdbc.inTransaction(
        db,
        c -> {
          int done =
              Jdbc.update(
                  c,
                  "UPDATE outbound_status_notice SET attempts = attempts + 1, next_attempt_at = ?,"
                      + " last_error = ?, lease_owner = NULL, lease_until = NULL"
                      + " WHERE id = ? AND lease_owner = ? AND delivered_at IS NULL",
                  next,
                  TransmissionWrites.truncate(error, 1000),
                  n.id(),
                  n.leaseOwner());
          if (done == 1 && note != null) {
            TransmissionWrites.insertEvent(c, n.transmissionId(), now, note);
          }
          return done == 1;
        });
  }

  /** The callbacks of a transmission, oldest first (operator detail, tests). */
  public List<Notice> ofTransmission(String transmissionId) {
    return Jdbc.inTransaction(
        db,
        c -> {
          List<Notice> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT * FROM outbound_status_notice WHERE transmission_id = ? ORDER BY seq")) {
            Jdbc.bind(ps, transmissionId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(notice(rs));
              }
            }
          }
          return out;
        });
  }

  /** Forgets callbacks delivered before {@code before}. */
  public int purgeDeliveredBefore(Instant before) {
    return Jdbc.inTransaction(
        db,
        c -> Jdbc.update(c, "DELETE FROM outbound_status_notice WHERE delivered_at < ?", before));
  }

  private static Optional<Notice> find(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM outbound_status_notice WHERE id = ?")) {
      Jdbc.bind(ps, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(notice(rs)) : Optional.empty();
      }
    }
  }

  private static Notice notice(ResultSet rs) throws SQLException {
    return new Notice(
        rs.getString("id"),
        rs.getString("transmission_id"),
        StatusNoticeKind.valueOf(rs.getString("kind")),
        rs.getString("state"),
        rs.getString("reason_code"),
        rs.getString("reason"),
        Jdbc.instant(rs, "created_at"),
        rs.getInt("attempts"),
        rs.getString("lease_owner"),
        Jdbc.instant(rs, "delivered_at"));
  }
}
