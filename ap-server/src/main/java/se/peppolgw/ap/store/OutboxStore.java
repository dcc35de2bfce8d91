package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import se.peppolgw.ap.ubl.BusinessFacts;

/**
 * The outbound queue on JDBC, next to the transmission log: accepting a document (transmission,
 * payloads, timeline and queue row in one transaction), claiming due work with a lease so that
 * several nodes sharing one database never send the same document at the same time, and recording
 * the outcome of each attempt.
 *
 * <p>Claims are fenced: a claim carries the attempt number it was given, and an outcome is only
 * recorded while the row still carries that lease owner and attempt number. A node whose lease
 * expired (and whose row another node took over) learns that from {@link #recordAttempt} returning
 * false; it must not touch the transmission any further.
 *
 * <p>This class is the one entry point callers use; the SQL of accepting a document lives in
 * {@link OutboxEnqueue}, of the leases in {@link OutboxLeases}, of the operator actions in {@link
 * OutboxOperatorActions}, and of the "not twice" guards in {@link RepeatGuardStore}. Here remain
 * recording outcomes and the queue's reads.
 */
public final class OutboxStore {
  private final Database db;
  private final Clock clock;

  private final RepeatGuardStore repeats;
  private final OutboxLeases leases;
  private final OutboxOperatorActions operator;
  private final ReportingCapture reporting;
  private final boolean statusNotices;

  public OutboxStore(Database db, Clock clock) {
    this(db, clock, ReportingCapture.withoutCountries());
  }

  /** @param reporting records the Peppol Reporting facts of delivered sends (same transaction) */
  public OutboxStore(Database db, Clock clock, ReportingCapture reporting) {
    this(db, clock, reporting, false);
  }

  /**
   * @param statusNotices record a callback for the outbound status webhook with every final state
   *     (same transaction, see {@link StatusNoticeStore}); on when the webhook is configured
   */
  public OutboxStore(Database db, Clock clock, ReportingCapture reporting, boolean statusNotices) {
    this.db = db;
    this.clock = clock;
    this.repeats = new RepeatGuardStore(db);
    this.leases = new OutboxLeases(db, clock);
    this.operator = new OutboxOperatorActions(db, clock, statusNotices);
    this.reporting = reporting;
    this.statusNotices = statusNotices;
  }

  /** A document accepted for sending; identifier values without scheme prefixes. */
  public record NewOutbound(
      String senderId,
      String receiverId,
      String documentTypeId,
      String processId,
      String c1Country,
      String sbdhInstanceId,
      BusinessFacts facts,
      byte[] sbd,
      byte[] document,
      List<TimelineEvent> extraEvents) {
    public NewOutbound {
      Objects.requireNonNull(sbd, "sbd");
      Objects.requireNonNull(document, "document");
      facts = BusinessFacts.orNone(facts);
      extraEvents = extraEvents == null ? List.of() : List.copyOf(extraEvents);
    }
  }

  /** The right to perform attempt number {@code attempt} of a transmission until {@code leaseUntil}. */
  public record Claim(String transmissionId, String owner, int attempt, Instant leaseUntil) {}

  /** The queue row of a transmission still waiting to be sent (or being sent). */
  public record Entry(
      String transmissionId,
      Instant nextAttemptAt,
      int attempts,
      String leaseOwner,
      Instant leaseUntil,
      String lastError) {}

  /** Bytes to keep with an attempt (a receipt or error signal, verbatim). */
  public record StoredPayload(PayloadKind kind, String contentType, byte[] bytes) {}

