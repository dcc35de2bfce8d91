package se.peppolgw.ap.store;

import java.util.List;

/**
 * One part of the WHERE clause of a list query ({@link TransmissionQuery}); {@code index} is the
 * V30/V1 index that serves it best and {@code rank} how selective that index is (lower is better):
 * on H2 the query names the index of its most selective condition, because H2's planner, without
 * a histogram, otherwise often walks the (direction, created_at) index and filters millions of rows
 * for a rare counterpart.
 *
 * @param direction not null: the condition holds only for rows of that direction
 */
record ListCondition(
    String sql, List<Object> params, String index, int rank, String orderPrefix, Direction direction) {
  ListCondition(String sql, List<Object> params, String index, int rank, String orderPrefix) {
    this(sql, params, index, rank, orderPrefix, null);
  }

  static ListCondition of(String sql, Object... params) {
    return new ListCondition(sql, List.of(params), null, Integer.MAX_VALUE, "");
  }

  /** This condition holds only for rows of that direction (so it contradicts the other one). */
  ListCondition fixing(Direction d) {
    return new ListCondition(sql, params, index, rank, orderPrefix, d);
  }

  /**
   * @param leading the index's leading columns this condition fixes by equality: they are
   *     prepended to the ORDER BY (same order, as they are constant) so that H2 reads the index in
   *     order and stops after one page instead of sorting every match
   */
  ListCondition via(String indexName, int indexRank, String leading) {
    return new ListCondition(sql, params, indexName, indexRank, leading, direction);
  }

  /** Rows after the cursor in list order (older, or as old with a lower seq). */
  static ListCondition below(TransmissionQuery.Cursor c) {
    return of("created_at <= ? AND (created_at < ? OR seq < ?)", c.createdAt(), c.createdAt(), c.seq());
  }
}
