package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.Optional;

/**
 * The tables that keep a document from being accepted twice: {@code outbound_idempotency} (an
 * Idempotency-Key and the answer to repeat to a retry) and {@code outbound_identity} (the business
 * identity of each accepted document). The checks run inside the accepting transaction of {@link
 * OutboxStore#enqueue(String, OutboxStore.NewOutbound, Guards)}, so that they hold across every node
 * sharing the database; this class also reads a remembered key and purges rows past their window.
 */
public final class RepeatGuardStore {
  private final Database db;

  public RepeatGuardStore(Database db) {
    this.db = db;
  }

  /**
   * Checks made in the accepting transaction, so that they hold across every node sharing the
   * database. Either part may be null.
   */
  public record Guards(IdempotencyClaim idempotency, IdentityClaim identity) {
    public static final Guards NONE = new Guards(null, null);
  }

  /**
   * Takes an Idempotency-Key for this document.
   *
   * @param notBefore a row for the key older than this has expired and is replaced
   * @param response the answer to repeat to a retry of the same request
   */
  public record IdempotencyClaim(
      String submitter, String key, String requestSha256, String response, Instant notBefore) {}

  /**
   * The business identity of the document.
   *
   * @param notBefore a transmission with this identity accepted before this instant does not count
   * @param allowDuplicate accept it anyway (the timeline notes the earlier transmission)
   */
  public record IdentityClaim(String sha256, Instant notBefore, boolean allowDuplicate) {}

  /** What an Idempotency-Key was first used for. */
  public record Remembered(String requestSha256, String transmissionId, String response, Instant createdAt) {}

  /** The earlier transmission with the same business identity. */
  public record Earlier(String transmissionId, String state, Instant acceptedAt) {}

  /** Another request took the Idempotency-Key first (perhaps on another node); nothing was stored. */
  public static final class KeyTaken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KeyTaken() {
      super("idempotency key already taken", null, false, false);
    }
  }

  /** The business identity was accepted before, within the window; nothing was stored. */
  public static final class DuplicateIdentity extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Earlier earlier;

    DuplicateIdentity(Earlier earlier) {
      super("duplicate of " + earlier.transmissionId(), null, false, false);
      this.earlier = earlier;
    }

    public Earlier earlier() {
      return earlier;
    }
  }

  /**
   * Forgets Idempotency-Keys used before {@code keysBefore} and business identities first accepted
   * before {@code identitiesBefore}: they no longer decide anything (see the notBefore of the
   * claims), so the tables stay as small as the windows.
   *
   * @return how many rows were removed
   */
  public int purgeRepeatsBefore(Instant keysBefore, Instant identitiesBefore) {
    return Jdbc.inTransaction(db,
        c ->
            Jdbc.update(c, "DELETE FROM outbound_idempotency WHERE created_at < ?", keysBefore)
                + Jdbc.update(c, "DELETE FROM outbound_identity WHERE created_at < ?", identitiesBefore));
  }

  /** The use of an Idempotency-Key still in force (not older than {@code notBefore}), if any. */
  public Optional<Remembered> remembered(String submitter, String key, Instant notBefore) {
    return Jdbc.inTransaction(db,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT request_sha256, transmission_id, response, created_at FROM"
                      + " outbound_idempotency WHERE submitter = ? AND idem_key = ? AND created_at >= ?")) {
            Jdbc.bind(ps, submitter, key, notBefore);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new Remembered(
                      rs.getString(1), rs.getString(2), rs.getString(3), Jdbc.instant(rs, "created_at")));
            }
          }
        });
  }

  static void takeKey(Connection c, String id, IdempotencyClaim k, Instant now)
      throws SQLException {
    Jdbc.update(
        c,
        "DELETE FROM outbound_idempotency WHERE submitter = ? AND idem_key = ? AND created_at < ?",
        k.submitter(),
        k.key(),
        k.notBefore());
    try {
      Jdbc.update(
          c,
          "INSERT INTO outbound_idempotency (submitter, idem_key, request_sha256, transmission_id,"
              + " response, created_at) VALUES (?,?,?,?,?,?)",
          k.submitter(),
          k.key(),
          k.requestSha256(),
          id,
          k.response(),
          now);
    } catch (SQLException e) {
      // H2 may report the racing insert of the same key as a concurrent update instead
      if (Jdbc.isUniqueViolation(e) || OutboxLeases.isConcurrentUpdate(e)) {
        throw new KeyTaken();
      }
      throw e;
    }
  }

  /** @return the timeline note for an allowed duplicate */
  static Optional<TimelineEvent> checkIdentity(
      Connection c, String id, IdentityClaim claim, Instant now) throws SQLException {
    Optional<Earlier> earlier = earlierLocked(c, claim.sha256());
    if (earlier.isEmpty()) {
      Savepoint sp = c.setSavepoint();
      try {
        Jdbc.update(
            c,
            "INSERT INTO outbound_identity (identity_sha256, transmission_id, created_at) VALUES (?,?,?)",
            claim.sha256(),
            id,
            now);
        return Optional.empty();
      } catch (SQLException e) {
        if (!Jdbc.isUniqueViolation(e) && !OutboxLeases.isConcurrentUpdate(e)) {
          throw e;
        }
        // another node (or request) accepted the same document a moment ago
        c.rollback(sp);
        earlier = earlierLocked(c, claim.sha256());
        if (earlier.isEmpty()) {
          throw e;
        }
      }
    } else if (earlier.get().acceptedAt().isBefore(claim.notBefore())) {
      // outside the window: this document becomes the one later copies are compared with
      Jdbc.update(
          c,
          "UPDATE outbound_identity SET transmission_id = ?, created_at = ? WHERE identity_sha256 = ?",
          id,
          now,
          claim.sha256());
      return Optional.empty();
    }
    Earlier e = earlier.get();
    if (!claim.allowDuplicate()) {
      throw new DuplicateIdentity(e);
    }
    return Optional.of(
        TimelineEvent.of(
                EventType.NOTE,
                "Sent although transmission " + e.transmissionId() + " (" + e.state() + ", accepted "
                    + e.acceptedAt() + ") carries the same business identity: the request said"
                    + " duplicate=allow")
            .withCode("DUPLICATE_ALLOWED"));
  }

  private static Optional<Earlier> earlierLocked(Connection c, String sha256) throws SQLException {
    String earlierId;
    Instant at;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT transmission_id, created_at FROM outbound_identity WHERE identity_sha256 = ? FOR UPDATE")) {
      Jdbc.bind(ps, sha256);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        earlierId = rs.getString(1);
        at = Jdbc.instant(rs, "created_at");
      }
    }
    String state = "UNKNOWN";
    try (PreparedStatement ps = c.prepareStatement("SELECT state FROM transmission WHERE id = ?")) {
      Jdbc.bind(ps, earlierId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          state = rs.getString(1);
        }
      }
    }
    return Optional.of(new Earlier(earlierId, state, at));
  }
}
