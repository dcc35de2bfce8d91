package se.peppolgw.ap.outbound;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.testkit.TestPostgres;

/** The same outbox contract on a real PostgreSQL server started for this test class. */
class PostgresOutboxStoreTest extends OutboxStoreContract {
  private static EmbeddedPostgres pg;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = TestPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    pg.close();
  }

  @Override
  protected Database openDatabase() {
    return Database.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", 8);
  }
}
