package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import se.peppolgw.punchout.security.LoginFailureStore;

/** Failed punch-out logins in the gateway's database (table {@code punchout_login_failure}), shared by every node. */
public final class PunchoutLoginFailureStore implements LoginFailureStore {
  private final Database db;

  public PunchoutLoginFailureStore(Database db) {
    this.db = db;
  }

  @Override
  public void recordFailure(String key, Instant at) {
    update("INSERT INTO punchout_login_failure (throttle_key, failed_at) VALUES (?, ?)", key, at(at));
  }

  @Override
  public Failures since(String key, Instant cutoff) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
        "SELECT COUNT(*), MAX(failed_at) FROM punchout_login_failure WHERE throttle_key = ? AND failed_at >= ?")) {
      ps.setString(1, key);
      ps.setObject(2, at(cutoff));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        OffsetDateTime latest = rs.getObject(2, OffsetDateTime.class);
        return new Failures(rs.getInt(1), latest == null ? null : latest.toInstant());
      }
    } catch (SQLException e) {
      throw new StoreException("failed-login lookup failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void clear(String key) {
    update("DELETE FROM punchout_login_failure WHERE throttle_key = ?", key);
  }

  @Override
  public void purgeBefore(Instant cutoff) {
    update("DELETE FROM punchout_login_failure WHERE failed_at < ?", at(cutoff));
  }

  private static OffsetDateTime at(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private void update(String sql, Object... values) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("failed-login update failed: " + e.getMessage(), e);
    }
  }
}
