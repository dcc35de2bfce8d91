package se.peppolgw.ap.store;

import java.time.Clock;
import java.time.Instant;

/**
 * The operator's actions on a queued outbound transmission ("retry now", "cancel"): the queue row
 * and the transmission's state and timeline change in one transaction. Used through {@link
 * OutboxStore}.
 */
final class OutboxOperatorActions {
  private final Database db;
  private final Clock clock;
  private final boolean statusNotices;

  /** @param statusNotices record a callback for the status webhook when cancelling (see OutboxStore) */
  OutboxOperatorActions(Database db, Clock clock, boolean statusNotices) {
    this.db = db;
    this.clock = clock;
    this.statusNotices = statusNotices;
  }

  /**
   * Operator action "retry now": a waiting entry becomes due at once; a FAILED transmission gets
   * a fresh queue entry (a new round of attempts). Returns false when it is being sent right now,
   * already delivered, cancelled, or not outbound.
   */
  public boolean retryNow(String transmissionId, String who) {
    Instant now = clock.instant();
    return inTransaction(
        c -> {
          int n =
              Jdbc.update(
                  c,
                  "UPDATE outbox SET next_attempt_at = ? WHERE transmission_id = ?"
                      + " AND (lease_until IS NULL OR lease_until < ?)",
                  now,
                  transmissionId,
                  now);
          if (n == 0) {
            n =
                Jdbc.update(
                    c,
                    "UPDATE transmission SET state = " + Jdbc.lit(TransmissionState.PENDING) + ", updated_at = ? WHERE id = ?"
                        + " AND direction = " + Jdbc.lit(Direction.OUT) + " AND state = " + Jdbc.lit(TransmissionState.FAILED),
                    now,
                    transmissionId);
            if (n == 0) {
              return false;
            }
            Jdbc.update(
                c,
                "INSERT INTO outbox (transmission_id, next_attempt_at, attempts, created_at)"
                    + " VALUES (?,?,0,?)",
                transmissionId,
                now,
                now);
          }
          TransmissionWrites.insertEvent(
              c, transmissionId, now,
              TimelineEvent.of(EventType.NOTE, "Retry now requested by " + who).withCode("RETRY_NOW"));
          return true;
        });
  }

  /**
   * Operator action "cancel": removes a pending or waiting entry and marks the transmission
   * CANCELLED. Returns false when it is being sent right now or no longer queued.
   */
  public boolean cancel(String transmissionId, String who) {
    Instant now = clock.instant();
    return inTransaction(
        c -> {
          int n =
              Jdbc.update(
                  c,
                  "DELETE FROM outbox WHERE transmission_id = ? AND (lease_until IS NULL OR lease_until < ?)",
                  transmissionId,
                  now);
          if (n == 0) {
            return false;
          }
          Jdbc.update(
              c,
              "UPDATE transmission SET state = " + Jdbc.lit(TransmissionState.CANCELLED) + ", updated_at = ? WHERE id = ?",
              now,
              transmissionId);
          TransmissionWrites.insertEvent(
              c, transmissionId, now, TimelineEvent.of(EventType.CANCELLED, "Cancelled by " + who));
          if (statusNotices) {
            StatusNoticeStore.record(c, transmissionId, StatusNoticeKind.FINAL_STATE,
                TransmissionState.CANCELLED.name(), "CANCELLED", "Cancelled by " + who, now);
          }
          return true;
        });
  }

  private <T> T inTransaction(Jdbc.TxWork<T> work) {
    return Jdbc.inTransaction(db, work);
  }
}
