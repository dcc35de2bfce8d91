package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import se.peppolgw.ap.store.OutboxStore.NewOutbound;

/**
 * The SQL of accepting an outbound document: the transmission row, its SBD and document payloads,
 * its first timeline events and its queue row, with the "not twice" guards, in one transaction.
 * Callers go through {@link OutboxStore#enqueue}.
 */
final class OutboxEnqueue {
  private OutboxEnqueue() {}

  static String enqueue(Database db, Instant now, String id, NewOutbound o, RepeatGuardStore.Guards g) {
    Jdbc.inTransaction(db,
        c -> {
          // the key first: two racing retries of one request must meet here, not at the identity
          if (g.idempotency() != null) {
            RepeatGuardStore.takeKey(c, id, g.idempotency(), now);
          }
          List<TimelineEvent> events = new ArrayList<>(o.extraEvents());
          if (g.identity() != null) {
            RepeatGuardStore.checkIdentity(c, id, g.identity(), now).ifPresent(events::add);
          }
          insertAccepted(c, id, o, events, now);
          return null;
        });
    return id;
  }

  private static void insertAccepted(
      Connection c, String id, NewOutbound o, List<TimelineEvent> extraEvents, Instant now)
      throws SQLException {
    Jdbc.update(
        c,
        TransmissionRows.insert(
            "id, direction, state, sbdh_instance_id, sender_id, receiver_id, doctype_id,"
                + " process_id, c1_country, sbd_size, sbd_sha256, document_size, document_sha256,"
                + " created_at, updated_at"),
        TransmissionRows.withFacts(
            o.facts(),
            id,
            Direction.OUT,
            TransmissionState.PENDING,
            TransmissionWrites.truncate(o.sbdhInstanceId(), 255),
            TransmissionWrites.truncate(o.senderId(), 200),
            TransmissionWrites.truncate(o.receiverId(), 200),
            TransmissionWrites.truncate(o.documentTypeId(), 500),
            TransmissionWrites.truncate(o.processId(), 300),
            TransmissionWrites.truncate(o.c1Country(), 8),
            (long) o.sbd().length,
            Digests.sha256Hex(o.sbd()),
            (long) o.document().length,
            Digests.sha256Hex(o.document()),
            now,
            now));
    TransmissionWrites.insertPayload(c, id, PayloadKind.SBD, "application/xml", o.sbd(), now);
    TransmissionWrites.insertPayload(c, id, PayloadKind.DOCUMENT, "application/xml", o.document(), now);
    TransmissionWrites.insertEvent(
        c,
        id,
        now,
        TimelineEvent.of(
            EventType.ACCEPTED,
            "Accepted for sending to " + o.receiverId() + " (" + o.sbd().length
                + " bytes SBD, SBDH InstanceIdentifier " + o.sbdhInstanceId() + ")"));
    for (TimelineEvent e : extraEvents) {
      TransmissionWrites.insertEvent(c, id, now, e);
    }
    Jdbc.update(
        c,
        "INSERT INTO outbox (transmission_id, next_attempt_at, attempts, created_at)"
            + " VALUES (?,?,0,?)",
        id,
        now,
        now);
  }
}
