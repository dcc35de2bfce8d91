package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The queue of received documents whose follow-up (validation, then the MLS decision) is not
 * finished: {@code inbound_followup}, V72, see {@link FollowUpStep}. Every change happens inside
 * the caller's transaction, beside the write it accompanies, so the queue never disagrees with the
 * results it stands for.
 */
final class InboundFollowUp {
  private InboundFollowUp() {}

  /** Queues an accepted document for validation; in the transaction that stores it. */
  static void queue(Connection c, String transmissionId) throws SQLException {
    Jdbc.update(
        c,
        "INSERT INTO inbound_followup (transmission_id, step, seq)"
            + " SELECT id, " + Jdbc.lit(FollowUpStep.VALIDATE) + ", seq FROM transmission WHERE id = ?",
        transmissionId);
  }

  /** Validated: now waits for its MLS decision. */
  static void validated(Connection c, String transmissionId) throws SQLException {
    Jdbc.update(
        c,
        "UPDATE inbound_followup SET step = " + Jdbc.lit(FollowUpStep.ANSWER) + " WHERE transmission_id = ?",
        transmissionId);
  }

  /** Answered (or decided not to be): nothing left to do. */
  static void finished(Connection c, String transmissionId) throws SQLException {
    Jdbc.update(c, "DELETE FROM inbound_followup WHERE transmission_id = ?", transmissionId);
  }

  /**
   * {@code FROM} and {@code WHERE} of the transmissions waiting at {@code step}, the queue's rows
   * driving the read ({@code t} is the transmission); the caller adds its own conditions with
   * {@code AND} and orders by {@code w.seq}.
   */
  static String waitingAt(FollowUpStep step) {
    return " FROM inbound_followup w JOIN transmission t ON t.id = w.transmission_id WHERE w.step = "
        + Jdbc.lit(step);
  }
}
