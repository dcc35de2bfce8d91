package se.peppolgw.ap.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.StoreException;

/**
 * Deletes transmissions (with timeline, payloads and links) whose retention has passed. Never
 * touches what is still in flight (outbound not final, inbound not yet handed over), and never an
 * invoice or credit note inside its legal period (see {@link RetentionPolicy}).
 */
public final class RetentionPurge {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);
  private static final int BATCH = 500;
  private static final String FINAL_STATES =
      "state IN ('HANDED_OVER','ACKNOWLEDGED','REJECTED','DUPLICATE','DELIVERED','FAILED','CANCELLED','CONSUMED')";

  private static final Map<String, String> KIND_SQL = new LinkedHashMap<>();

  static {
    KIND_SQL.put("invoice", "doctype_id LIKE '%::Invoice##%'");
    KIND_SQL.put("credit-note", "doctype_id LIKE '%::CreditNote##%'");
    KIND_SQL.put("order", "doctype_id LIKE '%::Order##%'");
    KIND_SQL.put("order-response", "doctype_id LIKE '%::OrderResponse##%'");
    KIND_SQL.put("despatch-advice", "doctype_id LIKE '%::DespatchAdvice##%'");
    StringBuilder other = new StringBuilder("(doctype_id IS NULL OR (");
    String sep = "";
    for (String s : new ArrayList<>(KIND_SQL.values())) {
      other.append(sep).append("NOT ").append(s);
      sep = " AND ";
    }
    KIND_SQL.put("other", other.append("))").toString());
  }

  private final Database db;
  private final RetentionPolicy policy;
  private final Clock clock;

  public RetentionPurge(Database db, RetentionPolicy policy, Clock clock) {
    this.db = db;
    this.policy = policy;
    this.clock = clock;
  }

  /** Runs once; returns how many transmissions were deleted per kind. */
  public Map<String, Integer> run() {
    Instant now = clock.instant();
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String kind : RetentionPolicy.KINDS) {
      Optional<Instant> before = policy.purgeBefore(kind, now);
      if (before.isEmpty()) {
        continue;
      }
      int total = 0;
      while (true) {
        int n = purgeBatch(KIND_SQL.get(kind), before.get());
        total += n;
        if (n < BATCH) {
          break;
        }
      }
      out.put(kind, total);
      if (total > 0) {
        LOG.info("Retention: purged {} {} transmission(s) created before {}", total, kind, before.get());
      }
    }
    return out;
  }

  private int purgeBatch(String kindSql, Instant before) {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT id FROM transmission WHERE created_at < ? AND " + FINAL_STATES + " AND " + kindSql
                    + " AND id NOT IN (SELECT transmission_id FROM outbox)"
                    + " FETCH FIRST " + BATCH + " ROWS ONLY")) {
          ps.setObject(1, OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getString(1));
            }
          }
        }
        for (String id : ids) {
          for (String sql :
              List.of(
                  "DELETE FROM payload WHERE transmission_id = ?",
                  "DELETE FROM transmission_event WHERE transmission_id = ?",
                  "DELETE FROM transmission_link WHERE from_id = ? OR to_id = ?",
                  // V63: the validation result and MLS decision of a received document
                  "DELETE FROM inbound_validation WHERE transmission_id = ?",
                  "DELETE FROM mls_decision WHERE inbound_id = ?",
                  // V62: a received MLS goes with the transmission that carried it and the one it answers
                  "DELETE FROM mls_answer WHERE mls_transmission_id = ? OR answers_transmission_id = ?",
                  "DELETE FROM transmission WHERE id = ?")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              ps.setString(1, id);
              if (sql.contains(" OR ")) {
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
}