  /**
   * What one attempt ended with.
   *
   * @param state DELIVERED or FAILED (final: the queue row is removed) or RETRY_WAIT
   * @param nextAttemptAt when to try again (RETRY_WAIT only)
   */
  public record AttemptOutcome(
      TransmissionState state,
      Instant nextAttemptAt,
      String as4MessageId,
      String as4ConversationId,
      String remoteAp,
      String errorCode,
      String errorDetail,
      List<TimelineEvent> events,
      List<StoredPayload> payloads) {
    public AttemptOutcome {
      Objects.requireNonNull(state, "state");
      if (state != TransmissionState.DELIVERED
          && state != TransmissionState.FAILED
          && state != TransmissionState.RETRY_WAIT) {
        throw new IllegalArgumentException("an attempt ends DELIVERED, FAILED or RETRY_WAIT, not " + state);
      }
      if (state == TransmissionState.RETRY_WAIT) {
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
      }
      events = events == null ? List.of() : List.copyOf(events);
      payloads = payloads == null ? List.of() : List.copyOf(payloads);
    }

    public boolean isFinal() {
      return state != TransmissionState.RETRY_WAIT;
    }
  }

  // ----------------------------------------------------------------- accept

  /**
   * Stores an outbound document and queues it for immediate sending. Returns the transmission id
   * only after the commit: the caller may acknowledge the document once this returns.
   */
  public String enqueue(NewOutbound o) {
    return enqueue(UUID.randomUUID().toString(), o, RepeatGuardStore.Guards.NONE);
  }

  // ------------------------------------------------------------ not twice (see RepeatGuardStore)

  /** @see RepeatGuardStore#purgeRepeatsBefore */
  public int purgeRepeatsBefore(Instant keysBefore, Instant identitiesBefore) {
    return repeats.purgeRepeatsBefore(keysBefore, identitiesBefore);
  }

  /** @see RepeatGuardStore#remembered */
  public Optional<RepeatGuardStore.Remembered> remembered(String submitter, String key, Instant notBefore) {
    return repeats.remembered(submitter, key, notBefore);
  }

  /**
   * Like {@link #enqueue(NewOutbound)}, with the transmission id chosen by the caller and the
   * guards checked in the same transaction.
   *
   * @throws RepeatGuardStore.KeyTaken when the Idempotency-Key is in use (read {@link
   *     RepeatGuardStore#remembered} for its answer)
   * @throws RepeatGuardStore.DuplicateIdentity when the business identity was accepted within the window and
   *     duplicates are not allowed
   */
  public String enqueue(String id, NewOutbound o, RepeatGuardStore.Guards g) {
    return OutboxEnqueue.enqueue(db, clock.instant(), id, o, g);
  }

  // ------------------------------------------------------------------ claim

  /**
   * Claims up to {@code limit} due entries whose lease is free or expired, for {@code lease}. Each
   * returned claim belongs to this owner alone until it expires (see {@link OutboxLeases}).
   */
  public List<Claim> claim(String owner, Duration lease, int limit) {
    return leases.claim(owner, lease, limit);
  }

  // ---------------------------------------------------------------- outcome

  /**
   * Records the outcome of a claimed attempt in one transaction: payloads, timeline, transmission
   * state, and the queue row (removed when final, rescheduled otherwise).
   *
   * @return false when the claim is no longer held (lease expired and taken over); nothing is
   *     written then
   */
  public boolean recordAttempt(Claim claim, AttemptOutcome o) {
    Instant now = clock.instant();
    return db.inSharedTransaction(
        c -> {
          if (!OutboxLeases.holds(c, claim)) {
            return false;
          }
          for (StoredPayload p : o.payloads()) {
            TransmissionWrites.insertPayload(c, claim.transmissionId(), p.kind(), p.contentType(), p.bytes(), now);
          }
          for (TimelineEvent e : o.events()) {
            TransmissionWrites.insertEvent(c, claim.transmissionId(), now, e);
          }
          Jdbc.update(
              c,
              "UPDATE transmission SET state = ?, as4_message_id = COALESCE(?, as4_message_id),"
                  + " as4_conversation_id = COALESCE(?, as4_conversation_id),"
                  + " remote_ap = COALESCE(?, remote_ap), error_code = ?, error_detail = ?,"
                  + " updated_at = ? WHERE id = ?",
              o.state(),
              TransmissionWrites.truncate(o.as4MessageId(), 255),
              TransmissionWrites.truncate(o.as4ConversationId(), 255),
              TransmissionWrites.truncate(o.remoteAp(), 300),
              TransmissionWrites.truncate(o.errorCode(), 100),
              TransmissionWrites.truncate(o.errorDetail(), 4000),
              now,
              claim.transmissionId());
          if (o.state() == TransmissionState.DELIVERED) {
            // delivered with a receipt: counted for Peppol Reporting, in this same transaction
            reporting.recordDelivered(c, claim.transmissionId(), o.remoteAp(), now);
          }
          if (o.isFinal()) {
            Jdbc.update(c, "DELETE FROM outbox WHERE transmission_id = ?", claim.transmissionId());
            if (statusNotices) {
              StatusNoticeStore.record(c, claim.transmissionId(), StatusNoticeKind.FINAL_STATE,
                  o.state().name(), o.errorCode(), o.errorDetail(), now);
            }
          } else {
            Jdbc.update(
                c,
                "UPDATE outbox SET next_attempt_at = ?, lease_owner = NULL, lease_until = NULL,"
                    + " last_error = ? WHERE transmission_id = ?",
                o.nextAttemptAt(),
                TransmissionWrites.truncate(o.errorDetail(), 4000),
                claim.transmissionId());
          }
          return true;
        });
  }

