package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Flags received business duplicates: inbound documents whose business identity (stored with
 * the row on receipt) matches one received earlier within the window. Runs after the commit, on
 * rows still marked unchecked; a flagged document keeps its state (it was accepted: the AS4
 * message is a different one) and gets {@code business_duplicate_of} and a timeline note.
 */
public final class BusinessDuplicateStore {
  /** The timeline note's code. */
  public static final String NOTE_CODE = "BUSINESS_DUPLICATE";

  private final Database db;
  private final Clock clock;

  public BusinessDuplicateStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** A document found to repeat an earlier one. */
  public record Flagged(String transmissionId, String duplicateOf) {}

  private record Pending(String id, long seq, String identity, Instant createdAt, String businessId) {}

  /**
   * Compares up to {@code limit} unchecked inbound documents with what was received before them
   * (at most {@code window} earlier) and marks them checked.
   *
   * @return the ones flagged as business duplicates; {@code checked} receives how many were looked at
   */
  public List<Flagged> checkPending(Duration window, int limit, int[] checked) {
    Instant now = clock.instant();
    return Jdbc.inTransaction(
        db,
        c -> {
          List<Pending> pending = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, seq, business_identity, created_at, business_id FROM transmission"
                      + " WHERE business_checked = FALSE AND direction = " + Jdbc.lit(Direction.IN) + " ORDER BY seq")) {
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                pending.add(new Pending(rs.getString(1), rs.getLong(2), rs.getString(3),
                    Jdbc.instant(rs, "created_at"), rs.getString(5)));
              }
            }
          }
          List<Flagged> flagged = new ArrayList<>();
          for (Pending p : pending) {
            Optional<String[]> earlier =
                p.identity() == null ? Optional.empty() : earlier(c, p, p.createdAt().minus(window));
            // only the first checker of a row acts (several nodes may run this at once)
            int n =
                Jdbc.update(
                    c,
                    "UPDATE transmission SET business_checked = TRUE, business_duplicate_of = ?"
                        + " WHERE id = ? AND business_checked = FALSE",
                    earlier.map(e -> e[0]).orElse(null),
                    p.id());
            if (n == 1 && earlier.isPresent()) {
              String[] e = earlier.get();
              TransmissionWrites.insertEvent(
                  c,
                  p.id(),
                  now,
                  TimelineEvent.of(
                          EventType.NOTE,
                          "Business duplicate: document " + p.businessId() + " with the same sender,"
                              + " receiver, document type and number (and issue date for an invoice)"
                              + " was received before as transmission " + e[0] + " at " + e[1]
                              + "; accepted (a different AS4 message) and flagged for the back office")
                      .withCode(NOTE_CODE));
              flagged.add(new Flagged(p.id(), e[0]));
            }
          }
          checked[0] = pending.size();
          return flagged;
        });
  }

  /** The first earlier accepted inbound document with the same identity in the window: {id, created_at}. */
  private static Optional<String[]> earlier(Connection c, Pending p, Instant notBefore) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, created_at FROM transmission WHERE business_identity = ? AND direction = " + Jdbc.lit(Direction.IN)
                + " AND seq < ? AND created_at >= ? AND state IN "
                + Jdbc.in(TransmissionState.RECEIVED, TransmissionState.HANDED_OVER, TransmissionState.ACKNOWLEDGED)
                + " ORDER BY seq")) {
      ps.setMaxRows(1);
      Jdbc.bind(ps, p.identity(), p.seq(), notBefore);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new String[] {rs.getString(1), String.valueOf(Jdbc.instant(rs, "created_at"))})
            : Optional.empty();
      }
    }
  }
}
