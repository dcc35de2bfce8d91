package se.peppolgw.ap.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.validation.ValidationFinding;

/**
 * The inbound validation results and the MLS answers (V63). Both tables are keyed by the inbound
 * transmission, so "validated once" and "answered once" hold across nodes and restarts: the
 * second insert of the same id fails and is reported as {@code false}.
 */
public final class InboundValidationStore {
  /** Inbound states in which a document was accepted (received, maybe handed over or acked). */
  private static final String ACCEPTED_STATES =
      Jdbc.in(TransmissionState.RECEIVED, TransmissionState.HANDED_OVER, TransmissionState.ACKNOWLEDGED);

  private final Database db;
  private final Clock clock;

  public InboundValidationStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  // ------------------------------------------------------------------ validation

  /**
   * Accepted inbound transmissions without a validation result, oldest first: only those whose
   * AS4 receipt is stored (it is stored just before it goes on the wire), so validation never
   * starts before the receipt; and, should storing the receipt have failed, those older than
   * {@link #RECEIPT_GRACE}, so that no document stays unvalidated. Read from the follow-up queue
   * ({@link InboundFollowUp}), so its cost follows the work waiting, not the size of the log.
   */
  public List<Transmission> awaitingValidation(int limit) {
    return transmissions(
        "SELECT " + TransmissionRows.T_COLUMNS + InboundFollowUp.waitingAt(FollowUpStep.VALIDATE)
            + " AND t.direction = " + Jdbc.lit(Direction.IN) + " AND t.state IN " + ACCEPTED_STATES
            + " AND NOT EXISTS (SELECT 1 FROM inbound_validation v WHERE v.transmission_id = t.id)"
            + " AND (EXISTS (SELECT 1 FROM payload p WHERE p.transmission_id = t.id"
            + " AND p.kind = " + Jdbc.lit(PayloadKind.RECEIPT) + ") OR t.created_at < ?)"
            + " ORDER BY w.seq FETCH FIRST " + limit + " ROWS ONLY",
        clock.instant().minus(RECEIPT_GRACE));
  }

  /** How long a received message may lack its stored receipt before it is validated anyway. */
  static final java.time.Duration RECEIPT_GRACE = java.time.Duration.ofMinutes(1);

  /**
   * Stores a result and its timeline events in one transaction.
   *
   * @return false when the transmission has a result already (another node was first)
   */
  public boolean recordValidation(InboundValidation v, List<TimelineEvent> events) {
    Instant now = clock.instant();
    return insertOnce(
        c -> {
          Jdbc.update(
              c,
              "INSERT INTO inbound_validation (transmission_id, outcome, rule_set, reason,"
                  + " error_count, warning_count, findings, duration_ms, validated_at)"
                  + " VALUES (?,?,?,?,?,?,?,?,?)",
              v.transmissionId(),
              v.outcome().name(),
              v.ruleSet(),
              truncate(v.reason()),
              v.errorCount(),
              v.warningCount(),
              Json.toJson(v.findings().stream().map(InboundValidationStore::asMap).toList()),
              v.durationMs(),
              v.validatedAt() == null ? now : v.validatedAt());
          for (TimelineEvent e : events) {
            TransmissionWrites.insertEvent(c, v.transmissionId(), now, e);
          }
          InboundFollowUp.validated(c, v.transmissionId());
        });
  }

