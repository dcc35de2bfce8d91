package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * How much work is waiting: the outbox (documents not yet delivered or given up) and the inbound
 * hand-over backlog. Two aggregate reads in one transaction, both on indexes (the outbox holds
 * only unfinished rows; RECEIVED inbound rows are a range of ix_tx_state_list), cheap enough for
 * a scrape every few seconds.
 */
public final class BacklogStore {
  private final Database db;

  public BacklogStore(Database db) {
    this.db = db;
  }

  /** How many wait, and since when the oldest has waited (empty when none). */
  public record Queue(long depth, Optional<Instant> oldest) {}

  /** Both queues, read together. */
  public record Backlog(Queue outbox, Queue handover) {}

  public Backlog read() {
    return Jdbc.inTransaction(
        db,
        c -> new Backlog(
            queue(c, "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox"),
            queue(
                c,
                "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM transmission"
                    + " WHERE direction = " + Jdbc.lit(Direction.IN)
                    + " AND state = " + Jdbc.lit(TransmissionState.RECEIVED))));
  }

  private static Queue queue(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new Queue(rs.getLong("n"), Optional.ofNullable(Jdbc.instant(rs, "oldest")));
    }
  }
}
