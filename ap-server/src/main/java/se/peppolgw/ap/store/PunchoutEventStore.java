package se.peppolgw.ap.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.punchout.PunchoutEventLog;
import se.peppolgw.punchout.event.SessionEvent;
import se.peppolgw.punchout.event.SetupEvent;
import se.peppolgw.punchout.event.TransferEvent;

/**
 * The punch-out activity (table {@code punchout_event}): written by the punch-out module through
 * {@link PunchoutEventLog}, read by the operator's punch-out view. Writing never throws: a buyer's
 * punch-out must not fail because the log is unavailable; the failure is logged instead.
 */
public final class PunchoutEventStore implements PunchoutEventLog {
  /** One setup, session change or cart transfer; {@code payload} only when asked for. */
  public record Event(
      long seq, Instant at, Kind kind, String protocol, String buyerId, String sessionId,
      String operation, String outcome, Integer statusCode, String fromState, String toState,
      Integer lineCount, BigDecimal total, String currency, String returnUrl, String payloadMediaType,
      String payload, String detail, String remoteAddress) {}

  /** What an event records; stored by name in column {@code kind}. */
  public enum Kind {
    SETUP,
    SESSION,
    TRANSFER
  }

  private static final Logger LOG = LoggerFactory.getLogger(PunchoutEventStore.class);
  private static final int MAX_TEXT = 4000;
  /** Where {@code payload} is among the values after {@code kind}: kept whole, never cut. */
  private static final int PAYLOAD_INDEX = 14;
  private static final String INSERT =
      "INSERT INTO punchout_event (at, kind, protocol, buyer_id, claimed_identity, session_id,"
          + " operation, outcome, status_code, from_state, to_state, line_count, total, currency,"
          + " return_url, payload_media_type, payload, detail, remote_address)"
          + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  private static final String COLUMNS =
      "seq, at, kind, protocol, buyer_id, session_id, operation, outcome, status_code, from_state,"
          + " to_state, line_count, total, currency, return_url, payload_media_type, detail, remote_address";

  private final Database db;

  public PunchoutEventStore(Database db) {
    this.db = db;
  }

  @Override
  public void setupRequested(SetupEvent e) {
    insert(e.at(), Kind.SETUP, e.protocol(), e.buyerId(), e.claimedIdentity(), e.sessionId(),
        e.operation(), e.outcome(), e.statusCode(), null, null, null, null, null, null, null, null,
        e.detail(), e.remoteAddress());
  }

  @Override
  public void sessionChanged(SessionEvent e) {
    insert(e.at(), Kind.SESSION, e.protocol(), e.buyerId(), null, e.sessionId(), null, null, null,
        e.fromState(), e.toState(), null, null, null, null, null, null, e.reason(), null);
  }

  @Override
  public void cartTransferred(TransferEvent e) {
    insert(e.at(), Kind.TRANSFER, e.protocol(), e.buyerId(), null, e.sessionId(), null, e.outcome(),
        null, null, null, e.lineCount(), e.total(), e.currency(), e.returnUrl(),
        e.payloadMediaType(), e.payload(), e.detail(), null);
  }

  /** Newest first, before {@code beforeSeq} (0: from the newest), without payloads. */
  public List<Event> recent(long beforeSeq, int limit) {
    return read(
        "SELECT " + COLUMNS + ", NULL AS payload FROM punchout_event"
            + (beforeSeq > 0 ? " WHERE seq < ?" : "")
            + " ORDER BY seq DESC FETCH FIRST " + Math.max(1, Math.min(limit, 500)) + " ROWS ONLY",
        beforeSeq > 0 ? new Object[] {beforeSeq} : new Object[0]);
  }

  /** Every event of one session, oldest first, with payloads. */
  public List<Event> session(String sessionId) {
    return read(
        "SELECT " + COLUMNS + ", payload FROM punchout_event WHERE session_id = ? ORDER BY seq",
        new Object[] {sessionId});
  }

  private void insert(Instant at, Kind kind, Object... values) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setObject(1, OffsetDateTime.ofInstant(at == null ? Instant.now() : at, ZoneOffset.UTC));
      ps.setString(2, kind.name());
      for (int i = 0; i < values.length; i++) {
        Object v = values[i];
        if (v instanceof String s && s.length() > MAX_TEXT && i != PAYLOAD_INDEX) {
          v = s.substring(0, MAX_TEXT - 1) + "…";
        }
        if (v == null) {
          ps.setNull(i + 3, Types.NULL);
        } else {
          ps.setObject(i + 3, v);
        }
      }
      ps.executeUpdate();
    } catch (SQLException | RuntimeException ex) {
      LOG.error("Could not record punch-out event {}: {}", kind, ex.getMessage());
    }
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
          out.add(map(rs));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("could not read the punch-out log: " + e.getMessage(), e);
    }
    return out;
  }

  private static Event map(ResultSet rs) throws SQLException {
    return new Event(
        rs.getLong("seq"),
        rs.getObject("at", OffsetDateTime.class).toInstant(),
        Kind.valueOf(rs.getString("kind")),
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
        rs.getString("remote_address"));
  }
}
