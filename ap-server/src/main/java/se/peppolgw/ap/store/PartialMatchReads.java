package se.peppolgw.ap.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reads of a partial identifier search ({@link IdentifierSearch#partialMatch}) that keep it
 * fast on PostgreSQL at millions of rows, where the trigram index of V69 serves the match: a window
 * of the newest rows first, then a time slice below it, then the rest ({@link #windowed}); and the
 * participant ids that hold the text, from V71's table ({@link #participantsContaining}). On H2
 * (no window) the match is one query over the list index. Measured in docs/benchmarks.md,
 * "Identifier search".
 */
final class PartialMatchReads {
  /** Most participant ids a partial search lists one by one; more: the trigram index decides. */
  static final int MAX_PARTICIPANTS_LISTED = 16;

  /** PostgreSQL plans without plain index scans: bitmap scans only (the trigram index's). */
  private static final String TRIGRAM_BITMAP = "SET LOCAL enable_indexscan = off";

  private final ListSelect select;
  private final int partialWindow;

  /** @param partialWindow see {@link #windowed}; 0: one query */
  PartialMatchReads(ListSelect select, int partialWindow) {
    this.select = select;
    this.partialWindow = partialWindow;
  }

  /** Up to one more than {@value #MAX_PARTICIPANTS_LISTED} participant ids holding the text. */
  List<String> participantsContaining(IdentifierSearch search) {
    List<String> ids = new ArrayList<>();
    select.reads().query(
        "SELECT id FROM search_participant WHERE " + IdentifierSearch.expression("id")
            + " LIKE lower(?) ESCAPE '\\' ORDER BY id FETCH FIRST " + (MAX_PARTICIPANTS_LISTED + 1) + " ROWS ONLY",
        rs -> ids.add(rs.getString(1)),
        search.likePattern());
    return ids;
  }

  /**
   * The newest {@code fetch} rows matching {@code conditions} and {@code filter} (a partial match),
   * the same rows as {@code select(conditions + filter, fetch)} but without sorting every match
   * of a broad text. A trigram index answers the partial match as a bitmap: it fetches and sorts
   * every matching row (tens of thousands for four digits) before the limit. So first the newest
   * {@link #partialWindow} rows of the list (its index order, honouring filter and cursor) are
   * read with the match as a filter; when they hold {@code fetch} matches those are the newest
   * ones. Otherwise the trigram query reads on from below the window's last row, so that only a
   * rare text (few matches to sort) or an old one pays for it: first a slice of time below the
   * window ({@link #sliceStart}) when the window held several matches, then the rest.
   */
  List<Transmission> windowed(List<ListCondition> conditions, ListCondition filter, int fetch) {
    List<ListCondition> matching = new ArrayList<>(conditions);
    matching.add(filter);
    if (partialWindow <= 0) {
      return select.rows(matching, fetch);
    }
    List<Object> params = new ArrayList<>();
    String window = select.sql(TransmissionRows.COLUMNS, conditions, params) + " FETCH FIRST " + partialWindow + " ROWS ONLY";
    params.addAll(filter.params());
    List<Transmission> found =
        new ArrayList<>(
            select.reads().rows(
                "SELECT " + TransmissionRows.COLUMNS + " FROM (" + window + ") w WHERE (" + filter.sql() + ")"
                    + " ORDER BY created_at DESC, seq DESC FETCH FIRST " + fetch + " ROWS ONLY",
                params.toArray()));
    if (found.size() >= fetch) {
      return found;
    }
    Optional<TransmissionQuery.Cursor> end = windowEnd(conditions);
    if (end.isEmpty()) {
      return found; // the window held every row of the list: all its matches are found
    }
    List<ListCondition> older = new ArrayList<>(matching);
    older.add(ListCondition.below(end.get()));
    Optional<Instant> sliceStart = sliceStart(conditions, end.get(), found.size(), fetch);
    if (sliceStart.isPresent()) {
      List<ListCondition> slice = new ArrayList<>(older);
      slice.add(ListCondition.of("created_at >= ?", sliceStart.get()));
      found.addAll(trigramBitmap(slice, fetch - found.size()));
      if (found.size() >= fetch) {
        return found;
      }
      older = new ArrayList<>(matching);
      older.add(ListCondition.of("created_at < ?", sliceStart.get()));
    }
    found.addAll(trigramBitmap(older, fetch - found.size()));
    return found;
  }

  /** Fewest matches in the window that make {@link #sliceStart} worth a query. */
  private static final int SLICE_MIN_MATCHES = 4;

  /**
   * How far back below the window's end the trigram query first reads, when the window held
   * {@code matches} (at least {@value #SLICE_MIN_MATCHES}) but fewer than a page. Such a text is in
   * thousands of rows ('0042' in 7,449 of 1,000,000), and the trigram index's bitmap fetches and
   * sorts every one of them (64 ms) to give the newest few. The window's match rate says how many
   * rows further back the page's remaining matches lie; the slice reaches twice as far, measured in
   * time at the window's rows per second, and PostgreSQL ANDs the trigram bitmap with the list
   * index's range of the slice, so it fetches only the slice's matches (14 ms). Empty: no slice (few
   * matches, so few to fetch; or a window of rows all of one time).
   */
  private Optional<Instant> sliceStart(List<ListCondition> conditions, TransmissionQuery.Cursor end, int matches, int fetch) {
    if (matches < SLICE_MIN_MATCHES) {
      return Optional.empty();
    }
    List<Object> params = new ArrayList<>();
    String sql = select.sql("created_at", conditions, params) + " FETCH FIRST 1 ROW ONLY";
    List<Instant> newest = new ArrayList<>();
    select.reads().query(sql, rs -> newest.add(Jdbc.instant(rs, "created_at")), params.toArray());
    if (newest.isEmpty()) {
      return Optional.empty();
    }
    long windowMillis = Duration.between(end.createdAt(), newest.get(0)).toMillis();
    if (windowMillis <= 0) {
      return Optional.empty();
    }
    double windowsBack = 2.0 * (fetch - matches) / matches;
    long back = (long) Math.min(windowMillis * windowsBack, MAX_SLICE_MILLIS);
    return Optional.of(end.createdAt().minusMillis(Math.max(1, back)));
  }

  /** A slice reaches back at most ~300 years (keeps the arithmetic far from overflow). */
  private static final long MAX_SLICE_MILLIS = 10_000_000_000_000L;

  /**
   * The newest {@code limit} rows matching the conditions, one of them a partial match. The
   * window held few matches, so reading the list on (PostgreSQL's choice when it guesses, wrongly,
   * thousands of matches for a participant number) could read most of the table: 1.4 s for 244
   * matches of 1,000,000 rows. Have the trigram index's bitmap answer instead.
   */
  private List<Transmission> trigramBitmap(List<ListCondition> conditions, int limit) {
    List<Object> params = new ArrayList<>();
    String sql = select.sql(TransmissionRows.COLUMNS, conditions, params) + " FETCH FIRST " + limit + " ROWS ONLY";
    List<Transmission> out = new ArrayList<>();
    select.reads().query(sql, rs -> out.add(TransmissionRows.map(rs)), TRIGRAM_BITMAP, params.toArray());
    return out;
  }

  /** The last row of the window (empty: the list has fewer rows than the window). */
  private Optional<TransmissionQuery.Cursor> windowEnd(List<ListCondition> conditions) {
    List<Object> params = new ArrayList<>();
    String sql =
        select.sql("created_at, seq", conditions, params)
            + " OFFSET " + (partialWindow - 1) + " ROWS FETCH FIRST 1 ROW ONLY";
    List<TransmissionQuery.Cursor> end = new ArrayList<>();
    select.reads().query(sql, rs -> end.add(new TransmissionQuery.Cursor(Jdbc.instant(rs, "created_at"), rs.getLong("seq"))), params.toArray());
    return end.stream().findFirst();
  }
}
