package se.peppolgw.ap.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * Operator browser sessions in the database (V51), keyed by the SHA-256 of the cookie value: the
 * value itself is never stored. Any node finds a session another node opened.
 */
public final class OpsSessionStore {
  /** A stored session: who, with which role, its CSRF token and when it expires. */
  public record Row(String operatorName, String role, String csrfToken, Instant lastSeen, Instant expiresAt) {}

  private final Database db;

  public OpsSessionStore(Database db) {
    this.db = db;
  }

  public void insert(String idSha256, Row r, Instant now) {
    Jdbc.inTransaction(
        db,
        c ->
            Jdbc.update(
                c,
                "INSERT INTO ops_session (id_sha256, operator_name, role, csrf_token, created_at, last_seen_at,"
                    + " expires_at) VALUES (?,?,?,?,?,?,?)",
                idSha256, r.operatorName(), r.role(), r.csrfToken(), now, r.lastSeen(), r.expiresAt()));
  }

  /** The session if it exists and has not expired at {@code now}. */
  public Optional<Row> find(String idSha256, Instant now) {
    return Jdbc.inTransaction(
        db,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT operator_name, role, csrf_token, last_seen_at, expires_at FROM ops_session"
                      + " WHERE id_sha256 = ? AND expires_at > ?")) {
            Jdbc.bind(ps, idSha256, now);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.<Row>empty();
              }
              return Optional.of(
                  new Row(
                      rs.getString("operator_name"),
                      rs.getString("role"),
                      rs.getString("csrf_token"),
                      Jdbc.instant(rs, "last_seen_at"),
                      Jdbc.instant(rs, "expires_at")));
            }
          }
        });
  }

  /** Extends a live session's life (idle timeout counted from {@code now}). */
  public void touch(String idSha256, Instant now, Instant expiresAt) {
    Jdbc.inTransaction(
        db,
        c ->
            Jdbc.update(
                c,
                "UPDATE ops_session SET last_seen_at = ?, expires_at = ? WHERE id_sha256 = ? AND expires_at > ?",
                now, expiresAt, idSha256, now));
  }

  public void delete(String idSha256) {
    Jdbc.inTransaction(db, c -> Jdbc.update(c, "DELETE FROM ops_session WHERE id_sha256 = ?", idSha256));
  }

  /** Removes the sessions expired before {@code now}; returns how many. */
  public int deleteExpired(Instant now) {
    return Jdbc.inTransaction(db, c -> Jdbc.update(c, "DELETE FROM ops_session WHERE expires_at <= ?", now));
  }
}
