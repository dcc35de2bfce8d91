package se.peppolgw.ap.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.Database;
import se.peppolgw.punchout.event.SessionEvent;
import se.peppolgw.punchout.event.SetupEvent;
import se.peppolgw.punchout.event.TransferEvent;

class JdbcPunchoutEventLogTest {
  @TempDir Path dir;

  @Test
  void recordsEveryKindWithTheExactPayload() throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"), "sa", "", 2)) {
      JdbcPunchoutEventLog log = new JdbcPunchoutEventLog(db);
      Instant now = Instant.now();
      log.setupRequested(new SetupEvent(now, "OCI", "vgr", "vgr-user", "s1", "login", "ACCEPTED", 302, "HOOK_URL ok", "127.0.0.1"));
      log.sessionChanged(new SessionEvent(now, "s1", "vgr", "OCI", "CREATED", "ACTIVE", "start page opened"));
      String payload = "NEW_ITEM-DESCRIPTION[1]=Räksmörgås 😀&NEW_ITEM-QUANTITY[1]=2";
      log.cartTransferred(new TransferEvent(now, "s1", "vgr", "OCI", "https://proceedo.example/hook", 1,
          new BigDecimal("123.4567"), "SEK", "application/x-www-form-urlencoded", payload, "SENT", null));
      try (Connection c = db.connection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT kind, payload, total, to_state FROM punchout_event ORDER BY seq")) {
        rs.next();
        assertEquals("SETUP", rs.getString(1));
        rs.next();
        assertEquals("SESSION", rs.getString(1));
        assertEquals("ACTIVE", rs.getString(4));
        rs.next();
        assertEquals("TRANSFER", rs.getString(1));
        assertEquals(payload, rs.getString(2));
        assertEquals(0, new BigDecimal("123.4567").compareTo(rs.getBigDecimal(3)));
      }
    }
  }

  @Test
  void aBrokenDatabaseDoesNotBreakThePunchOut() throws Exception {
    Database db = Database.open("jdbc:h2:file:" + dir.resolve("db2"), "sa", "", 2);
    JdbcPunchoutEventLog log = new JdbcPunchoutEventLog(db);
    db.close();
    // must not throw
    log.sessionChanged(new SessionEvent(Instant.now(), "s", "b", "OCI", "ACTIVE", "EXPIRED", "idle"));
  }
}
