package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deletes expired transmissions with everything that hangs on them (payloads, timeline, links,
 * validation result, MLS decisions and answers). Which transmissions have expired is the retention
 * policy's business ({@code se.peppolgw.ap.retention}); this class only knows the tables.
 */
public final class RetentionStore {
  /**
   * States after which nothing more happens to a transmission on its own: an outbound one is
   * final, an inbound one has reached the back office (or never will).
   */
  public static final Set<TransmissionState> SETTLED =
      Collections.unmodifiableSet(
          EnumSet.of(
              TransmissionState.HANDED_OVER, TransmissionState.ACKNOWLEDGED, TransmissionState.REJECTED,
              TransmissionState.DUPLICATE, TransmissionState.CONSUMED, TransmissionState.DELIVERED,
              TransmissionState.FAILED, TransmissionState.CANCELLED));

  /** Which document types a purge covers: SQL LIKE patterns of the document type identifier. */
  public record DocumentTypes(List<String> anyOf, List<String> noneOf) {
    public DocumentTypes {
      anyOf = List.copyOf(anyOf);
      noneOf = List.copyOf(noneOf);
    }

    /** Types matching one of the patterns. */
    public static DocumentTypes matching(String... patterns) {
      return new DocumentTypes(List.of(patterns), List.of());
    }

    /** Types matching none of the patterns, and transmissions without a type. */
    public static DocumentTypes notMatching(List<String> patterns) {
      return new DocumentTypes(List.of(), patterns);
    }
  }

  private static final List<String> DEPENDENTS =
      List.of(
          "DELETE FROM payload WHERE transmission_id = ?",
          "DELETE FROM transmission_event WHERE transmission_id = ?",
          "DELETE FROM transmission_link WHERE from_id = ? OR to_id = ?",
          // V63: the validation result and MLS decision of a received document
          "DELETE FROM inbound_validation WHERE transmission_id = ?",
          "DELETE FROM mls_decision WHERE inbound_id = ?",
          "DELETE FROM inbound_followup WHERE transmission_id = ?",
          // V62: a received MLS goes with the transmission that carried it and the one it answers
          "DELETE FROM mls_answer WHERE mls_transmission_id = ? OR answers_transmission_id = ?",
          "DELETE FROM transmission WHERE id = ?");

  private final Database db;

  public RetentionStore(Database db) {
    this.db = db;
  }

  /**
   * Deletes, in one transaction, up to {@code limit} settled transmissions of these types created
   * before {@code createdBefore} and no longer in the outbox; returns how many.
   */
  public int purgeBatch(DocumentTypes types, Instant createdBefore, int limit) {
    List<Object> params = new ArrayList<>();
    params.add(OffsetDateTime.ofInstant(createdBefore, ZoneOffset.UTC));
    String settled =
        SETTLED.stream().map(s -> "'" + s.name() + "'").sorted().collect(Collectors.joining(","));
    String sql =
        "SELECT id FROM transmission WHERE created_at < ? AND state IN (" + settled + ") AND "
            + typeCondition(types, params)
            + " AND id NOT IN (SELECT transmission_id FROM outbox)"
            + " FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY";
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          Jdbc.bind(ps, params.toArray());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getString(1));
            }
          }
        }
        for (String id : ids) {
          for (String delete : DEPENDENTS) {
            try (PreparedStatement ps = c.prepareStatement(delete)) {
              ps.setString(1, id);
              if (delete.contains(" OR ")) {
                ps.setString(2, id);
              }
              ps.executeUpdate();
            }
          }
        }
        c.commit();
        return ids.size();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("retention purge failed: " + e.getMessage(), e);
    }
  }

  private static String typeCondition(DocumentTypes types, List<Object> params) {
    if (!types.anyOf().isEmpty()) {
      params.addAll(types.anyOf());
      return "(" + String.join(" OR ", Collections.nCopies(types.anyOf().size(), "doctype_id LIKE ?")) + ")";
    }
    if (types.noneOf().isEmpty()) {
      return "1=1";
    }
    params.addAll(types.noneOf());
    return "(doctype_id IS NULL OR ("
        + String.join(" AND ", Collections.nCopies(types.noneOf().size(), "NOT doctype_id LIKE ?")) + "))";
  }
}
