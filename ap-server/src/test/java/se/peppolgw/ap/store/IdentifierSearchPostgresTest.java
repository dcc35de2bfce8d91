package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.store.TransmissionQuery.Filter;
import se.peppolgw.ap.store.TransmissionQuery.Page;
import se.peppolgw.ap.testkit.TestPostgres;

/** The identifier search on PostgreSQL, where V69's trigram index serves the partial match. */
class IdentifierSearchPostgresTest extends IdentifierSearchContract {
  private EmbeddedPostgres pg;

  @Override
  protected Database open() throws Exception {
    pg = TestPostgres.start();
    return Database.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", 4);
  }

  @AfterAll
  void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  /**
   * The time slice below the window ends exactly on a matching row: that row is in the slice
   * ({@code created_at >= start}), not lost between the slice and the older rest. Rows a minute
   * apart, the newest five (the window) all matching, below them every second one; with pages of 9
   * (10 fetched) the window's 5 matches send the slice 2 × its 4 minutes back, onto row 12.
   */
  @Test
  void aRowOnTheSlicesEdgeIsFoundOnce() throws Exception {
    try (Connection c = db.connection(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE slice_edge");
    }
    try (Database edge = Database.open(pg.getJdbcUrl("postgres", "slice_edge"), "postgres", "", 2)) {
      java.time.Instant newest = java.time.Instant.parse("2026-11-20T12:00:00Z");
      try (Connection c = edge.connection();
          var ps = c.prepareStatement("INSERT INTO transmission (id, direction, state, business_id, sender_id,"
              + " receiver_id, doctype_id, created_at, updated_at) VALUES (?,'IN','HANDED_OVER',?,?,?,?,?,?)")) {
        for (int i = 0; i < 30; i++) {
          java.time.OffsetDateTime at = java.time.OffsetDateTime.ofInstant(newest.minusSeconds(60L * i), java.time.ZoneOffset.UTC);
          boolean matches = i < 5 || i % 2 == 0;
          Jdbc.bind(ps, "edge-" + i, (matches ? "SLICE-" : "OTHER-") + i, OTHER_BUYER, SUPPLIER, "urn:test:doctype", at, at);
          ps.executeUpdate();
        }
      }
      Filter f = text("slice-");
      List<Page> plain = pages(new TransmissionQuery(edge, 0), f, 9);
      assertEquals(List.of("edge-0", "edge-1", "edge-2", "edge-3", "edge-4", "edge-6", "edge-8", "edge-10", "edge-12"),
          plain.get(0).items().stream().map(Transmission::id).toList());
      assertEquals(plain, pages(new TransmissionQuery(edge, 5), f, 9));
    }
  }

  @Test
  void theEmbeddedServerShipsPgTrgm() throws Exception {
    try (Connection c = db.connection();
        ResultSet rs = c.createStatement().executeQuery("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")) {
      assertTrue(rs.next(), "pg_trgm installed by V69");
    }
  }

  /**
   * The planner takes an expression index only for the same expression: the query's must be the
   * index's. With sequential and plain index scans off, the only way left to answer the LIKEs
   * without reading every row is the trigram index, once per column.
   */
  @Test
  void thePartialMatchIsAnsweredFromTheTrigramIndex() throws Exception {
    IdentifierSearch.Predicate p = new IdentifierSearch("inv-2026-0042").partialMatch();
    StringBuilder plan = new StringBuilder();
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("SET LOCAL enable_seqscan = off");
        st.execute("SET LOCAL enable_indexscan = off");
      }
      try (var ps = c.prepareStatement("EXPLAIN SELECT id FROM transmission WHERE " + p.sql())) {
        Jdbc.bind(ps, p.params().toArray());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
      }
      c.rollback();
    }
    assertEquals(IdentifierSearch.COLUMNS.size(),
        plan.toString().split("Bitmap Index Scan on ix_tx_search_trgm", -1).length - 1, plan.toString());
  }

  @Test
  void theMigrationIndexesExactlyTheExpressionTheQuerySearches() throws Exception {
    String sql;
    try (InputStream in = getClass().getClassLoader()
        .getResourceAsStream("db/migration-postgresql/V69__identifier_search.sql")) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String normalised = sql.replaceAll("\\s+", " ");
    for (String column : IdentifierSearch.COLUMNS) {
      assertTrue(normalised.contains(" " + IdentifierSearch.expression(column) + " gin_trgm_ops"), column);
    }
    try (Connection c = db.connection();
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_tx_search_trgm' AND indexdef LIKE '%USING gin%'")) {
      rs.next();
      assertEquals(1, rs.getInt(1));
    }
  }
}
