package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.testkit.TestPostgres;

/** The gateway warns at start when PostgreSQL would answer a commit before it is on the disk. */
class PostgresDurabilityCheckTest {

  @Test
  void warnsAboutEachSettingThatLetsACommitReturnBeforeTheDisk() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(Database.class);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    log.addAppender(seen);
    try (EmbeddedPostgres pg = TestPostgres.start(b -> b
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off"));
        Database db = Database.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", 2)) {
      List<String> warnings = db.durabilityWarnings();
      assertEquals(3, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).startsWith("PostgreSQL fsync = off"), warnings.get(0));
      assertTrue(warnings.get(1).startsWith("PostgreSQL synchronous_commit = off"), warnings.get(1));
      assertTrue(warnings.get(2).startsWith("PostgreSQL full_page_writes = off"), warnings.get(2));
      List<ILoggingEvent> logged =
          seen.list.stream().filter(e -> e.getFormattedMessage().startsWith("Not durable: ")).toList();
      assertEquals(3, logged.size(), seen.list.toString());
      assertTrue(logged.stream().allMatch(e -> e.getLevel() == Level.WARN));
    } finally {
      log.detachAppender(seen);
    }
  }

  @Test
  void quietOnTheSafeSettingsAndSeesARoleThatSwitchesSynchronousCommitOff() throws Exception {
    // the embedded server turns both off for speed: PostgreSQL's own defaults back
    try (EmbeddedPostgres pg = TestPostgres.start(b -> b
        .setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on"))) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      try (Database db = Database.open(url, "postgres", "", 2)) {
        assertEquals(List.of(), db.durabilityWarnings());
      }
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("ALTER ROLE postgres SET synchronous_commit = off");
      }
      try (Database db = Database.open(url, "postgres", "", 2)) {
        assertEquals(1, db.durabilityWarnings().size(), db.durabilityWarnings().toString());
        assertTrue(db.durabilityWarnings().get(0).contains("synchronous_commit = off"));
      }
    }
  }
}
