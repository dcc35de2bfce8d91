package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Message Level Status answers to our outbound transmissions (table {@code mls_answer}, V62), and
 * the transmissions still waiting for one.
 */
public final class MlsStore {
  private static final String COLUMNS =
      "seq, mls_transmission_id, answers_transmission_id, referenced_instance_id, mls_id,"
          + " sender_sp, response_code, description, reasons, problem, received_at";

  private final Database db;

  public MlsStore(Database db) {
    this.db = db;
  }

  /**
   * What an arriving MLS says, ready for storing.
   *
   * @param responseCode AP, AB or RE; null when unreadable
   * @param plain the answer in plain words, for the timelines ("Rejected by …: BR-CO-15: …")
   */
  public record NewAnswer(
      String referencedInstanceId,
      String mlsId,
      String senderServiceProvider,
      String responseCode,
      String description,
      String reasonsJson,
      String problem,
      String plain) {}

  /**
   * Records an MLS that arrived as inbound transmission {@code mlsTransmissionId}, inside the
   * transaction that stores it: matched by the referenced SBDH InstanceIdentifier to our outbound
   * transmission (the newest, should a caller have reused an identifier), noted on both timelines.
   *
   * @return the outbound transmission it answers, if any
   */
  public static Optional<String> record(
      Connection c, String mlsTransmissionId, Instant now, NewAnswer a) throws SQLException {
    String answers = a.referencedInstanceId() == null ? null : outboundWithInstanceId(c, a.referencedInstanceId());
    int earlier = answers == null ? 0 : countAnswers(c, answers);
    Jdbc.update(
        c,
        "INSERT INTO mls_answer (mls_transmission_id, answers_transmission_id,"
            + " referenced_instance_id, mls_id, sender_sp, response_code, description, reasons,"
            + " problem, received_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        mlsTransmissionId,
        answers,
        TransmissionWrites.truncate(a.referencedInstanceId(), 255),
        TransmissionWrites.truncate(a.mlsId(), 255),
        TransmissionWrites.truncate(a.senderServiceProvider(), 200),
        a.responseCode(),
        TransmissionWrites.truncate(a.description(), 1000),
        a.reasonsJson(),
        TransmissionWrites.truncate(a.problem(), 1000),
        now);
    String here;
    if (a.responseCode() == null) {
      here = "Not a readable Message Level Status: " + a.problem() + "; kept and listed as unmatched";
    } else if (answers == null) {
      here = "Message Level Status (" + a.responseCode() + ") for SBDH InstanceIdentifier "
          + a.referencedInstanceId() + ", which matches none of our transmissions; kept and listed"
          + " as unmatched";
    } else {
      here = "Message Level Status (" + a.responseCode() + ") answering our transmission " + answers;
    }
    TransmissionWrites.insertEvent(
        c, mlsTransmissionId, now, TimelineEvent.of(EventType.MLS_RECEIVED, here).withCode(a.responseCode()));
    if (answers != null) {
      String from = a.senderServiceProvider() == null ? "" : " from " + a.senderServiceProvider();
      TransmissionWrites.insertEvent(
          c,
          answers,
          now,
          TimelineEvent.of(
                  EventType.MLS_RECEIVED,
                  a.plain() + " (Message Level Status " + a.mlsId() + from + ", inbound transmission "
                      + mlsTransmissionId + (earlier > 0 ? "; replaces the earlier answer" : "") + ")")
              .withCode(a.responseCode()));
    }
    return Optional.ofNullable(answers);
  }

