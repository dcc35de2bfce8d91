package se.peppolgw.ap.punchout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.store.Database;
import se.peppolgw.punchout.PunchoutEventLog;
import se.peppolgw.punchout.event.SessionEvent;
import se.peppolgw.punchout.event.SetupEvent;
import se.peppolgw.punchout.event.TransferEvent;

/**
 * Keeps punch-out activity in the gateway's database. Never throws: a buyer's punch-out must not
 * fail because the log is unavailable; the failure is logged instead.
 */
public final class JdbcPunchoutEventLog implements PunchoutEventLog {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcPunchoutEventLog.class);
  private static final String INSERT =
      "INSERT INTO punchout_event (at, kind, protocol, buyer_id, claimed_identity, session_id,"
          + " operation, outcome, status_code, from_state, to_state, line_count, total, currency,"
          + " return_url, payload_media_type, payload, detail, remote_address)"
          + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

  private final Database db;

  public JdbcPunchoutEventLog(Database db) {
    this.db = db;
  }

  @Override
  public void setupRequested(SetupEvent e) {
    insert(e.at(), "SETUP", e.protocol(), e.buyerId(), e.claimedIdentity(), e.sessionId(),
        e.operation(), e.outcome(), e.statusCode(), null, null, null, null, null, null, null, null,
        e.detail(), e.remoteAddress());
  }

  @Override
  public void sessionChanged(SessionEvent e) {
    insert(e.at(), "SESSION", e.protocol(), e.buyerId(), null, e.sessionId(), null, null, null,
        e.fromState(), e.toState(), null, null, null, null, null, null, e.reason(), null);
  }

  @Override
  public void cartTransferred(TransferEvent e) {
    insert(e.at(), "TRANSFER", e.protocol(), e.buyerId(), null, e.sessionId(), null, e.outcome(),
        null, null, null, e.lineCount(), e.total(), e.currency(), e.returnUrl(),
        e.payloadMediaType(), e.payload(), e.detail(), null);
  }

  private void insert(Instant at, Object... values) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setObject(1, OffsetDateTime.ofInstant(at == null ? Instant.now() : at, ZoneOffset.UTC));
      for (int i = 0; i < values.length; i++) {
        Object v = values[i];
        if (v instanceof String s && s.length() > 4000 && i != 15) {
          v = s.substring(0, 3999) + "…";
        }
        if (v == null) {
          ps.setNull(i + 2, Types.NULL);
        } else {
          ps.setObject(i + 2, v);
        }
      }
      ps.executeUpdate();
    } catch (SQLException | RuntimeException ex) {
      LOG.error("Could not record punch-out event {}: {}", values[0], ex.getMessage());
    }
  }
}
