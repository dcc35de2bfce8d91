package se.peppolgw.ap.store;

import static se.peppolgw.ap.store.TransmissionWrites.insertEvent;
import static se.peppolgw.ap.store.TransmissionWrites.insertPayloadRow;
import static se.peppolgw.ap.store.TransmissionWrites.insertPayloadSlice;
import static se.peppolgw.ap.store.TransmissionWrites.truncate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.UUID;
import se.peppolgw.ap.store.InboundOutcome.DuplicateKind;

/**
 * The SQL of receiving a message, inside the transaction {@link TransmissionStore} opens: the
 * inbound duplicate register ({@code inbound_dedup}) decides first whether the message is new or a
 * repeat, then the transmission row, its SBD and document payloads and its first timeline events
 * are written (or a DUPLICATE row linked to the original). Also the row of a refused message.
 */
final class InboundWrites {
  private InboundWrites() {}

  /**
   * Registers the message's identifiers and writes it, or, when the register already holds one of
   * them, writes a DUPLICATE row instead (see {@link TransmissionStore#storeInbound}).
   */
  static InboundOutcome store(
      Connection c,
      String id,
      Instant now,
      InboundRecord r,
      String validationSummary,
      InboundConsumer consumer,
      ReportingCapture reporting)
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
    if (consumer == null) {
      // validated and answered after the receipt; a consumed message (an MLS for us) is neither
      InboundFollowUp.queue(c, id);
    }
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

  private static InboundOutcome recordDuplicate(Connection c, InboundRecord r, Instant now)
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

  /** A refused message: its row in state REJECTED with the EBMS code, and the reason on its timeline. */
  static void storeRejected(
      Connection c, String id, Instant now, InboundRecord r, String ebmsCode, String detail)
      throws SQLException {
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


  /** The SHA-256 (hex) of an inbound record's SBD and document, null where the bytes are. */
  private record Sha256(String sbd, String document) {
    static Sha256 of(InboundRecord r) {
      return new Sha256(
          r.sbd() == null ? null : Digests.sha256Hex(r.sbd()),
          r.document() == null ? null : Digests.sha256Hex(r.document()));
    }
  }

  /** Forgets duplicate-register entries older than {@code before}; returns how many. */
  static int purgeDedupBefore(Connection c, Instant before) throws SQLException {
    return Jdbc.update(c, "DELETE FROM inbound_dedup WHERE created_at < ?", before);
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
}
