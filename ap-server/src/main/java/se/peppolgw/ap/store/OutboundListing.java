package se.peppolgw.ap.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The back office's list of its outbound submissions: in the order they were accepted, after a
 * cursor (the last {@code seq} seen, as in the inbox API), restricted to the sender participants
 * the caller may send for.
 */
public final class OutboundListing {
  private final Database db;

  public OutboundListing(Database db) {
    this.db = db;
  }

  /**
   * @param senders sender participant ids (lower case) to list; null for any sender
   * @param states the states to list; empty for all
   * @param since only transmissions accepted at or after this instant; null for all
   */
  public List<Transmission> page(
      Set<String> senders, Set<TransmissionState> states, Instant since, long afterSeq, int limit) {
    if (senders != null && senders.isEmpty()) {
      return List.of();
    }
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(TransmissionRows.COLUMNS)
            .append(" FROM transmission WHERE direction = " + Jdbc.lit(Direction.OUT) + " AND seq > ?");
    List<Object> params = new ArrayList<>();
    params.add(afterSeq);
    if (!states.isEmpty()) {
      sql.append(" AND state IN (").append(marks(states.size())).append(')');
      states.stream().map(Enum::name).sorted().forEach(params::add);
    }
    if (since != null) {
      sql.append(" AND created_at >= ?");
      params.add(since);
    }
    if (senders != null) {
      // identifiers compare case-insensitively (an SBD may carry upper-case values)
      sql.append(" AND LOWER(sender_id) IN (").append(marks(senders.size())).append(')');
      senders.stream().sorted().forEach(params::add);
    }
    sql.append(" ORDER BY seq FETCH FIRST ").append(Math.max(1, limit)).append(" ROWS ONLY");
    return Jdbc.inTransaction(
        db,
        c -> {
          List<Transmission> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Jdbc.bind(ps, params.toArray());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(TransmissionRows.map(rs));
              }
            }
          }
          return out;
        });
  }

  private static String marks(int n) {
    return String.join(",", Collections.nCopies(n, "?"));
  }
}
