package se.peppolgw.ap.store;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The inbound side of the transmission log seen from the back office: which accepted documents
 * still wait to be handed over (inbox folder, webhook), marking them handed over, the pull API's
 * pending list, the back office's acknowledgement and the operator's "deliver again". It owns the
 * states RECEIVED → HANDED_OVER → ACKNOWLEDGED of inbound transmissions; storing them is {@link
 * TransmissionStore}'s. Every method is one transaction.
 */
public final class InboxStore {
  private final Database db;
  private final Clock clock;

  InboxStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Inbound transmissions stored but not yet written to the inbox folder, oldest first. */
  public List<Transmission> awaitingHandover(int limit) {
    return query(
        "SELECT " + TransmissionRows.COLUMNS + " FROM transmission WHERE direction = " + Jdbc.lit(Direction.IN)
            + " AND state = " + Jdbc.lit(TransmissionState.RECEIVED)
            + " ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY");
  }

  /** Marks a transmission handed over; false if it was not waiting (another node did it). */
  public boolean markHandedOver(String id, String how) {
    return !markHandedOver(Map.of(id, how)).isEmpty();
  }

  /**
   * Marks several transmissions handed over in one transaction (the hand-over worker writes a run
   * of files, then marks them together: one commit instead of one per document). Returns the ids
   * that were waiting and are now marked; the others were handed over already (by another node).
   *
   * @param howById what was done with each transmission, for its timeline
   */
  public Set<String> markHandedOver(Map<String, String> howById) {
    Instant now = clock.instant();
    return db.inSharedTransaction(
        c -> {
          Set<String> marked = new LinkedHashSet<>();
          for (Map.Entry<String, String> e : howById.entrySet()) {
            int n =
                Jdbc.update(
                    c,
                    "UPDATE transmission SET state = " + Jdbc.lit(TransmissionState.HANDED_OVER) + ", handed_over_at = ?,"
                        + " updated_at = ? WHERE id = ? AND state = " + Jdbc.lit(TransmissionState.RECEIVED),
                    now,
                    now,
                    e.getKey());
            if (n == 1) {
              TransmissionWrites.insertEvent(c, e.getKey(), now, TimelineEvent.of(EventType.HANDED_OVER, e.getValue()));
              marked.add(e.getKey());
            }
          }
          return marked;
        });
  }

  /**
   * Inbound documents the back office has not acknowledged yet, in arrival order, after the given
   * sequence number (keyset pagination: the cursor is the last seq seen).
   */
  public List<Transmission> inboxPending(long afterSeq, int limit) {
    return query(
        "SELECT " + TransmissionRows.COLUMNS + " FROM transmission WHERE direction = " + Jdbc.lit(Direction.IN)
            + " AND state IN " + Jdbc.in(TransmissionState.RECEIVED, TransmissionState.HANDED_OVER) + " AND seq > ? ORDER BY seq"
            + " FETCH FIRST " + limit + " ROWS ONLY",
        afterSeq);
  }

  /** Inbound documents handed over and not yet acknowledged, after {@code afterSeq}, in arrival order. */
  public List<Transmission> handedOver(long afterSeq, int limit) {
    return query(
        "SELECT " + TransmissionRows.COLUMNS + " FROM transmission WHERE direction = " + Jdbc.lit(Direction.IN)
            + " AND state = " + Jdbc.lit(TransmissionState.HANDED_OVER)
            + " AND handed_over_at IS NOT NULL AND seq > ? ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY",
        afterSeq);
  }

  /** Acknowledgement by the back office. Idempotent: a second ack changes nothing. */
  public AckResult acknowledge(String id, String who) {
    Instant now = clock.instant();
    return inTransaction(
        c -> {
          Optional<Transmission> t = TransmissionWrites.find(c, id);
          if (t.isEmpty() || t.get().direction() != Direction.IN) {
            return AckResult.NOT_FOUND;
          }
          TransmissionState s = t.get().state();
          if (s == TransmissionState.ACKNOWLEDGED) {
            return AckResult.ALREADY_ACKNOWLEDGED;
          }
          if (s != TransmissionState.RECEIVED && s != TransmissionState.HANDED_OVER) {
            return AckResult.NOT_ACKNOWLEDGEABLE;
          }
          int n =
              Jdbc.update(
                  c,
                  "UPDATE transmission SET state = " + Jdbc.lit(TransmissionState.ACKNOWLEDGED) + ", acked_at = ?, updated_at = ?"
                      + " WHERE id = ? AND state IN " + Jdbc.in(TransmissionState.RECEIVED, TransmissionState.HANDED_OVER),
                  now,
                  now,
                  id);
          if (n == 0) {
            return AckResult.ALREADY_ACKNOWLEDGED;
          }
          TransmissionWrites.insertEvent(
              c, id, now, TimelineEvent.of(EventType.ACKNOWLEDGED, "Acknowledged by " + who));
          return AckResult.ACKNOWLEDGED;
        });
  }

  public enum AckResult {
    ACKNOWLEDGED,
    ALREADY_ACKNOWLEDGED,
    NOT_ACKNOWLEDGEABLE,
    NOT_FOUND
  }

  /**
   * Operator action: hand an inbound document to the back office again (folder / webhook / pull
   * API). Returns false when the transmission is not an inbound document that was accepted.
   */
  public boolean requestRedelivery(String id, String who) {
    Instant now = clock.instant();
    return inTransaction(
        c -> {
          int n =
              Jdbc.update(
                  c,
                  "UPDATE transmission SET state = " + Jdbc.lit(TransmissionState.RECEIVED) + ", acked_at = NULL, updated_at = ?"
                      + " WHERE id = ? AND direction = " + Jdbc.lit(Direction.IN)
                      + " AND state IN "
                      + Jdbc.in(TransmissionState.RECEIVED, TransmissionState.HANDED_OVER, TransmissionState.ACKNOWLEDGED),
                  now,
                  id);
          if (n == 1) {
            TransmissionWrites.insertEvent(
                c, id, now,
                TimelineEvent.of(EventType.NOTE, "Re-delivery to the back office requested by " + who)
                    .withCode("REDELIVER"));
          }
          return n == 1;
        });
  }

  private <T> T inTransaction(Jdbc.TxWork<T> work) {
    return Jdbc.inTransaction(db, work);
  }

  private List<Transmission> query(String sql, Object... params) {
    return inTransaction(c -> TransmissionWrites.list(c, sql, params));
  }
}
