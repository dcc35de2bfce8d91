package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The operators' audit trail (table {@code ops_audit}): logins, downloads and every action. */
public final class AuditStore {
  /** One entry. */
  public record Entry(
      long seq, Instant at, String actor, String action, String target, String outcome, String detail,
      String remoteAddress) {}

  private final Database db;

  public AuditStore(Database db) {
    this.db = db;
  }

  /** Appends one entry; values longer than their column are cut to fit. */
  public void insert(
      Instant at, String actor, String action, String target, String outcome, String detail, String remote) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO ops_audit (at, actor, action, target, outcome, detail, remote_address)"
                    + " VALUES (?,?,?,?,?,?,?)")) {
      ps.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      ps.setString(2, cut(actor, 100));
      ps.setString(3, cut(action, 40));
      ps.setString(4, cut(target, 200));
      ps.setString(5, cut(outcome, 20));
      ps.setString(6, cut(detail, 4000));
      ps.setString(7, cut(remote, 100));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("could not write the audit trail: " + e.getMessage(), e);
    }
  }

  /** Newest first, at most {@code limit} (1..1000); {@code target} null for all. */
  public List<Entry> recent(String target, int limit) {
    String sql =
        "SELECT seq, at, actor, action, target, outcome, detail, remote_address FROM ops_audit"
            + (target == null ? "" : " WHERE target = ?")
            + " ORDER BY seq DESC FETCH FIRST " + Math.max(1, Math.min(limit, 1000)) + " ROWS ONLY";
    List<Entry> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (target != null) {
        ps.setString(1, target);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
          out.add(
              new Entry(
                  rs.getLong(1), at.toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                  rs.getString(6), rs.getString(7), rs.getString(8)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("could not read the audit trail: " + e.getMessage(), e);
    }
    return out;
  }

  /** {@code s} cut to at most {@code max} characters (the width of its column). */
  public static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
