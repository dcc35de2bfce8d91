package se.peppolgw.ap.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The figures of the operator dashboard: transmissions counted by direction, state and document
 * type since a moment, refused unauthenticated AS4 requests, and the outbox and handover backlogs.
 */
public final class DashboardCounts {
  private final TransmissionReads reads;
  private final UnauthenticatedRefusals refusals;

  public DashboardCounts(Database db, Clock clock) {
    this.reads = new TransmissionReads(db);
    this.refusals = new UnauthenticatedRefusals(db, null, clock);
  }

  /** Counts since {@code since}, by direction, state and document type. */
  public record Count(Direction direction, TransmissionState state, String documentTypeId, long count) {}

  public List<Count> countsSince(Instant since) {
    return reads.list(
        "SELECT direction, state, doctype_id, COUNT(*) FROM transmission WHERE created_at >= ?"
            + " GROUP BY direction, state, doctype_id",
        rs ->
            new Count(
                Direction.valueOf(rs.getString(1)),
                TransmissionState.valueOf(rs.getString(2)),
                rs.getString(3),
                rs.getLong(4)),
        since);
  }

  /** AS4 requests without an authenticated sender refused since then (counted per minute). */
  public long unauthenticatedRefusalsSince(Instant since) {
    return refusals.countSince(since);
  }

  /** A queue's size and the age of its oldest entry. */
  public record Backlog(long size, Instant oldest) {}

  /** Outbound documents not yet final (the outbox). */
  public Backlog outboxBacklog() {
    return backlog("SELECT COUNT(*), MIN(created_at) AS oldest FROM outbox");
  }

  /**
   * Inbound documents the back office has not acknowledged yet (stored, or handed over and not
   * taken: see gateway.handover.modes for what acknowledges), and the oldest one's arrival.
   */
  public Backlog handoverBacklog() {
    return backlog(
        "SELECT COUNT(*), MIN(created_at) AS oldest FROM transmission WHERE direction = " + Jdbc.lit(Direction.IN)
            + " AND state IN " + Jdbc.in(TransmissionState.RECEIVED, TransmissionState.HANDED_OVER));
  }

  private Backlog backlog(String sql) {
    Backlog[] b = new Backlog[1];
    reads.query(sql, rs -> b[0] = new Backlog(rs.getLong(1), Jdbc.instant(rs, "oldest")));
    return b[0];
  }
}
