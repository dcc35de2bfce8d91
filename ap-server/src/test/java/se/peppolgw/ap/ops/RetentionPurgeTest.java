package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.ops.OpsTestSupport.Row;
import se.peppolgw.ap.retention.RetentionPolicy;
import se.peppolgw.ap.retention.RetentionPurge;
import se.peppolgw.ap.store.Database;

/**
 * The purge removes what has expired and never what retention (or the law) protects. Kept beside
 * the operator tests for their row builder ({@link OpsTestSupport.Row}).
 */
class RetentionPurgeTest {
  static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  static final ZoneId ZONE = ZoneOffset.UTC;

  @TempDir Path dir;

  @Test
  void purgeDeletesOnlyWhatHasExpired() throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4)) {
      String oldInvoice = row(db, "invoice", "DELIVERED", "2018-12-31T10:00:00Z", "OUT", false);
      String legalInvoice = row(db, "invoice", "DELIVERED", "2019-01-02T10:00:00Z", "OUT", false);
      String creditNote = row(db, "credit-note", "DELIVERED", "2010-01-01T10:00:00Z", "OUT", false);
      String expiredOrder = row(db, "order", "HANDED_OVER", days(40), "IN", false);
      String youngOrder = row(db, "order", "HANDED_OVER", days(10), "IN", false);
      String notHandedOver = row(db, "order", "RECEIVED", days(40), "IN", false);
      String queued = row(db, "invoice", "RETRY_WAIT", "2015-03-01T10:00:00Z", "OUT", true);
      String catalogue = row(db, "catalogue", "ACKNOWLEDGED", days(40), "IN", false);
      String response = row(db, "order-response", "DELIVERED", days(400), "OUT", false);
      // a received document with its validation result and MLS decision (V63) goes with them
      se.peppolgw.ap.store.InboundValidationStore v =
          new se.peppolgw.ap.store.InboundValidationStore(db, Clock.fixed(NOW, ZONE));
      assertTrue(v.recordValidation(
          new se.peppolgw.ap.store.InboundValidation(expiredOrder, se.peppolgw.ap.store.ValidationOutcome.PASSED,
              "eu.peppol.bis3:order:2026.5", null, 0, 0, java.util.List.of(), 1L, NOW),
          java.util.List.of()));
      assertTrue(v.recordMlsAnswer(
          new se.peppolgw.ap.store.MlsDecision(expiredOrder, se.peppolgw.ap.store.MlsDecision.Decision.NOT_SENT,
              "AP", null, null, null, "test", NOW),
          se.peppolgw.ap.store.TimelineEvent.of(se.peppolgw.ap.store.EventType.MLS_ANSWER, "test")));
      RetentionPolicy policy =
          new RetentionPolicy(
              Map.of("invoice", Duration.ofDays(30), "order", Duration.ofDays(30), "other", Duration.ofDays(30)), ZONE);
      Map<String, Integer> purged = new RetentionPurge(db, policy, Clock.fixed(NOW, ZONE)).run();
      assertEquals(Map.of("invoice", 1, "order", 1, "other", 1), purged);
      for (String gone : new String[] {oldInvoice, expiredOrder, catalogue}) {
        assertFalse(exists(db, "transmission", "id", gone), gone);
        assertFalse(exists(db, "payload", "transmission_id", gone), gone);
        assertFalse(exists(db, "transmission_event", "transmission_id", gone), gone);
        assertFalse(exists(db, "inbound_validation", "transmission_id", gone), gone);
        assertFalse(exists(db, "mls_decision", "inbound_id", gone), gone);
      }
      for (String kept : new String[] {legalInvoice, creditNote, youngOrder, notHandedOver, queued, response}) {
        assertTrue(exists(db, "transmission", "id", kept), kept);
      }
    }
  }

  private static String days(int n) {
    return NOW.minus(Duration.ofDays(n)).toString();
  }

  private static String row(Database db, String type, String state, String at, String dir, boolean outbox)
      throws Exception {
    Row r = new Row();
    if (dir.equals("OUT")) {
      r.out(state);
    } else {
      r.state = state;
    }
    r.type(type);
    r.createdAt = Instant.parse(at);
    r.document = "<x/>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    r.outbox = outbox;
    return r.insert(db);
  }

  private static boolean exists(Database db, String table, String column, String id) throws Exception {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }
}
