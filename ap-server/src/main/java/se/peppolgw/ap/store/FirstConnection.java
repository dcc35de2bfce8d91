package se.peppolgw.ap.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first connection to an embedded H2 database at start-up, with more patience than the pool's
 * 5 s request timeout. Opening the file (and recovering it after a kill) runs inside that first
 * request; on a busy machine it took longer than 5 s and the gateway refused to start. An
 * embedded database cannot be "down", only slow, so waiting is right here; PostgreSQL keeps the
 * short timeout (a dead server must be reported quickly).
 */
final class FirstConnection {
  private static final Logger LOG = LoggerFactory.getLogger(FirstConnection.class);
  static final Duration H2_PATIENCE = Duration.ofMinutes(2);

  private FirstConnection() {}

  private static void pause() throws SQLException {
    try {
      Thread.sleep(200); // the pool already waited its 5 s; this only guards against a fast failure
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while opening the database", e);
    }
  }

  static Connection open(DataSource ds, Duration patience) throws SQLException {
    long deadline = System.nanoTime() + patience.toNanos();
    boolean told = false;
    while (true) {
      try {
        return ds.getConnection();
      } catch (SQLTransientConnectionException slow) {
        if (System.nanoTime() - deadline >= 0) {
          throw slow;
        }
        if (!told) {
          LOG.warn("Opening the H2 database takes longer than usual (a busy machine, or recovery after a crash); waiting up to {} s",
              patience.toSeconds());
          told = true;
        }
        pause();
      }
    }
  }
}
