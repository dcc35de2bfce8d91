package se.peppolgw.ap.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Search and list queries over the transmission log for the operator views, fast on millions of
 * rows: newest first with keyset pagination on (created_at, seq). A filter that has alternatives
 * (states of both directions, a counterpart that may be sender or receiver, a free-text identifier
 * that may be in any of seven columns) runs as one index-ordered query per alternative, each
 * limited to one page, merged here; so every query the database sees is a range scan of one index
 * (V30). The alternatives are bounded whatever the request holds: at most one per known state, or
 * with a counterpart or identifier one per direction; combinations of contradicting directions are
 * skipped. An identifier search lists exact matches before partial ones ({@link IdentifierSearch}):
 * at most 26 index lookups a page for the exact ones; when there are any, the page ends with them
 * and the partial ones (2 queries) follow on the next page.
 *
 * <p>Only the list and its search live here; a transmission's document chain and links are
 * {@link TransmissionLinks}, the dashboard's figures {@link DashboardCounts}. About 410 lines,
 * just over the ~400 of issue #14 because what is left belongs together: the list's public types
 * (Filter, ReportingSlice, Cursor, Page, used by the operator UI and API, the desk, the catalogue
 * and the benchmark), the alternatives a filter splits into and their merge into one page. The
 * SELECT is {@link ListSelect}'s, the partial match's reads {@link PartialMatchReads}'.
 */
public final class TransmissionQuery {
  private static final Set<TransmissionState> INBOUND_STATES =
      Set.of(
          TransmissionState.RECEIVED,
          TransmissionState.HANDED_OVER,
          TransmissionState.ACKNOWLEDGED,
          TransmissionState.REJECTED,
          TransmissionState.DUPLICATE);

  /**
   * Rows of the list a partial search reads newest first before it asks the trigram index, on
   * PostgreSQL (see {@link PartialMatchReads#windowed}); measured in docs/benchmarks.md. H2 has no trigram index:
   * its partial search is already a read of the list index, so it gets no window.
   */
  static final int POSTGRES_PARTIAL_WINDOW = 4000;

  private final ListSelect select;
  private final PartialMatchReads partialReads;
  /** Whether participant ids are matched through V71's table (PostgreSQL, with a window). */
  private final boolean participantTable;

  public TransmissionQuery(Database db) {
    this(db, db.engine() == Database.Engine.POSTGRESQL ? POSTGRES_PARTIAL_WINDOW : 0);
  }

  /**
   * @param partialWindow see {@link PartialMatchReads#windowed}; 0: the partial search is one
   *     trigram query (and, on PostgreSQL, does not use the participant table of {@link
   *     #partialMatches} either)
   */
  TransmissionQuery(Database db, int partialWindow) {
    this.select = new ListSelect(db);
    this.partialReads = new PartialMatchReads(select, partialWindow);
    this.participantTable = partialWindow > 0 && db.engine() == Database.Engine.POSTGRESQL;
  }

  /**
   * What to list; every field may be null (no restriction).
   *
   * @param counterpart participant id of the other side (sender of inbound, receiver of outbound)
   * @param from inclusive lower bound of created_at
   * @param to exclusive upper bound of created_at
   * @param text an identifier or part of one (see {@link IdentifierSearch}): transmission id, AS4
   *     MessageId or ConversationId, SBDH InstanceIdentifier, document number, order number, buyer
   *     reference, sender or receiver participant id
   * @param businessDuplicatesOnly only received documents flagged as business duplicates
   */
  public record Filter(
      Direction direction,
      List<TransmissionState> states,
      String documentTypeId,
      String counterpart,
      Instant from,
      Instant to,
      String text,
      ReportingSlice reporting,
      boolean businessDuplicatesOnly) {
    public static final Filter ALL = new Filter(null, null, null, null, null, null, null);

    public Filter {
      states = states == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(states));
      documentTypeId = blankToNull(documentTypeId);
      counterpart = blankToNull(counterpart);
      text = IdentifierSearch.checked(text);
    }

