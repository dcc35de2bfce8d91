package se.peppolgw.ap.ops;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.testkit.TestPostgres;

/** The same on a real PostgreSQL server. */
class TransmissionQueryPostgresTest extends TransmissionQueryContract {
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
}