  public Optional<InboundValidation> validation(String transmissionId) {
    return Jdbc.inTransaction(
        db,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT * FROM inbound_validation WHERE transmission_id = ?")) {
            Jdbc.bind(ps, transmissionId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(validation(rs)) : Optional.<InboundValidation>empty();
            }
          }
        });
  }

  /**
   * Inbound transmissions ready for the inbox folder / webhook: validated (so that the metadata
   * carries the result) and, when {@code holdFailed}, not failed.
   */
  public List<Transmission> awaitingHandover(int limit, boolean holdFailed) {
    return transmissions(
        "SELECT " + TransmissionRows.COLUMNS + " FROM transmission t WHERE t.direction = " + Jdbc.lit(Direction.IN)
            + " AND t.state = " + Jdbc.lit(TransmissionState.RECEIVED) + " AND EXISTS (SELECT 1 FROM inbound_validation v"
            + " WHERE v.transmission_id = t.id"
            + (holdFailed ? " AND v.outcome <> " + Jdbc.lit(ValidationOutcome.FAILED) : "")
            + ") ORDER BY t.seq FETCH FIRST " + limit + " ROWS ONLY");
  }

  // ------------------------------------------------------------------ MLS answers

  /** Validated inbound transmissions without an MLS decision, oldest first (from the queue). */
  public List<Transmission> awaitingMlsAnswer(int limit) {
    return transmissions(
        "SELECT " + TransmissionRows.T_COLUMNS + InboundFollowUp.waitingAt(FollowUpStep.ANSWER)
            + " AND t.direction = " + Jdbc.lit(Direction.IN) + " AND t.state IN " + ACCEPTED_STATES
            + " AND EXISTS (SELECT 1 FROM inbound_validation v WHERE v.transmission_id = t.id)"
            + " AND NOT EXISTS (SELECT 1 FROM mls_decision a WHERE a.inbound_id = t.id)"
            + " ORDER BY w.seq FETCH FIRST " + limit + " ROWS ONLY");
  }

  /**
   * Records the decision and its timeline event on the inbound transmission, in one transaction.
   *
   * @return false when a decision exists already
   */
  public boolean recordMlsAnswer(MlsDecision a, TimelineEvent event) {
    Instant now = clock.instant();
    return insertOnce(
        c -> {
          Jdbc.update(
              c,
              "INSERT INTO mls_decision (inbound_id, decision, response_code, mls_to, addressed_by,"
                  + " outbound_id, reason, created_at) VALUES (?,?,?,?,?,?,?,?)",
              a.inboundId(),
              a.decision().name(),
              a.responseCode(),
              a.mlsTo(),
              a.addressedBy() == null ? null : a.addressedBy().name(),
              a.outboundId(),
              truncate(a.reason()),
              now);
          TransmissionWrites.insertEvent(c, a.inboundId(), now, event);
          InboundFollowUp.finished(c, a.inboundId());
        });
  }

  public Optional<MlsDecision> mlsAnswer(String inboundId) {
    return answer("SELECT * FROM mls_decision WHERE inbound_id = ?", inboundId);
  }

  /** The answer an outbound transmission carries, when it is an MLS sent by this gateway. */
  public Optional<MlsDecision> mlsAnswerSentAs(String outboundId) {
    return answer("SELECT * FROM mls_decision WHERE outbound_id = ?", outboundId);
  }

  // ------------------------------------------------------------------ helpers

  @FunctionalInterface
  private interface Insert {
    void run(Connection c) throws SQLException;
  }

  private boolean insertOnce(Insert insert) {
    try {
      return Jdbc.inTransaction(
          db,
          c -> {
            insert.run(c);
            return true;
          });
    } catch (StoreException e) {
      if (e.getCause() instanceof SQLException s && Jdbc.isUniqueViolation(s)) {
        return false;
      }
      throw e;
    }
  }

  private Optional<MlsDecision> answer(String sql, String id) {
    return Jdbc.inTransaction(
        db,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, id);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.<MlsDecision>empty();
              }
              String by = rs.getString("addressed_by");
              return Optional.of(
                  new MlsDecision(
                      rs.getString("inbound_id"),
                      MlsDecision.Decision.valueOf(rs.getString("decision")),
                      rs.getString("response_code"),
                      rs.getString("mls_to"),
                      by == null ? null : MlsDecision.Addressing.valueOf(by),
                      rs.getString("outbound_id"),
                      rs.getString("reason"),
                      Jdbc.instant(rs, "created_at")));
            }
          }
        });
  }

  private List<Transmission> transmissions(String sql, Object... params) {
    return Jdbc.inTransaction(db, c -> TransmissionWrites.list(c, sql, params));
  }

  private static InboundValidation validation(ResultSet rs) throws SQLException {
    String json = rs.getString("findings");
    List<ValidationFinding> findings;
    try {
      findings =
          json == null
              ? List.of()
              : Json.MAPPER.readValue(json, new TypeReference<List<Map<String, String>>>() {}).stream()
                  .map(m -> new ValidationFinding(
                      m.get("ruleId"), m.get("severity"), m.get("location"), m.get("message")))
                  .toList();
    } catch (JsonProcessingException e) {
      throw new StoreException("unreadable findings of " + rs.getString("transmission_id"), e);
    }
    return new InboundValidation(
        rs.getString("transmission_id"),
        ValidationOutcome.valueOf(rs.getString("outcome")),
        rs.getString("rule_set"),
        rs.getString("reason"),
        rs.getInt("error_count"),
        rs.getInt("warning_count"),
        findings,
        Jdbc.longOrNull(rs, "duration_ms"),
        Jdbc.instant(rs, "validated_at"));
  }

  private static Map<String, String> asMap(ValidationFinding f) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ruleId", f.ruleId());
    m.put("severity", f.severity());
    m.put("location", f.location());
    m.put("message", f.message());
    return m;
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 4000 ? s : s.substring(0, 3999) + "…";
  }
}
