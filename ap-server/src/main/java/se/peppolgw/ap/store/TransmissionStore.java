package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import se.peppolgw.ap.store.InboundOutcome.DuplicateKind;

/**
 * The transmission log on JDBC: transmissions, their timelines, their payload bytes and the
 * inbound duplicate register. Every method is one transaction: it either commits all it writes or
 * nothing.
 *
 * <p>Still over the ~400 lines of issue #14, knowingly: it writes four tables (transmission,
 * timeline, payload, the inbound duplicate register) because the inbound store and the hand-over
 * must each commit them together, and the static insert helpers here are shared with the outbox
 * classes. The natural next split is the hand-over / inbox section into a class of its own; it was
 * not done in the round that split {@link OutboxStore}, for lack of time, not for a reason in the
 * design.
 */
public final class TransmissionStore {
  private final Database db;
  private final Clock clock;
  private final ReportingCapture reporting;

  public TransmissionStore(Database db, Clock clock) {
    this(db, clock, ReportingCapture.withoutCountries());
  }

  /** @param reporting records the Peppol Reporting facts of accepted messages (same transaction) */
  public TransmissionStore(Database db, Clock clock, ReportingCapture reporting) {
    this.db = db;
    this.clock = clock;
    this.reporting = reporting;
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
    return db.inSharedTransaction(c -> storeInbound(c, id, now, r, validationSummary, consumer));
  }

  private InboundOutcome storeInbound(
      Connection c,
      String id,
      Instant now,
      InboundRecord r,
      String validationSummary,
      InboundConsumer consumer)
      throws SQLException {
    // A savepoint, not a rollback: the transaction may hold other messages' work.
    Savepoint beforeDedup = c.setSavepoint();
    try {
      insertDedup(c, "AS4", scopeOf(r.remoteAp()), r.as4MessageId(), id, now);
      if (r.sbdhInstanceId() != null) {
        insertDedup(c, "SBDH", scopeOf(r.senderId()), r.sbdhInstanceId(), id, now);
      }
    } catch (SQLException e) {
      c.rollback(beforeDedup);
      if (Jdbc.isUniqueViolation(e)) {
        return recordDuplicate(c, r, now);
      }
      throw e;
    }
    // each SHA-256 once: the transmission row and the payload row carry the same digest
    Sha256 digests = Sha256.of(r);
    insertTransmission(
        c, id, Direction.IN, consumer == null ? TransmissionState.RECEIVED : TransmissionState.CONSUMED,
        r, digests, now, null);
    insertPayloadRow(c, id, PayloadKind.SBD, "application/xml", r.sbd(), digests.sbd(), r.sbd(), null, null, now);
    if (r.documentIsSliceOfSbd()) {
      // the document is a byte range of the SBD: keep those bytes once
      insertPayloadSlice(c, id, PayloadKind.DOCUMENT, "application/xml", r.document(), digests.document(),
          PayloadKind.SBD, r.documentOffsetInSbd(), now);
    } else {
      insertPayloadRow(c, id, PayloadKind.DOCUMENT, "application/xml", r.document(), digests.document(),
          r.document(), null, null, now);
    }
    insertEvent(
        c,
        id,
        now,
        TimelineEvent.of(
            EventType.RECEIVED,
            "Received over AS4 from " + nz(r.remoteAp()) + " (" + nz(r.remoteAddress()) + "),"
                + " " + r.sbd().length + " bytes, stored durably"));
    if (validationSummary != null) {
      insertEvent(c, id, now, TimelineEvent.of(EventType.VALIDATED, validationSummary));
    }
    if (consumer != null) {
      consumer.consume(c, id, now);
    }
    // accepted, not a duplicate: counted for Peppol Reporting, in this same transaction
    reporting.recordReceived(c, id, r, now);
    return new InboundOutcome.Accepted(id);
  }

