package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads the PostgreSQL settings that decide whether a commit is on the disk when it returns, as
 * seen by the gateway's own session (synchronous_commit can be set per server, database, role or
 * session). The gateway answers an AS4 sender with a receipt right after its commit; with any of
 * these off, a receipted message can vanish in an operating-system crash or power loss.
 *
 * <p>PostgreSQL's defaults are the safe ones (fsync = on, synchronous_commit = on,
 * full_page_writes = on); the PostgreSQL manual warns that turning fsync or full_page_writes off
 * can corrupt the database after a crash, and that synchronous_commit = off can lose the last
 * commits (without corruption). "local", "remote_write" and "remote_apply" all wait for the local
 * WAL flush and are fine.
 */
final class PostgresDurabilityCheck {
  /** A setting that makes a commit return before it is on the disk. */
  record Finding(String setting, String value, String consequence) {
    String message() {
      return "PostgreSQL " + setting + " = " + value + ": " + consequence
          + ". Set " + setting + " = on for the gateway's database (postgresql.conf, or ALTER ROLE/DATABASE … SET).";
    }
  }

  private PostgresDurabilityCheck() {}

  static List<Finding> check(DataSource ds) {
    List<Finding> findings = new ArrayList<>();
    try (Connection c = ds.getConnection()) {
      if ("off".equals(show(c, "fsync"))) {
        findings.add(new Finding("fsync", "off",
            "commits are never forced to the disk; an OS crash or power loss can lose receipted messages and corrupt the database"));
      }
      if ("off".equals(show(c, "synchronous_commit"))) {
        findings.add(new Finding("synchronous_commit", "off",
            "a commit returns before its WAL is on the disk; an OS crash or power loss can lose messages the gateway already receipted"));
      }
      if ("off".equals(show(c, "full_page_writes"))) {
        findings.add(new Finding("full_page_writes", "off",
            "a power loss in the middle of a page write can corrupt the database beyond recovery"));
      }
    } catch (SQLException e) {
      throw new StoreException("could not read PostgreSQL's durability settings: " + e.getMessage(), e);
    }
    return List.copyOf(findings);
  }

  private static String show(Connection c, String setting) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
      return rs.next() ? rs.getString(1).trim().toLowerCase(java.util.Locale.ROOT) : "";
    }
  }
}
