package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import se.peppolgw.ap.store.TransmissionQuery.Cursor;
import se.peppolgw.ap.store.TransmissionQuery.Filter;
import se.peppolgw.ap.store.TransmissionQuery.Page;

/** The identifier search (partial, case-insensitive, exact first), the same on every engine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdentifierSearchContract {
  static final String BUYER = "0088:7300000000001";
  static final String OTHER_BUYER = "0088:7300000000002";
  static final String SUPPLIER = "0007:5567212345";

  protected abstract Database open() throws Exception;

  Database db;
  TransmissionQuery q;
  final List<Tx> rows = new ArrayList<>();
  Instant clock = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofDays(1));

  /** One seeded transmission: the identifier columns by name. */
  static final class Tx {
    final String id = UUID.randomUUID().toString();
    final Map<String, String> columns = new java.util.HashMap<>();
    String direction = "IN";
    String state = "HANDED_OVER";
    Instant createdAt;

    Tx set(String column, String value) {
      columns.put(column, value);
      return this;
    }

    Tx out(String state) {
      this.direction = "OUT";
      this.state = state;
      return this;
    }

    String value(String column) {
      return column.equals("id") ? id : columns.get(column);
    }

    /** Whether the text occurs in a column, ignoring case (what the search promises). */
    boolean contains(String text) {
      String t = text.toLowerCase(java.util.Locale.ROOT);
      return IdentifierSearch.COLUMNS.stream()
          .map(this::value)
          .anyMatch(v -> v != null && v.toLowerCase(java.util.Locale.ROOT).contains(t));
    }

    boolean equalsAny(String text) {
      return IdentifierSearch.COLUMNS.stream()
          .map(this::value)
          .anyMatch(v -> text.equals(v) || text.toUpperCase(java.util.Locale.ROOT).equals(v)
              || text.toLowerCase(java.util.Locale.ROOT).equals(v));
    }
  }

  Tx add(Tx t) throws SQLException {
    clock = clock.plusSeconds(60);
    // every seventh row shares its time with the one before: the seq must break the tie
    t.createdAt = rows.size() % 7 == 6 ? rows.get(rows.size() - 1).createdAt : clock;
    t.columns.putIfAbsent("as4_message_id", UUID.randomUUID() + "@seed.example");
    t.columns.putIfAbsent("sbdh_instance_id", UUID.randomUUID().toString());
    t.columns.putIfAbsent("sender_id", t.direction.equals("IN") ? OTHER_BUYER : SUPPLIER);
    t.columns.putIfAbsent("receiver_id", t.direction.equals("IN") ? SUPPLIER : OTHER_BUYER);
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO transmission (id, direction, state, as4_message_id, as4_conversation_id,"
                + " sbdh_instance_id, business_id, order_ref, buyer_ref, sender_id, receiver_id,"
                + " doctype_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      OffsetDateTime at = OffsetDateTime.ofInstant(t.createdAt, ZoneOffset.UTC);
      Object[] values = {t.id, t.direction, t.state, t.value("as4_message_id"), t.value("as4_conversation_id"),
        t.value("sbdh_instance_id"), t.value("business_id"), t.value("order_ref"), t.value("buyer_ref"),
        t.value("sender_id"), t.value("receiver_id"), "urn:test:doctype", at, at};
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      ps.executeUpdate();
    }
    rows.add(t);
    return t;
  }

  Tx invoiceA;
  Tx invoiceALower;
  Tx invoiceLonger;
  Tx buyerRef;
  Tx wildcard;

  @BeforeAll
  void seed() throws Exception {
    db = open();
    q = new TransmissionQuery(db);
    invoiceA = add(new Tx().set("business_id", "INV-2026-0042").set("order_ref", "PO-77")
        .set("as4_message_id", "Msg-ABC-9001@Sender.Example").set("sender_id", BUYER)
        .set("as4_conversation_id", "Conv-XYZ-5").set("sbdh_instance_id", "5f1e0c3a-1111-4d2e-9abc-0123456789ab"));
    invoiceLonger = add(new Tx().out("DELIVERED").set("business_id", "INV-2026-00420").set("receiver_id", BUYER));
    buyerRef = add(new Tx().out("FAILED").set("buyer_ref", "X0042Y").set("receiver_id", BUYER));
    for (int i = 0; i < 23; i++) {
      Tx t = i % 2 == 0 ? new Tx() : new Tx().out(i % 3 == 0 ? "FAILED" : "DELIVERED");
      add(t.set("business_id", "PAGE-0042-" + i).set("order_ref", i % 4 == 0 ? "po-77" : null));
    }
    invoiceALower = add(new Tx().set("business_id", "inv-2026-0042"));
    wildcard = add(new Tx().set("business_id", "50%_off\\x"));
    add(new Tx().set("business_id", "50%Xoff"));
    add(new Tx().set("business_id", "50abcoff"));
    add(new Tx().set("business_id", "17"));
    add(new Tx().set("business_id", "170"));
    add(new Tx().set("business_id", "DOC-UNRELATED"));
    // more participants holding "0088:74" than the partial search lists one by one
    for (int i = 0; i <= PartialMatchReads.MAX_PARTICIPANTS_LISTED; i++) {
      add(new Tx().out("DELIVERED").set("business_id", "MANY-" + i).set("receiver_id", "0088:74000000000" + (10 + i)));
    }
  }

  @AfterAll
  void close() throws Exception {
    db.close();
  }

  Filter text(String s) {
    return new Filter(null, List.of(), null, null, null, null, s);
  }

  /** Every page of a search, in order. */
  List<String> all(Filter f, int pageSize) {
    List<String> out = new ArrayList<>();
    Cursor c = null;
    int pages = 0;
    do {
      Page p = q.list(f, c, pageSize);
      assertTrue(p.items().size() <= pageSize);
      p.items().forEach(t -> out.add(t.id()));
      c = p.next().orElse(null);
      assertTrue(++pages < 200, "the paging ends");
    } while (c != null);
    return out;
  }

  Set<String> ids(Predicate<Tx> p) {
    return rows.stream().filter(p).map(t -> t.id).collect(Collectors.toSet());
  }

  /** Exact matches newest first, then the partial ones newest first. */
  List<String> expectedOrder(String text, Predicate<Tx> filter) {
    java.util.Comparator<Tx> newestFirst = java.util.Comparator.<Tx, Instant>comparing(t -> t.createdAt)
        .thenComparingInt(rows::indexOf).reversed();
    List<String> out = new ArrayList<>();
    rows.stream().filter(filter).filter(t -> t.equalsAny(text)).sorted(newestFirst).forEach(t -> out.add(t.id));
    if (text.length() >= IdentifierSearch.MIN_SUBSTRING) {
      rows.stream().filter(filter).filter(t -> !t.equalsAny(text) && t.contains(text)).sorted(newestFirst)
          .forEach(t -> out.add(t.id));
    }
    return out;
  }

  @Test
  void aPartOfAnIdentifierFindsItIgnoringCase() {
    Set<String> found = Set.copyOf(all(text("0042"), 50));
    assertEquals(ids(t -> t.contains("0042")), found);
    assertTrue(found.containsAll(Set.of(invoiceA.id, invoiceALower.id, invoiceLonger.id, buyerRef.id)));
    assertEquals(Set.of(invoiceA.id, invoiceALower.id, invoiceLonger.id), Set.copyOf(all(text("inv-2026-0042"), 50)));
    assertEquals(Set.of(invoiceA.id, invoiceALower.id, invoiceLonger.id), Set.copyOf(all(text("Inv-2026-004"), 50)));
  }

  @Test
  void everyIdentifierColumnIsSearchedByAPart() {
    assertEquals(Set.of(invoiceA.id), Set.copyOf(all(text("abc-9001@sender"), 10)), "AS4 MessageId");
    assertEquals(Set.of(invoiceA.id), Set.copyOf(all(text("CONV-xyz"), 10)), "AS4 ConversationId");
    assertEquals(Set.of(invoiceA.id), Set.copyOf(all(text("4D2E-9ABC"), 10)), "SBDH InstanceIdentifier");
    assertEquals(Set.of(invoiceA.id), Set.copyOf(all(text(invoiceA.id.substring(4, 20).toUpperCase()), 10)), "id");
    assertEquals(Set.of(buyerRef.id), Set.copyOf(all(text("x0042y"), 10)), "buyer reference");
    assertEquals(ids(t -> t.contains("po-7")), Set.copyOf(all(text("PO-7"), 10)), "order number");
    // the participant ids: sender of inbound, receiver of outbound
    assertEquals(Set.of(invoiceA.id, invoiceLonger.id, buyerRef.id), Set.copyOf(all(text("7300000000001"), 10)));
  }

  @Test
  void exactMatchesComeFirstAcrossEveryPageSize() {
    for (String text : List.of("inv-2026-0042", "0042", "PO-77", "po-77", BUYER, "17")) {
      List<String> expected = expectedOrder(text, t -> true);
      assertTrue(!expected.isEmpty(), text);
      for (int size : List.of(1, 2, 3, 4, 5, 50)) {
        assertEquals(expected, all(text(text), size), text + " in pages of " + size);
      }
    }
    List<String> inv = all(text("inv-2026-0042"), 50);
    assertEquals(Set.of(invoiceA.id, invoiceALower.id), Set.copyOf(inv.subList(0, 2)), "exact in either case first");
    assertEquals(invoiceLonger.id, inv.get(2));
  }

  /** A whole identifier answers from its index alone; the partial matches (a scan on H2) wait for the next page. */
  @Test
  void aWholeIdentifierEndsTheFirstPageThePartialMatchesFollow() {
    Page first = q.list(text("inv-2026-0042"), null, 50);
    assertEquals(Set.of(invoiceA.id, invoiceALower.id),
        first.items().stream().map(t -> t.id()).collect(Collectors.toSet()));
    Cursor next = first.next().orElseThrow(() -> new AssertionError("the partial matches follow"));
    Page second = q.list(text("inv-2026-0042"), Cursor.decode(next.encode()), 50);
    assertEquals(List.of(invoiceLonger.id), second.items().stream().map(t -> t.id()).toList());
    assertTrue(second.next().isEmpty());
  }

  @Test
  void theOtherFiltersStillApply() {
    Filter outFailed = new Filter(Direction.OUT, List.of(TransmissionState.FAILED), null, null, null, null, "0042");
    assertEquals(expectedOrder("0042", t -> t.direction.equals("OUT") && t.state.equals("FAILED")), all(outFailed, 2));
    Filter ofBuyer = new Filter(null, List.of(), null, BUYER, null, null, "0042");
    assertEquals(Set.of(invoiceA.id, invoiceLonger.id, buyerRef.id), Set.copyOf(all(ofBuyer, 2)));
    Filter inbound = new Filter(Direction.IN, List.of(), null, null, null, null, "po-77");
    assertEquals(expectedOrder("po-77", t -> t.direction.equals("IN")), all(inbound, 3));
    Filter pendingOrDelivered = new Filter(null, List.of(TransmissionState.DELIVERED, TransmissionState.HANDED_OVER),
        null, null, null, null, "PAGE-0042");
    assertEquals(expectedOrder("PAGE-0042", t -> t.state.equals("DELIVERED") || t.state.equals("HANDED_OVER")),
        all(pendingOrDelivered, 4));
  }

  @Test
  void likeWildcardsInTheTextMatchThemselves() {
    assertEquals(List.of(wildcard.id), all(text("50%_o"), 10));
    assertEquals(List.of(wildcard.id), all(text("_off\\"), 10));
    assertEquals(List.of(wildcard.id), all(text("%_off\\x"), 10));
    assertTrue(all(text("%%%"), 10).isEmpty());
    assertTrue(all(text("___"), 10).isEmpty());
  }

  @Test
  void shortTextFindsWholeIdentifiersOnly() {
    assertEquals(List.of(rows.stream().filter(t -> "17".equals(t.value("business_id"))).findFirst().orElseThrow().id),
        all(text("17"), 10));
    assertTrue(all(text("42"), 10).isEmpty(), "two characters are no partial search");
    assertEquals(ids(t -> t.contains("170")), Set.copyOf(all(text("170"), 10)));
  }

  @Test
  void longTextAndControlCharactersAreRefusedBeforeAnyQuery() {
    String max = "x".repeat(IdentifierSearch.MAX_LENGTH);
    assertTrue(all(text(max), 10).isEmpty());
    IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> text(max + "x"));
    assertTrue(tooLong.getMessage().contains("longer than 200 characters"), tooLong.getMessage());
    for (String bad : List.of("inv\n0042", "inv\t0042", "inv\u00000042")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> text(bad));
      assertTrue(e.getMessage().contains("control characters"), e.getMessage());
    }
    assertEquals("INV-2026-0042", text("  INV-2026-0042 ").text());
    assertEquals(null, text("   ").text());
  }

  @Test
  void aCursorRemembersWhetherItIsAmongTheExactMatches() {
    Cursor exact = new Cursor(Instant.parse("2026-11-20T10:00:00Z"), 42, true);
    assertEquals(exact, Cursor.decode(exact.encode()));
    Cursor partial = new Cursor(Instant.parse("2026-11-20T10:00:00Z"), 42);
    assertEquals(partial, Cursor.decode(partial.encode()));
    String forged = java.util.Base64.getUrlEncoder().encodeToString("2026-11-20T10:00:00Z|42|nope".getBytes());
    assertThrows(IllegalArgumentException.class, () -> Cursor.decode(forged));
  }

  @Test
  void theSearchMigrationIsApplied() throws SQLException {
    try (Connection c = db.connection();
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT \"success\" FROM \"flyway_schema_history\" WHERE \"version\" = '69'")) {
      assertTrue(rs.next(), "V69 ran");
      assertTrue(rs.getBoolean(1));
    }
  }
  /**
   * The partial search that first reads a window of the newest rows (TransmissionQuery#windowed)
   * returns the same pages, cursors included, as the one trigram query: for windows that hold a
   * full page (a broad text), that do not (a rare text, no match: the query below the window's
   * end), that hold every row, and windows that end between two rows of the same time.
   */
  @Test
  void aWindowedPartialSearchReturnsThePagesOfThePlainQuery() {
    TransmissionQuery plain = new TransmissionQuery(db, 0);
    List<Filter> filters = List.of(
        text("0042"), // most rows
        text("abc-9001"), // one row, the oldest
        text("PO-7"), // exact matches first, then a few partial ones
        text("zq-nothing"),
        new Filter(Direction.OUT, List.of(), null, null, null, null, "0042"),
        new Filter(null, List.of(TransmissionState.DELIVERED, TransmissionState.HANDED_OVER), null, null, null, null,
            "PAGE-0042"),
        new Filter(null, List.of(), null, BUYER, null, null, "0042"),
        new Filter(null, List.of(), null, null, rows.get(5).createdAt, rows.get(20).createdAt, "0042"),
        // participant numbers: one participant, two, more than are listed one by one, with filters
        text("7300000000001"),
        text("0088:73"),
        text("0088:74"),
        text("74000000000" + (10 + PartialMatchReads.MAX_PARTICIPANTS_LISTED)),
        new Filter(Direction.IN, List.of(), null, null, null, null, "7300000000002"),
        new Filter(null, List.of(), null, BUYER, null, null, "0088:73"));
    int windowsThatFilledAPage = 0;
    for (int window : List.of(1, 2, 3, 6, 7, 10, 40, 1000)) {
      TransmissionQuery windowed = new TransmissionQuery(db, window);
      for (Filter f : filters) {
        for (int size : List.of(1, 2, 3, 5, 50)) {
          List<Page> expected = pages(plain, f, size);
          assertEquals(expected, pages(windowed, f, size), f.text() + " " + f + ", window " + window + ", pages of " + size);
          if (size < window && expected.size() > 1) {
            windowsThatFilledAPage++;
          }
        }
      }
    }
    assertTrue(windowsThatFilledAPage > 0, "some windows held a whole page");
    assertEquals(expectedOrder("0042", t -> true), all(text("0042"), 3), "and the pages are the right ones");
  }

  @Test
  void theDefaultQueryPagesAPartialSearchLikeThePlainOne() {
    List<Page> pages = pages(q, text("0042"), 2);
    assertEquals(pages(new TransmissionQuery(db, 0), text("0042"), 2), pages);
    assertEquals(expectedOrder("0042", t -> true),
        pages.stream().flatMap(p -> p.items().stream()).map(Transmission::id).toList());
  }

  /** Every page of a search by that query, in order. */
  static List<Page> pages(TransmissionQuery query, Filter f, int size) {
    List<Page> out = new ArrayList<>();
    Cursor c = null;
    do {
      Page p = query.list(f, c, size);
      out.add(p);
      c = p.next().orElse(null);
      assertTrue(out.size() < 200, "the paging ends");
    } while (c != null);
    return out;
  }
}
