package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.testkit.TestPostgres;

/** The desk's chain tables (V68) on a real PostgreSQL server: recorded lines come back exactly. */
class DeskStorePostgresTest {
  private static EmbeddedPostgres pg;
  private static Database db;

  @BeforeAll
  static void start() throws Exception {
    pg = TestPostgres.start();
    db = Database.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", 4);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
    pg.close();
  }

  @Test
  void recordsAndReadsTheChainOfAnOrder() {
    DeskStore desk = new DeskStore(db, Clock.systemUTC());
    Map<String, DeskStore.ChainLine> lines = new LinkedHashMap<>();
    lines.put("1", new DeskStore.ChainLine(new BigDecimal("40.125"), null));
    lines.put("2", new DeskStore.ChainLine(new BigDecimal("10"), "100-2003"));
    desk.record(new DeskStore.ChainDocument("t-desp", "t-order", "DESPATCH_ADVICE", "PO-1-D1", null, null,
        LocalDate.of(2026, 12, 1), "token", null, null, lines));
    desk.record(new DeskStore.ChainDocument("t-other", "t-order-2", "INVOICE", "F-1", null, null,
        LocalDate.of(2026, 12, 2), "token", null, null, Map.of("1", new DeskStore.ChainLine(BigDecimal.ONE, null))));
    List<DeskStore.ChainDocument> chain = desk.chain("t-order");
    assertEquals(1, chain.size());
    DeskStore.ChainDocument d = chain.get(0);
    assertEquals("PO-1-D1", d.documentId());
    assertEquals(LocalDate.of(2026, 12, 1), d.issueDate());
    assertNull(d.state(), "no transmission row: purged");
    assertEquals(0, new BigDecimal("40.125").compareTo(d.lines().get("1").quantity()));
    assertEquals("100-2003", d.lines().get("2").article());
    assertTrue(d.createdAt() != null);
    assertTrue(desk.received("PO-unknown").isEmpty());
  }
}
