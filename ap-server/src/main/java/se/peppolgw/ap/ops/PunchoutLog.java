package se.peppolgw.ap.ops;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.StoreException;

/** Reads the punch-out activity (table punchout_event) for the operator's punch-out view. */
public final class PunchoutLog {
  /** One setup, session change or cart transfer; {@code payload} only when asked for. */
  public record Event(
      long seq, Instant at, String kind, String protocol, String buyerId, String sessionId,
      String operation, String outcome, Integer statusCode, String fromState, String toState,
      Integer lineCount, BigDecimal total, String currency, String returnUrl, String payloadMediaType,
      String payload, String detail, String remoteAddress) {}

  private static final String COLS =
      "seq, at, kind, protocol, buyer_id, session_id, operation, outcome, status_code, from_state,"
          + " to_state, line_count, total, currency, return_url, payload_media_type, detail, remote_address";

  private final Database db;

  public PunchoutLog(Database db) {
    this.db = db;
  }

  /** Newest first, before {@code beforeSeq} (0: from the newest), without payloads. */
  public List<Event> recent(long beforeSeq, int limit) {
    return read(
        "SELECT " + COLS + ", NULL AS payload FROM punchout_event"
            + (beforeSeq > 0 ? " WHERE seq < ?" : "")
            + " ORDER BY seq DESC FETCH FIRST " + Math.max(1, Math.min(limit, 500)) + " ROWS ONLY",
        beforeSeq > 0 ? new Object[] {beforeSeq} : new Object[0]);
  }

  /** Every event of one session, oldest first, with payloads. */
  public List<Event> session(String sessionId) {
    return read(
        "SELECT " + COLS + ", payload FROM punchout_event WHERE session_id = ? ORDER BY seq",
        new Object[] {sessionId});
  }

  private List<Event> read(String sql, Object[] params) {
    List<Event> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Event(
                  rs.getLong("seq"),
                  rs.getObject("at", OffsetDateTime.class).toInstant(),
                  rs.getString("kind"),
                  rs.getString("protocol"),
                  rs.getString("buyer_id"),
                  rs.getString("session_id"),
                  rs.getString("operation"),
                  rs.getString("outcome"),
                  rs.getObject("status_code", Integer.class),
                  rs.getString("from_state"),
                  rs.getString("to_state"),
                  rs.getObject("line_count", Integer.class),
                  rs.getBigDecimal("total"),
                  rs.getString("currency"),
                  rs.getString("return_url"),
                  rs.getString("payload_media_type"),
                  rs.getString("payload"),
                  rs.getString("detail"),
                  rs.getString("remote_address")));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("could not read the punch-out log: " + e.getMessage(), e);
    }
    return out;
  }
}