  /** Appends an event while the claim is held (progress during an attempt, e.g. the lookup). */
  public boolean appendEvent(Claim claim, TimelineEvent e) {
    Instant now = clock.instant();
    return db.inSharedTransaction(
        c -> {
          if (!OutboxLeases.holds(c, claim)) {
            return false;
          }
          TransmissionWrites.insertEvent(c, claim.transmissionId(), now, e);
          return true;
        });
  }

  /** Extends the leases of claims still running; see {@link OutboxLeases#renew}. */
  public int renew(String owner, java.util.Collection<Claim> claims, Duration lease) {
    return leases.renew(owner, claims, lease);
  }

  /** Gives up this owner's leases without an outcome; see {@link OutboxLeases#releaseLeases}. */
  public int releaseLeases(String owner) {
    return leases.releaseLeases(owner);
  }

  /** Gives up one claim without an outcome; see {@link OutboxLeases#release}. */
  public boolean release(Claim claim) {
    return leases.release(claim);
  }

  // ---------------------------------------------------------------- operator

  /** Operator action "retry now"; see {@link OutboxOperatorActions#retryNow}. */
  public boolean retryNow(String transmissionId, String who) {
    return operator.retryNow(transmissionId, who);
  }

  /** Operator action "cancel"; see {@link OutboxOperatorActions#cancel}. */
  public boolean cancel(String transmissionId, String who) {
    return operator.cancel(transmissionId, who);
  }

  // ------------------------------------------------------------------ reads

  public Optional<Entry> entry(String transmissionId) {
    return inTransaction(c -> entry(c, transmissionId));
  }

  /** Entries not yet final, how many. */
  public long size() {
    return inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /** The earliest time an entry becomes due, if any (lets a worker sleep until then). */
  public Optional<Instant> nextDue() {
    return inTransaction(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT MIN(CASE WHEN lease_until IS NOT NULL AND lease_until > next_attempt_at"
                          + " THEN lease_until ELSE next_attempt_at END) AS due FROM outbox");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Optional.ofNullable(Jdbc.instant(rs, "due"));
          }
        });
  }

  static Optional<Entry> entry(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT transmission_id, next_attempt_at, attempts, lease_owner, lease_until,"
                + " last_error FROM outbox WHERE transmission_id = ?")) {
      Jdbc.bind(ps, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Entry(
                rs.getString(1),
                Jdbc.instant(rs, "next_attempt_at"),
                rs.getInt(3),
                rs.getString(4),
                Jdbc.instant(rs, "lease_until"),
                rs.getString(6)));
      }
    }
  }

  // ---------------------------------------------------------------- internals

  private <T> T inTransaction(Jdbc.TxWork<T> work) {
    return Jdbc.inTransaction(db, work);
  }

}
