package se.peppolgw.ap.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Peppol Reporting tables (V60): the counted transmissions ({@code reporting_item}), the
 * monthly reports ({@code reporting_report}) and the monthly job's claim ({@code reporting_run}).
 */
public final class ReportingStore {
  private final Database db;
  private final Clock clock;

  public ReportingStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** One counted transmission, as recorded. A null country is unknown (reported as ZZ). */
  public record Item(
      String transmissionId,
      String direction,
      Instant exchangedAt,
      String counterpartSp,
      String docTypeScheme,
      String docTypeValue,
      String processScheme,
      String processValue,
      String transportProtocol,
      String c1Country,
      String c4Country,
      String endUserId) {

    public boolean isSending() {
      return "SENDING".equals(direction);
    }
  }

  /** The state of a month's report. */
  public enum ReportState {
    BUILT,
    VALIDATED,
    SENT,
    DELIVERED,
    FAILED
  }

  /** A kept report of one month and kind (TSR or EUSR). */
  public record Report(
      String period,
      String kind,
      ReportState state,
      int itemCount,
      String document,
      String problems,
      String transmissionId,
      Instant builtAt,
      Instant updatedAt) {}

  /** The items exchanged in [from, to), in the order they were exchanged. */
  public List<Item> items(Instant from, Instant to) {
    return Jdbc.inTransaction(
        db,
        c -> {
          List<Item> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT transmission_id, direction, exchanged_at, counterpart_sp, doctype_scheme,"
                      + " doctype_value, process_scheme, process_value, transport_protocol,"
                      + " c1_country, c4_country, end_user_id FROM reporting_item"
                      + " WHERE exchanged_at >= ? AND exchanged_at < ? ORDER BY exchanged_at, seq")) {
            Jdbc.bind(ps, from, to);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Item(
                        rs.getString("transmission_id"),
                        rs.getString("direction"),
                        Jdbc.instant(rs, "exchanged_at"),
                        rs.getString("counterpart_sp"),
                        rs.getString("doctype_scheme"),
                        rs.getString("doctype_value"),
                        rs.getString("process_scheme"),
                        rs.getString("process_value"),
                        rs.getString("transport_protocol"),
                        rs.getString("c1_country"),
                        rs.getString("c4_country"),
                        rs.getString("end_user_id")));
              }
            }
          }
          return out;
        });
  }

  /** How many counted transmissions of one direction, other access point and document type. */
  public record Breakdown(String direction, String counterpartSp, String docTypeValue, long count) {}

  /**
   * The counted transmissions exchanged in [from, to) by direction, other access point and
   * document type (what the operator drills down from), largest groups first.
   */
  public List<Breakdown> breakdown(Instant from, Instant to) {
    return Jdbc.inTransaction(
        db,
        c -> {
          List<Breakdown> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT direction, counterpart_sp, doctype_value, COUNT(*) AS n FROM reporting_item"
                      + " WHERE exchanged_at >= ? AND exchanged_at < ?"
                      + " GROUP BY direction, counterpart_sp, doctype_value"
                      + " ORDER BY n DESC, direction, counterpart_sp, doctype_value")) {
            Jdbc.bind(ps, from, to);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(new Breakdown(rs.getString("direction"), rs.getString("counterpart_sp"),
                    rs.getString("doctype_value"), rs.getLong("n")));
              }
            }
          }
          return out;
        });
  }

  /** Keeps (or replaces, on a re-build) the report of a month and kind. */
  public void saveReport(
      String period, String kind, ReportState state, int itemCount, String document, String problems) {
    Instant now = clock.instant();
    Jdbc.inTransaction(
        db,
        c -> {
          int n =
              Jdbc.update(
                  c,
                  "UPDATE reporting_report SET state = ?, item_count = ?, document = ?, problems = ?,"
                      + " transmission_id = NULL, built_at = ?, updated_at = ?"
                      + " WHERE period = ? AND kind = ?",
                  state.name(), itemCount, document, TransmissionWrites.truncate(problems, 4000),
                  now, now, period, kind);
          if (n == 0) {
            Jdbc.update(
                c,
                "INSERT INTO reporting_report (period, kind, state, item_count, document, problems,"
                    + " built_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                period, kind, state.name(), itemCount, document,
                TransmissionWrites.truncate(problems, 4000), now, now);
          }
          return null;
        });
  }

  /** Marks a report submitted as the given outbound transmission. */
  public void markSent(String period, String kind, String transmissionId) {
    Instant now = clock.instant();
    Jdbc.inTransaction(
        db,
        c ->
            Jdbc.update(
                c,
                "UPDATE reporting_report SET state = 'SENT', transmission_id = ?, updated_at = ?"
                    + " WHERE period = ? AND kind = ?",
                transmissionId, now, period, kind));
  }

  /** Marks a report failed (it stays visible with the reason). */
  public void markFailed(String period, String kind, String problems) {
    Instant now = clock.instant();
    Jdbc.inTransaction(
        db,
        c ->
            Jdbc.update(
                c,
                "UPDATE reporting_report SET state = 'FAILED', problems = ?, updated_at = ?"
                    + " WHERE period = ? AND kind = ?",
                TransmissionWrites.truncate(problems, 4000), now, period, kind));
  }

  /**
   * Brings SENT reports up to date with their transmission: DELIVERED once it is delivered, FAILED
   * when the outbox gave up or it was cancelled. Returns how many changed.
   */
  public int refreshSentStates() {
    Instant now = clock.instant();
    return Jdbc.inTransaction(
        db,
        c -> {
          int n =
              Jdbc.update(
                  c,
                  "UPDATE reporting_report SET state = 'DELIVERED', updated_at = ? WHERE state = 'SENT'"
                      + " AND transmission_id IN (SELECT id FROM transmission WHERE state = "
                      + Jdbc.lit(TransmissionState.DELIVERED) + ")",
                  now);
          n +=
              Jdbc.update(
                  c,
                  "UPDATE reporting_report SET state = 'FAILED', updated_at = ?,"
                      + " problems = 'the outbound transmission ended FAILED or CANCELLED'"
                      + " WHERE state = 'SENT' AND transmission_id IN (SELECT id FROM transmission"
                      + " WHERE state IN " + Jdbc.in(TransmissionState.FAILED, TransmissionState.CANCELLED) + ")",
                  now);
          return n;
        });
  }

  public Optional<Report> report(String period, String kind) {
    List<Report> r = reports("WHERE period = ? AND kind = ?", period, kind);
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
  }

  /** Every kept report, newest month first. */
  public List<Report> reports() {
    return reports("");
  }

  private List<Report> reports(String where, Object... args) {
    return Jdbc.inTransaction(
        db,
        c -> {
          List<Report> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT period, kind, state, item_count, document, problems, transmission_id,"
                      + " built_at, updated_at FROM reporting_report " + where
                      + " ORDER BY period DESC, kind DESC")) {
            Jdbc.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Report(
                        rs.getString("period"),
                        rs.getString("kind"),
                        ReportState.valueOf(rs.getString("state")),
                        rs.getInt("item_count"),
                        rs.getString("document"),
                        rs.getString("problems"),
                        rs.getString("transmission_id"),
                        Jdbc.instant(rs, "built_at"),
                        Jdbc.instant(rs, "updated_at")));
              }
            }
          }
          return out;
        });
  }

  /**
   * Claims the monthly run of a period for this node: true for exactly one caller across every
   * node sharing the database and every restart (the primary key decides; no lock is held).
   */
  public boolean claimRun(String period, String node) {
    Instant now = clock.instant();
    try {
      return Jdbc.inTransaction(
          db,
          c ->
              Jdbc.update(
                      c,
                      "INSERT INTO reporting_run (period, claimed_by, claimed_at) VALUES (?,?,?)",
                      period, TransmissionWrites.truncate(node, 100), now)
                  == 1);
    } catch (StoreException e) {
      if (e.getCause() instanceof SQLException se && Jdbc.isUniqueViolation(se)) {
        return false;
      }
      throw e;
    }
  }

  /** Notes how the claimed run of a period ended. */
  public void finishRun(String period, String outcome) {
    Instant now = clock.instant();
    Jdbc.inTransaction(
        db,
        c ->
            Jdbc.update(
                c,
                "UPDATE reporting_run SET finished_at = ?, outcome = ? WHERE period = ?",
                now, TransmissionWrites.truncate(outcome, 400), period));
  }

  /** Whether the monthly run of a period was claimed (by any node). */
  public boolean runClaimed(String period) {
    return Jdbc.inTransaction(
        db,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT 1 FROM reporting_run WHERE period = ?")) {
            Jdbc.bind(ps, period);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        });
  }
}
