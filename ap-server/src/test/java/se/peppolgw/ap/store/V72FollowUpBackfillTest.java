package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V72 on a gateway that already received documents: what was still to be validated or answered
 * is queued at its step, everything finished or never meant for follow-up is not.
 */
class V72FollowUpBackfillTest {
  @TempDir Path dir;

  @Test
  void unfinishedDocumentsAreQueuedAtTheirStep() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE";
    Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration", "classpath:db/migration-h2")
        .placeholders(Map.of("blob", "BLOB", "text", "CLOB")).target("71").load().migrate();
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      row(c, "done", "IN", "ACKNOWLEDGED");
      validated(c, "done");
      answered(c, "done");
      row(c, "to-validate", "IN", "RECEIVED");
      row(c, "to-answer", "IN", "HANDED_OVER");
      validated(c, "to-answer");
      row(c, "duplicate", "IN", "DUPLICATE");
      row(c, "consumed", "IN", "CONSUMED");
      row(c, "outbound", "OUT", "DELIVERED");
    }
    Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration", "classpath:db/migration-h2")
        .placeholders(Map.of("blob", "BLOB", "text", "CLOB")).load().migrate();
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT transmission_id, step FROM inbound_followup ORDER BY seq")) {
      List<String> queued = new ArrayList<>();
      while (rs.next()) {
        queued.add(rs.getString(1) + " " + rs.getString(2));
      }
      assertEquals(List.of("to-validate VALIDATE", "to-answer ANSWER"), queued);
    }
  }

  private static void row(Connection c, String id, String dir, String state) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO transmission (id, direction, state, created_at, updated_at) VALUES (?,?,?,?,?)")) {
      OffsetDateTime now = OffsetDateTime.of(2026, 12, 6, 10, 0, 0, 0, ZoneOffset.UTC);
      ps.setString(1, id);
      ps.setString(2, dir);
      ps.setString(3, state);
      ps.setObject(4, now);
      ps.setObject(5, now);
      ps.executeUpdate();
    }
  }

  private static void validated(Connection c, String id) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO inbound_validation (transmission_id, outcome, error_count, warning_count, validated_at)"
            + " VALUES (?, 'PASSED', 0, 0, CURRENT_TIMESTAMP)")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
  }

  private static void answered(Connection c, String id) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO mls_decision (inbound_id, decision, created_at) VALUES (?, 'NOT_SENT', CURRENT_TIMESTAMP)")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
  }
}
