package se.peppolgw.ap.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The SELECT of a list query: rows matching every condition, newest first, from one index. */
final class ListSelect {
  private final Database db;
  private final TransmissionReads reads;

  ListSelect(Database db) {
    this.db = db;
    this.reads = new TransmissionReads(db);
  }

  TransmissionReads reads() {
    return reads;
  }

  /** The newest {@code limit} transmissions matching every condition. */
  List<Transmission> rows(List<ListCondition> conditions, int limit) {
    List<Object> params = new ArrayList<>();
    String sql = sql(TransmissionRows.COLUMNS, conditions, params) + " FETCH FIRST " + limit + " ROWS ONLY";
    return reads.rows(sql, params.toArray());
  }

  /**
   * SELECT {@code columns} of the rows matching every condition, in list order (read from the
   * most selective condition's index); {@code params} receives the parameters.
   */
  String sql(String columns, List<ListCondition> conditions, List<Object> params) {
    StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(" FROM transmission");
    Optional<ListCondition> driver =
        conditions.stream()
            .filter(c -> c.rank() < Integer.MAX_VALUE)
            .min(Comparator.comparingInt(ListCondition::rank));
    if (db.engine() == Database.Engine.H2) {
      driver
          .filter(c -> c.index() != null) // the id: H2 takes its unique index by itself
          .ifPresent(c -> sql.append(" USE INDEX (").append(c.index()).append(')'));
    }
    String sep = " WHERE ";
    for (ListCondition c : conditions) {
      sql.append(sep).append('(').append(c.sql()).append(')');
      params.addAll(c.params());
      sep = " AND ";
    }
    return sql.append(" ORDER BY ")
        .append(driver.map(ListCondition::orderPrefix).orElse(""))
        .append("created_at DESC, seq DESC")
        .toString();
  }
}
