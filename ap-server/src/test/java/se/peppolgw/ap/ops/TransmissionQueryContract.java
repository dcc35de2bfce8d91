package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import se.peppolgw.ap.ops.OpsTestSupport.Row;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.store.DashboardCounts;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.TransmissionLinks;
import se.peppolgw.ap.store.TransmissionQuery;
import se.peppolgw.ap.store.TransmissionQuery.Cursor;
import se.peppolgw.ap.store.TransmissionQuery.Filter;
import se.peppolgw.ap.store.TransmissionQuery.Page;
import se.peppolgw.ap.store.TransmissionState;

/** TransmissionQuery's filters and keyset paging, the same on every engine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TransmissionQueryContract {
  static final String[] BUYERS = {"0088:7300000000001", "0088:7300000000002", "0088:7300000000003"};
  static final String[] STATES_IN = {"HANDED_OVER", "ACKNOWLEDGED", "REJECTED"};
  static final String[] STATES_OUT = {"DELIVERED", "FAILED", "RETRY_WAIT", "PENDING"};
  static final String[] TYPES_OUT = {"invoice", "order-response", "despatch-advice"};

  protected abstract Database open() throws Exception;

  Database db;
  TransmissionQuery q;
  final List<Row> rows = new ArrayList<>();

  @BeforeAll
  void seed() throws Exception {
    db = open();
    q = new TransmissionQuery(db);
    Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    for (int i = 0; i < 60; i++) {
      Row r = i % 2 == 0 ? new Row() : new Row().out(STATES_OUT[i % STATES_OUT.length]).type(TYPES_OUT[i % 3]);
      if (r.direction.equals("IN")) {
        r.state = STATES_IN[i % STATES_IN.length];
        r.sender = BUYERS[i % 3];
      } else {
        r.receiver = BUYERS[i % 3];
      }
      r.businessId = "DOC-" + i;
      r.orderRef = i % 2 == 1 ? "PO-" + (i / 10) : null;
      // every fifth row shares its time with the one before: the seq must break the tie
      r.createdAt = base.minus(Duration.ofMinutes(i - (i % 5 == 4 ? 1 : 0)));
      r.insert(db);
      rows.add(r);
    }
  }

  @AfterAll
  void close() throws Exception {
    db.close();
  }

  List<String> all(Filter f, int pageSize) {
    List<String> out = new ArrayList<>();
    Cursor c = null;
    do {
      Page p = q.list(f, c, pageSize);
      p.items().forEach(t -> out.add(t.id()));
      c = p.next().orElse(null);
    } while (c != null);
    return out;
  }

  Set<String> expected(Predicate<Row> p) {
    return rows.stream().filter(p).map(r -> r.id).collect(Collectors.toSet());
  }

  @Test
  void pagesAreExactAndOrdered() {
    List<String> seen = all(Filter.ALL, 7);
    assertEquals(rows.size(), seen.size());
    assertEquals(rows.size(), Set.copyOf(seen).size());
    List<Instant> times = seen.stream()
        .map(id -> rows.stream().filter(r -> r.id.equals(id)).findFirst().orElseThrow().createdAt).toList();
    List<Instant> sorted = new ArrayList<>(times);
    sorted.sort(Comparator.reverseOrder());
    assertEquals(sorted, times);
  }

  @Test
  void everyFilterAlsoAcrossPages() {
    String buyer = BUYERS[1];
    Filter counterpart = new Filter(null, List.of(), null, buyer, null, null, null);
    assertEquals(expected(r -> buyer.equals(r.direction.equals("IN") ? r.sender : r.receiver)),
        Set.copyOf(all(counterpart, 4)));
    Filter pending = new Filter(null, List.of(TransmissionState.PENDING, TransmissionState.RETRY_WAIT,
        TransmissionState.SENDING), null, null, null, null, null);
    assertEquals(expected(r -> r.state.equals("PENDING") || r.state.equals("RETRY_WAIT")), Set.copyOf(all(pending, 3)));
    Filter invoices = new Filter(Direction.OUT, List.of(), DocumentTypeAliases.expand("invoice"), null, null, null, null);
    assertEquals(expected(r -> r.doctype.contains("::Invoice##")), Set.copyOf(all(invoices, 2)));
    Instant from = rows.get(40).createdAt;
    Instant to = rows.get(10).createdAt;
    Filter range = new Filter(Direction.IN, List.of(), null, null, from, to, null);
    assertEquals(expected(r -> r.direction.equals("IN") && !r.createdAt.isBefore(from) && r.createdAt.isBefore(to)),
        Set.copyOf(all(range, 5)));
    Filter order = new Filter(null, List.of(), null, null, null, null, "PO-3");
    assertEquals(expected(r -> "PO-3".equals(r.orderRef)), Set.copyOf(all(order, 2)));
    Row r7 = rows.get(7);
    for (String id : List.of(r7.id, r7.sbdhId, r7.as4Id, r7.businessId)) {
      assertEquals(List.of(r7.id), all(new Filter(null, List.of(), null, null, null, null, id), 10), id);
    }
    Filter failedOfBuyer = new Filter(Direction.OUT, List.of(TransmissionState.FAILED), null, buyer, null, null, null);
    assertEquals(expected(r -> r.state.equals("FAILED") && buyer.equals(r.receiver)), Set.copyOf(all(failedOfBuyer, 1)));
    assertTrue(all(new Filter(Direction.IN, List.of(TransmissionState.DELIVERED), null, null, null, null, null), 5).isEmpty());
  }

  @Test
  void theReportingSliceKeepsTheTransmissionsAMonthCountsAlsoWithOtherFiltersAndAcrossPages() throws Exception {
    Instant feb = Instant.parse("2026-02-01T00:00:00Z");
    Instant mar = Instant.parse("2026-03-01T00:00:00Z");
    // every third row is counted: in February with PDE000111 or PFI000222, the last one in March
    List<Row> counted = new ArrayList<>();
    try (java.sql.Connection c = db.connection()) {
      for (int i = 0; i < rows.size(); i += 3) {
        Row r = rows.get(i);
        Instant at = i == 57 ? mar : feb.plus(Duration.ofHours(i));
        try (java.sql.PreparedStatement ps = c.prepareStatement(
            "INSERT INTO reporting_item (transmission_id, direction, exchanged_at, counterpart_sp,"
                + " doctype_scheme, doctype_value, process_scheme, process_value, transport_protocol,"
                + " end_user_id) VALUES (?,?,?,?,'busdox-docid-qns',?,'cenbii-procid-ubl','p','t','e')")) {
          ps.setString(1, r.id);
          ps.setString(2, r.direction.equals("IN") ? "RECEIVING" : "SENDING");
          ps.setObject(3, java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
          ps.setString(4, i % 2 == 0 ? "PDE000111" : "PFI000222");
          ps.setString(5, r.doctype);
          ps.executeUpdate();
        }
        if (i != 57) {
          counted.add(r);
        }
      }
    }
    Set<String> february = counted.stream().map(r -> r.id).collect(Collectors.toSet());
    assertEquals(february, Set.copyOf(all(slice(null, null, new TransmissionQuery.ReportingSlice(feb, mar, null)), 3)));
    Set<String> de = counted.stream().filter(r -> rows.indexOf(r) % 2 == 0).map(r -> r.id).collect(Collectors.toSet());
    assertEquals(de, Set.copyOf(all(slice(null, null, new TransmissionQuery.ReportingSlice(feb, mar, "PDE000111")), 2)));
    Set<String> fiOut = counted.stream().filter(r -> rows.indexOf(r) % 2 == 1 && r.direction.equals("OUT"))
        .map(r -> r.id).collect(Collectors.toSet());
    assertEquals(fiOut,
        Set.copyOf(all(slice(Direction.OUT, null, new TransmissionQuery.ReportingSlice(feb, mar, "PFI000222")), 2)));
    String buyer = BUYERS[0];
    assertEquals(
        counted.stream().filter(r -> buyer.equals(r.direction.equals("IN") ? r.sender : r.receiver))
            .map(r -> r.id).collect(Collectors.toSet()),
        Set.copyOf(all(slice(null, buyer, new TransmissionQuery.ReportingSlice(feb, mar, null)), 2)));
    assertEquals(List.of(rows.get(57).id),
        all(slice(null, null, new TransmissionQuery.ReportingSlice(mar, mar.plus(Duration.ofDays(31)), null)), 5));
    assertTrue(all(slice(null, null, new TransmissionQuery.ReportingSlice(feb, mar, "PXX000000")), 5).isEmpty());
  }

  private static Filter slice(Direction d, String counterpart, TransmissionQuery.ReportingSlice s) {
    return new Filter(d, List.of(), null, counterpart, null, null, null, s, false);
  }

  @Test
  void chainAndCountsAndLinks() {
    assertEquals(expected(r -> "PO-2".equals(r.orderRef)),
        new TransmissionLinks(db, Clock.systemUTC()).chain("PO-2").stream().map(t -> t.id()).collect(Collectors.toSet()));
    long total = new DashboardCounts(db, Clock.systemUTC()).countsSince(Instant.now().minus(Duration.ofDays(1))).stream().mapToLong(c -> c.count()).sum();
    assertEquals(rows.size(), total);
    TransmissionLinks links = new TransmissionLinks(db, Clock.systemUTC());
    links.link(rows.get(1).id, rows.get(3).id, "RESEND", "tester");
    assertEquals(1, links.links(rows.get(3).id).size());
    assertEquals(rows.get(1).id, links.links(rows.get(3).id).get(0).fromId());
    assertTrue(new DashboardCounts(db, Clock.systemUTC()).outboxBacklog().size() >= 0);
  }
}