  private static String outboundWithInstanceId(Connection c, String instanceId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id FROM transmission WHERE sbdh_instance_id = ? AND direction = " + Jdbc.lit(Direction.OUT)
                + " ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY")) {
      Jdbc.bind(ps, TransmissionWrites.truncate(instanceId, 255));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static int countAnswers(Connection c, String transmissionId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT COUNT(*) FROM mls_answer WHERE answers_transmission_id = ?")) {
      Jdbc.bind(ps, transmissionId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** The answer that counts for an outbound transmission: the latest MLS received for it. */
  public Optional<MlsAnswer> latest(String transmissionId) {
    return Optional.ofNullable(latest(List.of(transmissionId)).get(transmissionId));
  }

  /** {@link #latest(String)} for several transmissions in one query (a list page). */
  public Map<String, MlsAnswer> latest(Collection<String> transmissionIds) {
    Map<String, MlsAnswer> out = new LinkedHashMap<>();
    if (transmissionIds.isEmpty()) {
      return out;
    }
    String marks = String.join(",", java.util.Collections.nCopies(transmissionIds.size(), "?"));
    for (MlsAnswer a :
        query(
            "SELECT " + COLUMNS + " FROM mls_answer WHERE answers_transmission_id IN (" + marks + ")"
                + " ORDER BY seq",
            transmissionIds.toArray())) {
      out.put(a.answersTransmissionId(), a); // ascending: the latest stays
    }
    return out;
  }

  /** Every MLS received for one transmission, oldest first (duplicates included). */
  public List<MlsAnswer> all(String transmissionId) {
    return query(
        "SELECT " + COLUMNS + " FROM mls_answer WHERE answers_transmission_id = ? ORDER BY seq",
        transmissionId);
  }

  /** MLS that match none of our transmissions, newest first, below {@code beforeSeq} (0: from the top). */
  public List<MlsAnswer> unmatched(long beforeSeq, int limit) {
    return query(
        "SELECT " + COLUMNS + " FROM mls_answer WHERE answers_transmission_id IS NULL"
            + (beforeSeq > 0 ? " AND seq < ?" : "") + " ORDER BY seq DESC FETCH FIRST " + limit
            + " ROWS ONLY",
        beforeSeq > 0 ? new Object[] {beforeSeq} : new Object[0]);
  }

  public long countUnmatched() {
    return count("SELECT COUNT(*) FROM mls_answer WHERE answers_transmission_id IS NULL");
  }

  /** Outbound transmissions whose latest MLS, received since {@code since}, is a rejection. */
  public long countRejectedSince(Instant since) {
    return count(
        "SELECT COUNT(*) FROM mls_answer a WHERE a.received_at >= ? AND a.response_code = 'RE'"
            + " AND a.answers_transmission_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM mls_answer"
            + " b WHERE b.answers_transmission_id = a.answers_transmission_id AND b.seq > a.seq)",
        since);
  }

  /**
   * Outbound transmissions delivered between {@code notBefore} and {@code deliveredBefore} whose
   * SBDH asked for an MLS always (MLS_TYPE ALWAYS_SEND) and that have none: overdue answers,
   * oldest first.
   */
  public List<String> overdue(Instant deliveredBefore, Instant notBefore, int limit) {
    return Jdbc.inTransaction(
        db,
        c -> {
          List<String> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(overdueSql("t.id", limit))) {
            Jdbc.bind(ps, notBefore, deliveredBefore);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getString(1));
              }
            }
          }
          return out;
        });
  }

  public long countOverdue(Instant deliveredBefore, Instant notBefore) {
    return count("SELECT COUNT(*) FROM (" + overdueSql("t.id", 0) + ") o", notBefore, deliveredBefore);
  }

  private static String overdueSql(String select, int limit) {
    // created_at bounds the scan (indexed); the DELIVERED event gives the delivery time
    return "SELECT " + select + " FROM transmission t WHERE t.direction = " + Jdbc.lit(Direction.OUT)
        + " AND t.state = " + Jdbc.lit(TransmissionState.DELIVERED) + " AND t.created_at >= ?"
        + " AND EXISTS (SELECT 1 FROM transmission_event r WHERE r.transmission_id = t.id"
        + " AND r.type = " + Jdbc.lit(EventType.MLS_REQUESTED) + " AND r.code = 'ALWAYS_SEND')"
        + " AND EXISTS (SELECT 1 FROM transmission_event d WHERE d.transmission_id = t.id"
        + " AND d.type = " + Jdbc.lit(EventType.DELIVERED) + " AND d.at < ?)"
        + " AND NOT EXISTS (SELECT 1 FROM mls_answer m WHERE m.answers_transmission_id = t.id)"
        + (limit > 0 ? " ORDER BY t.seq FETCH FIRST " + limit + " ROWS ONLY" : "");
  }

  private long count(String sql, Object... params) {
    return Jdbc.inTransaction(
        db,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private List<MlsAnswer> query(String sql, Object... params) {
    return Jdbc.inTransaction(
        db,
        c -> {
          List<MlsAnswer> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new MlsAnswer(
                        rs.getLong("seq"),
                        rs.getString("mls_transmission_id"),
                        rs.getString("answers_transmission_id"),
                        rs.getString("referenced_instance_id"),
                        rs.getString("mls_id"),
                        rs.getString("sender_sp"),
                        rs.getString("response_code"),
                        rs.getString("description"),
                        rs.getString("reasons"),
                        rs.getString("problem"),
                        Jdbc.instant(rs, "received_at")));
              }
            }
          }
          return out;
        });
  }
}