  private InboundOutcome recordDuplicate(Connection c, InboundRecord r, Instant now)
      throws SQLException {
    DuplicateKind kind = DuplicateKind.AS4_MESSAGE_ID;
    String original = findDedup(c, "AS4", scopeOf(r.remoteAp()), r.as4MessageId());
    if (original == null && r.sbdhInstanceId() != null) {
      kind = DuplicateKind.SBDH_INSTANCE_ID;
      original = findDedup(c, "SBDH", scopeOf(r.senderId()), r.sbdhInstanceId());
    }
    if (original == null) {
      // The conflicting row was purged between our insert and this read: a race with the purge
      // job. Let the caller retry; the message is not lost because no receipt is sent.
      throw new StoreException("duplicate register changed concurrently; retry");
    }
    String id = UUID.randomUUID().toString();
    insertTransmission(c, id, Direction.IN, TransmissionState.DUPLICATE, r, Sha256.of(r), now, original);
    String what =
        kind == DuplicateKind.AS4_MESSAGE_ID
            ? "AS4 MessageId " + r.as4MessageId()
            : "SBDH InstanceIdentifier " + r.sbdhInstanceId();
    insertEvent(
        c,
        id,
        now,
        TimelineEvent.of(
                EventType.DUPLICATE,
                "Duplicate of transmission " + original + " (same " + what + "); not handed over"
                    + " again")
            .withCode(kind.name()));
    insertEvent(
        c,
        original,
        now,
        TimelineEvent.of(
                EventType.DUPLICATE,
                "Received again as transmission " + id + " (same " + what + ", AS4 MessageId "
                    + r.as4MessageId() + ", from " + nz(r.remoteAddress()) + ")")
            .withCode(kind.name()));
    return new InboundOutcome.Duplicate(id, original, kind);
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
          insertTransmission(c, id, Direction.IN, TransmissionState.REJECTED, r, Sha256.of(r), now, null);
          Jdbc.update(
              c,
              "UPDATE transmission SET error_code = ?, error_detail = ? WHERE id = ?",
              ebmsCode,
              truncate(detail, 4000),
              id);
          insertEvent(
              c,
              id,
              now,
              TimelineEvent.of(EventType.REJECTED, truncate(detail, 4000)).withCode(ebmsCode));
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

  // ---------------------------------------------------------- hand-over / inbox

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
              insertEvent(c, e.getKey(), now, TimelineEvent.of(EventType.HANDED_OVER, e.getValue()));
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
          Optional<Transmission> t = find(c, id);
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
          insertEvent(
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
            insertEvent(
                c, id, now,
                TimelineEvent.of(EventType.NOTE, "Re-delivery to the back office requested by " + who)
                    .withCode("REDELIVER"));
          }
          return n == 1;
        });
  }

  // ------------------------------------------------------------------ reads

  public Optional<Transmission> find(String id) {
    return inTransaction(c -> find(c, id));
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
    return inTransaction(c -> Jdbc.update(c, "DELETE FROM inbound_dedup WHERE created_at < ?", before));
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
    return inTransaction(
        c -> {
          List<Transmission> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(TransmissionRows.map(rs));
              }
            }
          }
          return out;
        });
  }

  static Optional<Transmission> find(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + TransmissionRows.COLUMNS + " FROM transmission WHERE id = ?")) {
      Jdbc.bind(ps, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(TransmissionRows.map(rs)) : Optional.empty();
      }
    }
  }

  private static void insertTransmission(
      Connection c,
      String id,
      Direction dir,
      TransmissionState state,
      InboundRecord r,
      Sha256 digests,
      Instant now,
      String duplicateOf)
      throws SQLException {
    boolean accepted = dir == Direction.IN && state == TransmissionState.RECEIVED;
    Jdbc.update(
        c,
        TransmissionRows.insert(
            "id, direction, state, as4_message_id, as4_conversation_id,"
                + " sbdh_instance_id, sender_id, receiver_id, doctype_id, process_id, c1_country,"
                + " remote_ap, remote_address, sbd_size, sbd_sha256, document_size, document_sha256,"
                + " duplicate_of, created_at, updated_at, business_identity, business_checked"),
        TransmissionRows.withFacts(
            r.facts(),
            id,
            dir,
            state,
            truncate(r.as4MessageId(), 255),
            truncate(r.as4ConversationId(), 255),
            truncate(r.sbdhInstanceId(), 255),
            truncate(r.senderId(), 200),
            truncate(r.receiverId(), 200),
            truncate(r.documentTypeId(), 500),
            truncate(r.processId(), 300),
            truncate(r.c1Country(), 8),
            truncate(r.remoteAp(), 300),
            truncate(r.remoteAddress(), 100),
            r.sbd() == null ? null : (long) r.sbd().length,
            digests.sbd(),
            r.document() == null ? null : (long) r.document().length,
            digests.document(),
            duplicateOf,
            now,
            now,
            accepted ? r.businessIdentity() : null,
            // compared with earlier documents after the commit (InboundBusinessDuplicates), never here
            !accepted || r.businessIdentity() == null));
  }

  static void insertPayload(
      Connection c, String id, PayloadKind kind, String contentType, byte[] bytes, Instant now)
      throws SQLException {
    insertPayloadRow(c, id, kind, contentType, bytes, Digests.sha256Hex(bytes), bytes, null, null, now);
  }

  /**
   * A payload whose bytes are the range [start, start + bytes.length) of the newest payload of
   * kind {@code of} of the same transmission; its content column stays empty. Size and SHA-256
   * are those of the slice, as for any payload.
   */
  static void insertPayloadSlice(
      Connection c, String id, PayloadKind kind, String contentType, byte[] bytes, String sha256,
      PayloadKind of, int start, Instant now)
      throws SQLException {
    insertPayloadRow(c, id, kind, contentType, bytes, sha256, new byte[0], of, (long) start, now);
  }

  /**
   * Size and SHA-256 ({@code sha256}, hex) are always those of {@code bytes}; {@code content} is
   * what is stored.
   */
  private static void insertPayloadRow(
      Connection c, String id, PayloadKind kind, String contentType, byte[] bytes, String sha256,
      byte[] content, PayloadKind sliceOf, Long sliceStart, Instant now)
      throws SQLException {
    Jdbc.update(
        c,
        "INSERT INTO payload (transmission_id, kind, content_type, size, sha256, created_at,"
            + " content, slice_of, slice_start) VALUES (?,?,?,?,?,?,?,?,?)",
        id,
        kind,
        contentType,
        (long) bytes.length,
        sha256,
        now,
        content,
        sliceOf,
        sliceStart);
  }


  /** The SHA-256 (hex) of an inbound record's SBD and document, null where the bytes are. */
  private record Sha256(String sbd, String document) {
    static Sha256 of(InboundRecord r) {
      return new Sha256(
          r.sbd() == null ? null : Digests.sha256Hex(r.sbd()),
          r.document() == null ? null : Digests.sha256Hex(r.document()));
    }
  }

  static void insertEvent(Connection c, String id, Instant now, TimelineEvent e)
      throws SQLException {
    Jdbc.update(
        c,
        "INSERT INTO transmission_event (transmission_id, at, type, code, message, duration_ms,"
            + " data) VALUES (?,?,?,?,?,?,?)",
        id,
        e.at() != null ? e.at() : now,
        e.type(),
        truncate(e.code(), 100),
        truncate(e.message(), 4000),
        e.durationMs(),
        e.data());
  }

  private static void insertDedup(
      Connection c, String kind, String scope, String value, String id, Instant now)
      throws SQLException {
    Jdbc.update(
        c,
        "INSERT INTO inbound_dedup (kind, scope, id_value, transmission_id, created_at)"
            + " VALUES (?,?,?,?,?)",
        kind,
        truncate(scope, 300),
        truncate(value, 255),
        id,
        now);
  }

  private static String findDedup(Connection c, String kind, String scope, String value)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT transmission_id FROM inbound_dedup WHERE kind = ? AND scope = ?"
                + " AND id_value = ?")) {
      Jdbc.bind(ps, kind, truncate(scope, 300), truncate(value, 255));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static String scopeOf(String s) {
    return s == null ? "" : s.toLowerCase(java.util.Locale.ROOT);
  }

  private static String nz(String s) {
    return s == null ? "?" : s;
  }

  static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
