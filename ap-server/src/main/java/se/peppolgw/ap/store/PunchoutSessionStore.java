package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import se.peppolgw.punchout.session.SessionState;
import se.peppolgw.punchout.session.SessionStore;

/**
 * Punch-out sessions in the gateway's database (table {@code punchout_session}, H2 or PostgreSQL), shared by
 * every node. Every deciding write is one conditional UPDATE, so the database settles races between nodes.
 */
public final class PunchoutSessionStore implements SessionStore {
  private static final String COLUMNS = "id, buyer_id, secret_digest, start_token_digest, state, created_at,"
      + " start_expires_at, last_activity, context, cart, cart_version";

  private final Database db;

  public PunchoutSessionStore(Database db) {
    this.db = db;
  }

  @Override
  public void insert(StoredSession s) {
    update("INSERT INTO punchout_session (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)", s.id(), s.buyerId(),
        s.secretDigest(), s.startTokenDigest(), s.state().name(), at(s.createdAt()), at(s.startTokenExpiresAt()),
        at(s.lastActivity()), s.context(), s.cart(), s.cartVersion());
  }

  @Override
  public Optional<StoredSession> byId(String id) {
    return select("SELECT " + COLUMNS + " FROM punchout_session WHERE id = ?", id);
  }

  @Override
  public Optional<StoredSession> byStartTokenDigest(String digest) {
    return select("SELECT " + COLUMNS + " FROM punchout_session WHERE start_token_digest = ?", digest);
  }

  @Override
  public boolean activate(String id, String startTokenDigest, String secretDigest, Instant now) {
    return update("UPDATE punchout_session SET state = ?, start_token_digest = NULL, secret_digest = ?,"
        + " last_activity = ? WHERE id = ? AND start_token_digest = ? AND state = ?", SessionState.ACTIVE.name(),
        secretDigest, at(now), id, startTokenDigest, SessionState.CREATED.name()) == 1;
  }

  @Override
  public boolean changeState(String id, SessionState from, SessionState to) {
    // leaving CREATED spends the start token as well
    return update("UPDATE punchout_session SET state = ?, start_token_digest = NULL WHERE id = ? AND state = ?",
        to.name(), id, from.name()) == 1;
  }

  @Override
  public boolean changeStateIfCartAt(String id, SessionState from, SessionState to, long cartVersion) {
    return update("UPDATE punchout_session SET state = ?, start_token_digest = NULL"
        + " WHERE id = ? AND state = ? AND cart_version = ?", to.name(), id, from.name(), cartVersion) == 1;
  }

  @Override
  public void touch(String id, Instant at) {
    update("UPDATE punchout_session SET last_activity = ? WHERE id = ? AND last_activity < ?", at(at), id, at(at));
  }

  @Override
  public boolean saveCart(String id, String cart, long expectedVersion) {
    return update("UPDATE punchout_session SET cart = ?, cart_version = cart_version + 1 WHERE id = ? AND cart_version = ?",
        cart, id, expectedVersion) == 1;
  }

  @Override
  public int deleteIdleBefore(Instant cutoff) {
    return update("DELETE FROM punchout_session WHERE last_activity < ?", at(cutoff));
  }

  private static OffsetDateTime at(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private Optional<StoredSession> select(String sql, String key) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new StoredSession(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            SessionState.valueOf(rs.getString(5)), instant(rs, 6), instant(rs, 7), instant(rs, 8), rs.getString(9),
            rs.getString(10), rs.getLong(11)));
      }
    } catch (SQLException e) {
      throw new StoreException("punch-out session lookup failed: " + e.getMessage(), e);
    }
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private int update(String sql, Object... values) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("punch-out session update failed: " + e.getMessage(), e);
    }
  }
}
