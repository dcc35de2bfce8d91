package se.peppolgw.ap.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The operator list's free-text identifier search ({@code ?q=}, the API, {@code log search}): the
 * text is looked for in every identifier column of a transmission, in two ranks.
 *
 * <ol>
 *   <li><b>Exact</b>: a column equals the text as typed, in upper case or in lower case. One
 *       equality per column and spelling, each served by that column's B-tree index (V1, V30), so
 *       an exact identifier is found at once on both engines.
 *   <li><b>Partial</b> (text of {@value #MIN_SUBSTRING} characters or more): the text occurs,
 *       ignoring case, anywhere in one of the columns, and the row is not an exact match. One
 *       query: {@code lower(column) LIKE …} for each column, joined by OR. On PostgreSQL the
 *       trigram index of migration V69 (pg_trgm, one GIN index with a key per column) serves each
 *       of them, after a read of the newest rows that answers a broad text by itself
 *       ({@code TransmissionQuery#windowed}); H2 has no such index and reads the list index newest first until a page is full
 *       (a scan when the text is rare).
 * </ol>
 *
 * When the text is a whole identifier, the first page holds only its exact matches and the partial
 * ones start on the next page ({@link TransmissionQuery#list}): the common search for an id read off
 * a receipt or an invoice stays an index lookup on both engines.
 *
 * Why a key per column and not one over all identifiers joined: a trigram index finds the rows
 * that hold every trigram of the text, and over the joined identifiers the trigrams of
 * {@code inv-12345} are found in one column ({@code INV-…}) and another ({@code msg-123456…}),
 * so 15,780 rows of a million were read and thrown away (1.7 s against 0.14 s, docs/benchmarks.md).
 *
 * LIKE wildcards in the text ({@code %}, {@code _}, the escape {@code \}) are escaped, so they
 * match themselves. Shorter text than {@value #MIN_SUBSTRING} characters finds exact matches only:
 * a trigram index cannot serve fewer than three characters, and two characters match most rows.
 */
public final class IdentifierSearch {
  /** Fewer characters search whole identifiers only. */
  public static final int MIN_SUBSTRING = 3;
  /** Longer text is refused: no identifier the gateway stores is longer than this. */
  public static final int MAX_LENGTH = 200;

  /**
   * The identifier columns, in the order of {@link #EXPRESSION}: transmission id, AS4 MessageId
   * and ConversationId, SBDH InstanceIdentifier, document number, order number, buyer reference,
   * sender and receiver participant ids.
   */
  static final List<String> COLUMNS =
      List.of(
          "id", "as4_message_id", "as4_conversation_id", "sbdh_instance_id", "business_id",
          "order_ref", "buyer_ref", "sender_id", "receiver_id");

  /** The participant id columns among {@link #COLUMNS}. */
  static final List<String> PARTICIPANT_COLUMNS = List.of("sender_id", "receiver_id");

  /**
   * The B-tree index that serves an equality on a column (H2 is told to use it); the id's unique
   * index has no name (H2 finds it by itself). The sender and receiver indexes are in list order,
   * so an exact participant id reads one page and stops.
   */
  private static final Map<String, Index> EXACT_INDEXES =
      Map.of(
          "id", new Index(null, ""),
          "as4_message_id", new Index("ix_transmission_as4", ""),
          "as4_conversation_id", new Index("ix_tx_conversation", ""),
          "sbdh_instance_id", new Index("ix_transmission_sbdh", ""),
          "business_id", new Index("ix_tx_business_id", ""),
          "order_ref", new Index("ix_tx_order_ref", ""),
          "buyer_ref", new Index("ix_tx_buyer_ref", ""),
          "sender_id", new Index("ix_tx_sender_list", "sender_id, "),
          "receiver_id", new Index("ix_tx_receiver_list", "receiver_id, "));

  /**
   * What the partial search matches in each column, the expressions of the PostgreSQL trigram
   * index {@code ix_tx_search_trgm} (V69; the planner uses an expression index only for the same
   * expression).
   */
  static String expression(String column) {
    return "lower(" + column + ")";
  }

  /**
   * An index name for H2's USE INDEX (null: H2 finds it) and the index's leading columns an
   * equality fixes (see TransmissionQuery's ordering).
   */
  record Index(String name, String orderPrefix) {}

  /** One part of a WHERE clause; {@code index} null when no B-tree index serves it. */
  record Predicate(String sql, List<Object> params, Index index) {}

  private final String text;

  /** @param text checked by {@link #checked} */
  IdentifierSearch(String text) {
    this.text = checked(text);
    if (this.text == null) {
      throw new IllegalArgumentException("no search text");
    }
  }

  /**
   * The search text, trimmed (null when blank).
   *
   * @throws IllegalArgumentException when longer than {@link #MAX_LENGTH} characters or holding
   *     control characters (no identifier has them; a pasted line break is a mistake)
   */
  public static String checked(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.strip();
    if (t.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "search text is longer than " + MAX_LENGTH + " characters (" + t.length() + ")");
    }
    if (t.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("search text must not contain control characters (line breaks, tabs)");
    }
    return t;
  }

  /** Whether the text is long enough for a partial match. */
  boolean partial() {
    return text.length() >= MIN_SUBSTRING;
  }

  /** The spellings an exact match accepts: as typed, upper case, lower case. */
  List<String> spellings() {
    Set<String> s = new LinkedHashSet<>();
    s.add(text);
    s.add(text.toUpperCase(Locale.ROOT));
    s.add(text.toLowerCase(Locale.ROOT));
    return List.copyOf(s);
  }

  /**
   * One index lookup per column: {@code column IN (spellings)}; for the participant columns, whose
   * index is in list order, one equality per spelling instead, so that a participant with half a
   * million transmissions is read one page deep rather than sorted.
   */
  List<Predicate> exactAlternatives() {
    List<String> spellings = spellings();
    String marks = marks(spellings.size());
    List<Predicate> out = new ArrayList<>();
    for (String column : COLUMNS) {
      Index index = EXACT_INDEXES.get(column);
      if (!index.orderPrefix().isEmpty()) {
        for (String spelling : spellings) {
          out.add(new Predicate(column + " = ?", List.of(spelling), index));
        }
      } else {
        out.add(new Predicate(column + " IN (" + marks + ")", List.copyOf(spellings), index));
      }
    }
    return out;
  }

  private static String marks(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  /**
   * The text anywhere in a column, ignoring case, and not an exact match (those are listed before).
   * The pattern is lower-cased by the database, with the same {@code lower()} as the index.
   */
  Predicate partialMatch() {
    return partialMatchIn(COLUMNS);
  }

  /**
   * {@link #partialMatch()} in the columns other than the sender and receiver; with {@link
   * #participantAlternatives} for the participant ids that contain the text, the same rows.
   */
  Predicate partialMatchOutsideParticipants() {
    return partialMatchIn(COLUMNS.stream().filter(c -> !PARTICIPANT_COLUMNS.contains(c)).toList());
  }

  /**
   * One alternative per participant column and id: the column equals the id (found to contain the
   * text), and the row is not an exact match. Each is read through the column's list-ordered index.
   */
  List<Predicate> participantAlternatives(List<String> participantIds) {
    Predicate notExact = notExact();
    List<Predicate> out = new ArrayList<>();
    for (String column : PARTICIPANT_COLUMNS) {
      for (String id : participantIds) {
        List<Object> params = new ArrayList<>();
        params.add(id);
        params.addAll(notExact.params());
        out.add(new Predicate(column + " = ? AND " + notExact.sql(), params, EXACT_INDEXES.get(column)));
      }
    }
    return out;
  }

  /** The LIKE pattern of a partial match: the text anywhere, its wildcards escaped. */
  String likePattern() {
    return "%" + escapeLike(text) + "%";
  }

  private Predicate partialMatchIn(List<String> columns) {
    if (!partial()) {
      throw new IllegalStateException("text too short for a partial match");
    }
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("(");
    for (String column : columns) {
      sql.append(params.isEmpty() ? "" : " OR ").append(expression(column)).append(" LIKE lower(?) ESCAPE '\\'");
      params.add(likePattern());
    }
    sql.append(')');
    Predicate notExact = notExact();
    params.addAll(notExact.params());
    return new Predicate(sql.append(" AND ").append(notExact.sql()).toString(), params, null);
  }

  /** No column equals the text in any of its exact spellings. */
  private Predicate notExact() {
    List<String> spellings = spellings();
    String marks = marks(spellings.size());
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder();
    for (String column : COLUMNS) {
      sql.append(sql.length() == 0 ? "" : " AND ").append('(').append(column).append(" IS NULL OR ")
          .append(column).append(" NOT IN (").append(marks).append("))");
      params.addAll(spellings);
    }
    return new Predicate(sql.toString(), params, null);
  }

  /** The text with LIKE's wildcards and escape character escaped by {@code \}. */
  static String escapeLike(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (char c : s.toCharArray()) {
      if (c == '\\' || c == '%' || c == '_') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
