package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 */
public final class OutboxStore {
  private final Database db;
  private final Clock clock;

  private final RepeatGuardStore repeats;
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
            TransmissionStore.truncate(o.sbdhInstanceId(), 255),
            TransmissionStore.truncate(o.senderId(), 200),
            TransmissionStore.truncate(o.receiverId(), 200),
            TransmissionStore.truncate(o.documentTypeId(), 500),
            TransmissionStore.truncate(o.processId(), 300),
            TransmissionStore.truncate(o.c1Country(), 8),
            (long) o.sbd().length,
            Digests.sha256Hex(o.sbd()),
            (long) o.document().length,
            Digests.sha256Hex(o.document()),
            now,
            now));
    TransmissionStore.insertPayload(c, id, PayloadKind.SBD, "application/xml", o.sbd(), now);
    TransmissionStore.insertPayload(c, id, PayloadKind.DOCUMENT, "application/xml", o.document(), now);
    TransmissionStore.insertEvent(
        c,
        id,
        now,
        TimelineEvent.of(
            EventType.ACCEPTED,
            "Accepted for sending to " + o.receiverId() + " (" + o.sbd().length
                + " bytes SBD, SBDH InstanceIdentifier " + o.sbdhInstanceId() + ")"));
    for (TimelineEvent e : extraEvents) {
      TransmissionStore.insertEvent(c, id, now, e);
    }
    Jdbc.update(
        c,
        "INSERT INTO outbox (transmission_id, next_attempt_at, attempts, created_at)"
            + " VALUES (?,?,0,?)",
        id,
        now,
        now);
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
    Instant now = clock.instant();
    inTransaction(
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

  // ------------------------------------------------------------------ claim

  /**
   * Claims up to {@code limit} due entries whose lease is free or expired, for {@code lease}. Each
   * returned claim belongs to this owner alone until it expires.
   */
  public List<Claim> claim(String owner, Duration lease, int limit) {
    Instant now = clock.instant();
    Instant until = now.plus(lease);
    if (db.engine() == Database.Engine.POSTGRESQL) {
      // one round trip: rows locked by another claimer are skipped instead of waited for
      return inTransaction(c -> claimRows(c, candidates(c, now, limit, true), owner, now, until));
    }
    // H2 (one node): candidates and claims in one transaction, each claim behind a savepoint, so
    // a row that an operator action is updating at this moment is skipped, not fatal.
    return inTransaction(
        c -> {
          List<Claim> out = new ArrayList<>();
          for (String id : candidates(c, now, limit, false)) {
            Savepoint sp = c.setSavepoint();
            try {
              out.addAll(claimRows(c, List.of(id), owner, now, until));
            } catch (SQLException e) {
              // H2 may refuse a concurrent update of the same row instead of waiting: someone else won
              if (!isConcurrentUpdate(e)) {
                throw e;
              }
              c.rollback(sp);
            }
          }
          return out;
        });
  }

  static boolean isConcurrentUpdate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s
          && (s.getErrorCode() == 90131 || "40001".equals(s.getSQLState())
              || "HYT00".equals(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> candidates(Connection c, Instant now, int limit, boolean skipLocked)
      throws SQLException {
    String sql =
        "SELECT transmission_id FROM outbox WHERE next_attempt_at <= ?"
            + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at"
            + " FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY"
            + (skipLocked ? " FOR UPDATE SKIP LOCKED" : "");
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Jdbc.bind(ps, now, now);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  private static List<Claim> claimRows(
      Connection c, List<String> ids, String owner, Instant now, Instant until) throws SQLException {
    List<Claim> out = new ArrayList<>();
    for (String id : ids) {
      Entry before = entry(c, id).orElse(null);
      if (before == null) {
        continue;
      }
      // the condition is re-checked under the row lock: of two racing claimers only one matches
      int n =
          Jdbc.update(
              c,
              "UPDATE outbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1"
                  + " WHERE transmission_id = ? AND attempts = ? AND next_attempt_at <= ?"
                  + " AND (lease_until IS NULL OR lease_until < ?)",
              owner,
              until,
              id,
              before.attempts(),
              now,
              now);
      if (n != 1) {
        continue;
      }
      int attempt = before.attempts() + 1;
      Jdbc.update(
          c,
          "UPDATE transmission SET state = " + Jdbc.lit(TransmissionState.SENDING) + ", updated_at = ? WHERE id = ?",
          now,
          id);
      if (before.leaseOwner() != null) {
        TransmissionStore.insertEvent(
            c,
            id,
            now,
            TimelineEvent.of(
                    EventType.NOTE,
                    "The lease of " + before.leaseOwner() + " expired at " + before.leaseUntil()
                        + " without an outcome (node stopped or died mid-send); attempt "
                        + attempt + " taken over by " + owner)
                .withCode("LEASE_EXPIRED"));
      }
      out.add(new Claim(id, owner, attempt, until));
    }
    return out;
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
          if (!holds(c, claim)) {
            return false;
          }
          for (StoredPayload p : o.payloads()) {
            TransmissionStore.insertPayload(c, claim.transmissionId(), p.kind(), p.contentType(), p.bytes(), now);
          }
          for (TimelineEvent e : o.events()) {
            TransmissionStore.insertEvent(c, claim.transmissionId(), now, e);
          }
          Jdbc.update(
              c,
              "UPDATE transmission SET state = ?, as4_message_id = COALESCE(?, as4_message_id),"
                  + " as4_conversation_id = COALESCE(?, as4_conversation_id),"
                  + " remote_ap = COALESCE(?, remote_ap), error_code = ?, error_detail = ?,"
                  + " updated_at = ? WHERE id = ?",
              o.state(),
              TransmissionStore.truncate(o.as4MessageId(), 255),
              TransmissionStore.truncate(o.as4ConversationId(), 255),
              TransmissionStore.truncate(o.remoteAp(), 300),
              TransmissionStore.truncate(o.errorCode(), 100),
              TransmissionStore.truncate(o.errorDetail(), 4000),
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
                TransmissionStore.truncate(o.errorDetail(), 4000),
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
          if (!holds(c, claim)) {
            return false;
          }
          TransmissionStore.insertEvent(c, claim.transmissionId(), now, e);
          return true;
        });
  }

  private boolean holds(Connection c, Claim claim) throws SQLException {
    // locks the row: a concurrent claimer waits until this outcome is committed
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT lease_owner, attempts FROM outbox WHERE transmission_id = ? FOR UPDATE")) {
      Jdbc.bind(ps, claim.transmissionId());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            && claim.owner().equals(rs.getString(1))
            && rs.getInt(2) == claim.attempt();
      }
    }
  }

  /**
   * Extends the leases of claims whose attempts are still running, so a slow send (a receiver
   * that takes minutes to answer) is not taken over and sent a second time by another node. Only
   * claims this owner still holds with the same attempt number are extended: one already taken
   * over stays with its new owner.
   *
   * @return how many of the claims were extended
   */
  public int renew(String owner, java.util.Collection<Claim> claims, Duration lease) {
    if (claims.isEmpty()) {
      return 0;
    }
    Instant until = clock.instant().plus(lease);
    return inTransaction(
        c -> {
          int n = 0;
          for (Claim claim : claims) {
            n +=
                Jdbc.update(
                    c,
                    "UPDATE outbox SET lease_until = ? WHERE transmission_id = ? AND lease_owner = ?"
                        + " AND attempts = ?",
                    until,
                    claim.transmissionId(),
                    owner,
                    claim.attempt());
          }
          return n;
        });
  }

  /**
   * Gives up this owner's leases without an outcome (graceful shutdown before sending began):
   * the entries become claimable at once. The attempt number stays counted.
   */
  public int releaseLeases(String owner) {
    return inTransaction(
        c ->
            Jdbc.update(
                c,
                "UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?",
                owner));
  }

  /** Gives up one claim without an outcome (the node is stopping before the attempt started). */
  public boolean release(Claim claim) {
    Instant now = clock.instant();
    return inTransaction(
        c -> {
          if (!holds(c, claim)) {
            return false;
          }
          // the attempt did not happen: give its number back
          Jdbc.update(
              c,
              "UPDATE outbox SET lease_owner = NULL, lease_until = NULL, attempts = attempts - 1"
                  + " WHERE transmission_id = ?",
              claim.transmissionId());
          Jdbc.update(
              c,
              "UPDATE transmission SET state = CASE WHEN ? > 1 THEN " + Jdbc.lit(TransmissionState.RETRY_WAIT)
                  + " ELSE " + Jdbc.lit(TransmissionState.PENDING)
                  + " END, updated_at = ? WHERE id = ?",
              claim.attempt(),
              now,
              claim.transmissionId());
          return true;
        });
  }

  // ---------------------------------------------------------------- operator

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
          TransmissionStore.insertEvent(
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
          TransmissionStore.insertEvent(
              c, transmissionId, now, TimelineEvent.of(EventType.CANCELLED, "Cancelled by " + who));
          if (statusNotices) {
            StatusNoticeStore.record(c, transmissionId, StatusNoticeKind.FINAL_STATE,
                TransmissionState.CANCELLED.name(), "CANCELLED", "Cancelled by " + who, now);
          }
          return true;
        });
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

  private static Optional<Entry> entry(Connection c, String id) throws SQLException {
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
