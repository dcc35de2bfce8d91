package se.peppolgw.ap.punchout;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.testkit.TestPostgres;

/** The punch-out stores on a real PostgreSQL server started for this test class. */
class PostgresPunchoutStoresTest extends PunchoutStoresContract {
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
  protected Database openDatabase(Path dir) {
    Database db = Database.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", 8);
    // each test starts from empty tables on the shared server
    try (Connection c = db.connection(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM punchout_session");
      s.execute("DELETE FROM punchout_login_failure");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return db;
  }
}
