package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The identifier search on PostgreSQL, where V69's trigram index serves the partial match. */
class IdentifierSearchPostgresTest extends IdentifierSearchContract {
  private EmbeddedPostgres pg;

  @Override
  protected Database open() throws Exception {
    pg = EmbeddedPostgres.builder().start();
    return Database.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", 4);
  }

  @AfterAll
  void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
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
