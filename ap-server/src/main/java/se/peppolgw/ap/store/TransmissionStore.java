package se.peppolgw.ap.store;

import static se.peppolgw.ap.store.TransmissionWrites.insertEvent;
import static se.peppolgw.ap.store.TransmissionWrites.insertPayload;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The transmission log on JDBC, the receiving side: storing an inbound message (transmission,
 * payloads, timeline and the inbound duplicate register, committed together so that a receipt is
 * only sent for what is durable), refusals, AS4 signals and timeline notes, and the reads of one
 * transmission (row, timeline, payload bytes). Every method is one transaction: it either commits
 * all it writes or nothing.
 *
 * <p>What happens to an inbound document afterwards (hand-over, the inbox, acknowledgements) is
 * {@link InboxStore}'s, reached through {@link #inbox()}; the statements shared with the outbox
 * and the other stores that write on a timeline are in {@link TransmissionWrites}; the operator's
 * list and search are {@link TransmissionQuery}'s.
 */
public final class TransmissionStore {
  private final Database db;
  private final Clock clock;
  private final ReportingCapture reporting;
  private final InboxStore inbox;

  public TransmissionStore(Database db, Clock clock) {
    this(db, clock, ReportingCapture.withoutCountries());
  }

  /** @param reporting records the Peppol Reporting facts of accepted messages (same transaction) */
  public TransmissionStore(Database db, Clock clock, ReportingCapture reporting) {
    this.db = db;
    this.clock = clock;
    this.reporting = reporting;
    this.inbox = new InboxStore(db, clock);
  }

  /** Hand-over, inbox and acknowledgements of the inbound documents this store keeps. */
  public InboxStore inbox() {
    return inbox;
  }

  /** What records the Peppol Reporting facts; the outbox shares it. */
  public ReportingCapture reportingCapture() {
    return reporting;
  }

  public Database database() {
    return db;
  }

  // ------------------------------------------------------------------ inbound

  /**
   * Stores an inbound message with its SBD and business document, or records it as a duplicate of
   * an earlier one. Returns only after the commit: a receipt may be sent once this returns.
   *
   * @throws StoreException when the database fails; nothing is stored then
   */
  public InboundOutcome storeInbound(InboundRecord r) {
    return storeInbound(r, null);
  }

  /**
   * As {@link #storeInbound(InboundRecord)}, with what the inbound checks established recorded as
   * a VALIDATED event in the same transaction.
   */
  public InboundOutcome storeInbound(InboundRecord r, String validationSummary) {
    return storeInbound(r, validationSummary, null);
  }

  /**
   * As {@link #storeInbound(InboundRecord, String)}; with a consumer the message is the gateway's
   * own: stored {@link TransmissionState#CONSUMED} and processed by the consumer in the same
   * transaction (a repeat is recorded as a duplicate and not processed again).
   */
  public InboundOutcome storeInbound(
      InboundRecord r, String validationSummary, InboundConsumer consumer) {
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    // shared with other messages' writes (group commit); returns once committed
    return db.inSharedTransaction(
        c -> InboundWrites.store(c, id, now, r, validationSummary, consumer, reporting));
  }

  /**
   * Records a message that was refused (any field may be null: a message that failed signature
   * checks has little we can trust) with the EBMS code and the reason.
   */
  public String storeRejected(InboundRecord r, String ebmsCode, String detail) {
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    db.inSharedTransaction(
        c -> {
          InboundWrites.storeRejected(c, id, now, r, ebmsCode, detail);
          return null;
        });
    return id;
  }

  /** Keeps an AS4 signal (receipt or error) verbatim and notes it on the timeline. */
  public void attachSignal(
      String transmissionId, PayloadKind kind, byte[] bytes, TimelineEvent event) {
    Instant now = clock.instant();
    db.inSharedTransaction(
        c -> {
          insertPayload(c, transmissionId, kind, "application/soap+xml", bytes, now);
          insertEvent(c, transmissionId, now, event);
          return null;
        });
  }

  public void appendEvent(String transmissionId, TimelineEvent event) {
    Instant now = clock.instant();
    db.inSharedTransaction(
        c -> {
          insertEvent(c, transmissionId, now, event);
          return null;
        });
  }

  // ------------------------------------------------------------------ reads

  public Optional<Transmission> find(String id) {
    return inTransaction(c -> TransmissionWrites.find(c, id));
  }

  public List<TimelineEvent> timeline(String id) {
    return inTransaction(
        c -> {
          List<TimelineEvent> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT seq, at, type, code, message, duration_ms, data FROM transmission_event"
                      + " WHERE transmission_id = ? ORDER BY seq")) {
            Jdbc.bind(ps, id);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new TimelineEvent(
                        rs.getLong("seq"),
                        Jdbc.instant(rs, "at"),
                        EventType.valueOf(rs.getString("type")),
                        rs.getString("code"),
                        rs.getString("message"),
                        Jdbc.longOrNull(rs, "duration_ms"),
                        rs.getString("data")));
              }
            }
          }
          return out;
        });
  }

  /** All transmissions with this AS4 MessageId (the original and any duplicates), oldest first. */
  public List<Transmission> findByAs4MessageId(String as4MessageId) {
    return query(
        "SELECT " + TransmissionRows.COLUMNS + " FROM transmission WHERE as4_message_id = ? ORDER BY seq", as4MessageId);
  }

  /** The newest stored payload of that kind (a slice is cut from the payload it points into). */
  public Optional<byte[]> payload(String transmissionId, PayloadKind kind) {
    return inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT p.content, p.slice_start, p.size, s.content FROM payload p"
                      + " LEFT JOIN payload s ON s.transmission_id = p.transmission_id"
                      + " AND s.kind = p.slice_of"
                      + " WHERE p.transmission_id = ? AND p.kind = ?"
                      + " ORDER BY p.seq DESC, s.seq DESC FETCH FIRST 1 ROWS ONLY")) {
            Jdbc.bind(ps, transmissionId, kind);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.<byte[]>empty();
              }
              long start = rs.getLong(2);
              if (rs.wasNull()) {
                return Optional.of(rs.getBytes(1));
              }
              byte[] whole = rs.getBytes(4);
              long size = rs.getLong(3);
              if (whole == null || start + size > whole.length) {
                throw new StoreException(
                    kind + " of " + transmissionId + " points outside the payload it is cut from");
              }
              return Optional.of(Arrays.copyOfRange(whole, (int) start, (int) (start + size)));
            }
          }
        });
  }

  /** Forgets duplicate-register entries older than the window; returns how many. */
  public int purgeDedupBefore(Instant before) {
    return inTransaction(c -> InboundWrites.purgeDedupBefore(c, before));
  }

  public long count(Direction d, TransmissionState s) {
    return inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*) FROM transmission WHERE direction = ? AND state = ?")) {
            Jdbc.bind(ps, d, s);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  // ---------------------------------------------------------------- internals

  private <T> T inTransaction(Jdbc.TxWork<T> work) {
    return Jdbc.inTransaction(db, work);
  }

  private List<Transmission> query(String sql, Object... params) {
    return inTransaction(c -> TransmissionWrites.list(c, sql, params));
  }
}