    public Filter(
        Direction direction,
        List<TransmissionState> states,
        String documentTypeId,
        String counterpart,
        Instant from,
        Instant to,
        String text) {
      this(direction, states, documentTypeId, counterpart, from, to, text, null, false);
    }
  }

  /**
   * Only the transmissions a Peppol Reporting month counts ({@code reporting_item} rows exchanged
   * in [from, to)), optionally those with one other access point (its seat id): the drill-down
   * from a report's counts to the transmissions behind them.
   */
  public record ReportingSlice(Instant from, Instant to, String counterpartSp) {
    public ReportingSlice {
      java.util.Objects.requireNonNull(from, "from");
      java.util.Objects.requireNonNull(to, "to");
      counterpartSp = blankToNull(counterpartSp);
    }

    private ListCondition condition() {
      String sql = "id IN (SELECT transmission_id FROM reporting_item WHERE exchanged_at >= ? AND exchanged_at < ?"
          + (counterpartSp == null ? ")" : " AND counterpart_sp = ?)");
      return counterpartSp == null ? ListCondition.of(sql, from, to) : ListCondition.of(sql, from, to, counterpartSp);
    }
  }

  /**
   * Position after the last row of a page; opaque to clients. {@code exactMatches}: the page ended
   * among an identifier search's exact matches (the partial ones follow them).
   */
  public record Cursor(Instant createdAt, long seq, boolean exactMatches) {
    public Cursor(Instant createdAt, long seq) {
      this(createdAt, seq, false);
    }

    public String encode() {
      String raw = createdAt.toString() + "|" + seq + (exactMatches ? "|exact" : "");
      return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the text is not a cursor we made */
    public static Cursor decode(String s) {
      try {
        String[] raw = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8).split("\\|", -1);
        if (raw.length > 3 || raw.length == 3 && !raw[2].equals("exact")) {
          throw new IllegalArgumentException("not a cursor");
        }
        return new Cursor(Instant.parse(raw[0]), Long.parseLong(raw[1]), raw.length == 3);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("not a valid cursor: " + s);
      }
    }

    static Cursor of(Transmission t, boolean exactMatches) {
      return new Cursor(t.createdAt(), t.seq(), exactMatches);
    }

    /** Before the newest partial match: the partial matches from their beginning. */
    static Cursor partialMatchesFromTheStart() {
      return new Cursor(PARTIAL_START, Long.MAX_VALUE, false);
    }

    /**
     * Whether the page it leads to starts the partial matches, after a page of exact ones: there
     * may be none, as the search does not look for them until that page is asked for.
     */
    public boolean startsPartialMatches() {
      return !exactMatches && seq == Long.MAX_VALUE && createdAt.equals(PARTIAL_START);
    }

    private static final Instant PARTIAL_START = Instant.parse("9999-12-31T23:59:59Z");
  }

  /** One page; {@code next} is empty on the last page. */
  public record Page(List<Transmission> items, Optional<Cursor> next) {}

  // -------------------------------------------------------------------- list

  public Page list(Filter f, Cursor after, int limit) {
    int n = Math.max(1, limit);
    if (f.text() == null) {
      return page(candidates(f, after, List.of(), n + 1, null), n, false);
    }
    // exact matches first, then partial ones; the cursor says in which of the two a page ended
    IdentifierSearch search = new IdentifierSearch(f.text());
    List<Transmission> exact = List.of();
    if (after == null || after.exactMatches()) {
      exact = candidates(f, after, conditions(search.exactAlternatives()), n + 1, null);
      if (exact.size() > n || !search.partial()) {
        return page(exact, n, true);
      }
      if (!exact.isEmpty()) {
        // the text is a whole identifier: show its rows at once, and the partial matches (a read
        // of the whole list index on H2, many rows on PostgreSQL) only when the next page is asked for
        return new Page(List.copyOf(exact), Optional.of(Cursor.partialMatchesFromTheStart()));
      }
    }
    int rest = n - exact.size();
    Cursor partialAfter = after == null || after.exactMatches() ? null : after;
    List<Transmission> partial = partialMatches(f, partialAfter, search, rest + 1);
    List<Transmission> items = new ArrayList<>(exact);
    items.addAll(partial.subList(0, Math.min(rest, partial.size())));
    if (partial.size() <= rest) {
      return new Page(List.copyOf(items), Optional.empty());
    }
    Cursor next = rest == 0 ? Cursor.of(exact.get(n - 1), true) : Cursor.of(partial.get(rest - 1), false);
    return new Page(List.copyOf(items), Optional.of(next));
  }

  /**
   * The newest {@code fetch} (or more) partial matches, newest first. On PostgreSQL the sender and
   * receiver columns are not matched through the trigram index, whose keys for them read posting
   * lists as long as the table for a participant number (its trigrams, 000 and 730, are in every
   * participant id): the ids that contain the text are found among the distinct participants of
   * V71's table, and each is listed through its list-ordered index. The other columns go through
   * {@link PartialMatchReads#windowed}. When the text is in more than {@value PartialMatchReads#MAX_PARTICIPANTS_LISTED} participant
   * ids (a scheme, a common prefix) the one query over every column is kept: such a text is in
   * many rows, so the newest rows answer it.
   */
  private List<Transmission> partialMatches(Filter f, Cursor after, IdentifierSearch search, int fetch) {
    if (participantTable) {
      List<String> participants = partialReads.participantsContaining(search);
      if (participants.size() <= PartialMatchReads.MAX_PARTICIPANTS_LISTED) {
        Map<Long, Transmission> merged = new LinkedHashMap<>();
        ListCondition others = conditions(List.of(search.partialMatchOutsideParticipants())).get(0);
        candidates(f, after, List.of(), fetch, others).forEach(t -> merged.put(t.seq(), t));
        if (!participants.isEmpty()) {
          candidates(f, after, conditions(search.participantAlternatives(participants)), fetch, null)
              .forEach(t -> merged.putIfAbsent(t.seq(), t));
        }
        return newestFirst(merged.values());
      }
    }
    return candidates(f, after, List.of(), fetch, conditions(List.of(search.partialMatch())).get(0));
  }

  private static List<Transmission> newestFirst(java.util.Collection<Transmission> rows) {
    return rows.stream()
        .sorted(
            Comparator.comparing(Transmission::createdAt)
                .thenComparingLong(Transmission::seq)
                .reversed())
        .toList();
  }

  private static Page page(List<Transmission> sorted, int n, boolean exactMatches) {
    if (sorted.size() > n) {
      List<Transmission> page = sorted.subList(0, n);
      return new Page(List.copyOf(page), Optional.of(Cursor.of(page.get(n - 1), exactMatches)));
    }
    return new Page(List.copyOf(sorted), Optional.empty());
  }

  /** An identifier search's predicates; those a B-tree index serves drive their query. */
  private static List<ListCondition> conditions(List<IdentifierSearch.Predicate> predicates) {
    return predicates.stream()
        .map(p -> p.index() == null
            ? new ListCondition(p.sql(), p.params(), null, Integer.MAX_VALUE, "")
            : new ListCondition(p.sql(), p.params(), p.index().name(), 10, p.index().orderPrefix()))
        .toList();
  }

  /**
   * The newest rows (at most {@code fetch} per alternative, merged, newest first) matching the
   * filter without its text, one of {@code textAlternatives} when there are any, and
   * {@code partial} when not null (a partial match, read through {@link PartialMatchReads#windowed}).
   */
  private List<Transmission> candidates(
      Filter f, Cursor after, List<ListCondition> textAlternatives, int fetch, ListCondition partial) {
    List<ListCondition> base = new ArrayList<>();
    if (f.documentTypeId() != null) {
      base.add(ListCondition.of("doctype_id = ?", f.documentTypeId()).via("ix_tx_doctype_list", 40, "doctype_id, "));
    }
    if (f.businessDuplicatesOnly()) {
      base.add(ListCondition.of("business_duplicate_of IS NOT NULL"));
    }
    if (f.from() != null) {
      base.add(ListCondition.of("created_at >= ?", f.from()));
    }
    if (f.to() != null) {
      base.add(ListCondition.of("created_at < ?", f.to()));
    }
    if (f.reporting() != null) {
      base.add(f.reporting().condition());
    }
    if (after != null) {
      base.add(
          ListCondition.of(
              "created_at <= ? AND (created_at < ? OR seq < ?)",
              after.createdAt(),
              after.createdAt(),
              after.seq()));
    }
    List<List<ListCondition>> alternatives = new ArrayList<>();
    alternatives.add(directionAndStates(f));
    if (f.counterpart() != null) {
      alternatives.add(counterpart(f));
    }
    if (!textAlternatives.isEmpty()) {
      alternatives.add(textAlternatives);
    }
    Map<Long, Transmission> merged = new LinkedHashMap<>();
    for (List<ListCondition> branch : product(alternatives)) {
      List<ListCondition> all = new ArrayList<>(base);
      all.addAll(branch);
      for (Transmission t : partial == null ? select.rows(all, fetch) : partialReads.windowed(all, partial, fetch)) {
        merged.putIfAbsent(t.seq(), t);
      }
    }
    return newestFirst(merged.values());
  }

  /**
   * The state alternatives, bounded whatever the caller sends (a viewer once made one request run
   * 25,200 queries): the states are a set, so at most one query per known state. When a counterpart
   * or an identifier drives the query (a more selective index), the states of one direction are
   * a single {@code state IN (…)} filter instead, so that they do not multiply those alternatives.
   */
  private static List<ListCondition> directionAndStates(Filter f) {
    if (f.counterpart() == null && f.text() == null) {
      return statesOneByOne(f);
    }
    if (f.states().isEmpty()) {
      return List.of(
          f.direction() == null
              ? ListCondition.of("1 = 1").via("ix_tx_list", 90, "")
              : ListCondition.of("direction = ?", f.direction()).via("ix_tx_dir_list", 80, "direction, "));
    }
    Map<Direction, java.util.EnumSet<TransmissionState>> byDirection = new java.util.EnumMap<>(Direction.class);
    for (TransmissionState s : f.states()) {
      Direction d = INBOUND_STATES.contains(s) ? Direction.IN : Direction.OUT;
      if (f.direction() == null || f.direction() == d) {
        byDirection.computeIfAbsent(d, x -> java.util.EnumSet.noneOf(TransmissionState.class)).add(s);
      }
    }
    List<ListCondition> out = new ArrayList<>();
    byDirection.forEach(
        (d, states) -> {
          if (states.size() == 1) {
            out.add(
                ListCondition.of("direction = ? AND state = ?", d, states.iterator().next())
                    .via("ix_tx_state_list", 30, "direction, state, ")
                    .fixing(d));
          } else {
            List<Object> params = new ArrayList<>();
            params.add(d);
            params.addAll(states);
            String marks = String.join(", ", java.util.Collections.nCopies(states.size(), "?"));
            out.add(
                new ListCondition("direction = ? AND state IN (" + marks + ")", params, null, Integer.MAX_VALUE, "")
                    .via("ix_tx_dir_list", 80, "direction, ")
                    .fixing(d));
          }
        });
    return out.isEmpty() ? List.of(ListCondition.of("1 = 0")) : out;
  }

  /** One condition per state, each read in order from the (direction, state) index. */
  private static List<ListCondition> statesOneByOne(Filter f) {
    if (f.states().isEmpty()) {
      return List.of(
          f.direction() == null
              ? ListCondition.of("1 = 1").via("ix_tx_list", 90, "")
              : ListCondition.of("direction = ?", f.direction()).via("ix_tx_dir_list", 80, "direction, "));
    }
    List<ListCondition> out = new ArrayList<>();
    for (TransmissionState s : f.states()) {
      Direction d = INBOUND_STATES.contains(s) ? Direction.IN : Direction.OUT;
      if (f.direction() == null || f.direction() == d) {
        out.add(ListCondition.of("direction = ? AND state = ?", d, s).via("ix_tx_state_list", 30, "direction, state, "));
      }
    }
    return out.isEmpty() ? List.of(ListCondition.of("1 = 0")) : out;
  }

  private static List<ListCondition> counterpart(Filter f) {
    String p = f.counterpart();
    if (f.direction() == Direction.IN) {
      return List.of(ListCondition.of("sender_id = ?", p).via("ix_tx_sender_list", 20, "sender_id, "));
    }
    if (f.direction() == Direction.OUT) {
      return List.of(ListCondition.of("receiver_id = ?", p).via("ix_tx_receiver_list", 20, "receiver_id, "));
    }
    return List.of(
        ListCondition.of("direction = " + Jdbc.lit(Direction.IN) + " AND sender_id = ?", p).via("ix_tx_sender_list", 20, "sender_id, ")
            .fixing(Direction.IN),
        ListCondition.of("direction = " + Jdbc.lit(Direction.OUT) + " AND receiver_id = ?", p).via("ix_tx_receiver_list", 20, "receiver_id, ")
            .fixing(Direction.OUT));
  }

  private static List<List<ListCondition>> product(List<List<ListCondition>> alternatives) {
    List<List<ListCondition>> out = List.of(List.of());
    for (List<ListCondition> alts : alternatives) {
      List<List<ListCondition>> next = new ArrayList<>();
      for (List<ListCondition> prefix : out) {
        for (ListCondition c : alts) {
          if (contradicts(prefix, c)) {
            continue; // e.g. an inbound state with an outbound counterpart: no row, no query
          }
          List<ListCondition> l = new ArrayList<>(prefix);
          l.add(c);
          next.add(l);
        }
      }
      out = next;
    }
    return out;
  }

  private static boolean contradicts(List<ListCondition> prefix, ListCondition c) {
    return c.direction() != null
        && prefix.stream().anyMatch(p -> p.direction() != null && p.direction() != c.direction());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
