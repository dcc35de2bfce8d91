package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.punchout.event.SessionEvent;
import se.peppolgw.punchout.event.SetupEvent;
import se.peppolgw.punchout.event.TransferEvent;

class PunchoutEventStoreTest {
  @TempDir Path dir;

  @Test
  void recordsEveryKindWithTheExactPayload() throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"), "sa", "", 2)) {
      PunchoutEventStore log = new PunchoutEventStore(db);
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
  void readsNewestFirstWithoutPayloadsAndOneSessionWithThem() throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db3"), "sa", "", 2)) {
      PunchoutEventStore log = new PunchoutEventStore(db);
      Instant now = Instant.parse("2026-03-01T10:00:00Z");
      log.setupRequested(new SetupEvent(now, "CXML", "acme", "acme-user", "s1", "create", "ACCEPTED", 200, null, "10.0.0.1"));
      log.sessionChanged(new SessionEvent(now.plusSeconds(1), "s1", "acme", "CXML", "CREATED", "ACTIVE", "opened"));
      log.cartTransferred(new TransferEvent(now.plusSeconds(2), "s1", "acme", "CXML", "https://buyer.example/back", 2,
          new BigDecimal("49.00"), "SEK", "text/xml", "<cXML/>", "SENT", null));
      log.sessionChanged(new SessionEvent(now.plusSeconds(3), "s2", "acme", "OCI", "CREATED", "EXPIRED", "idle"));

      List<PunchoutEventStore.Event> recent = log.recent(0, 10);
      assertEquals(4, recent.size());
      assertEquals("s2", recent.get(0).sessionId());
      assertEquals(PunchoutEventStore.Kind.TRANSFER, recent.get(1).kind());
      assertNull(recent.get(1).payload(), "the list leaves the payloads out");
      assertEquals(2, recent.get(1).lineCount());

      List<PunchoutEventStore.Event> older = log.recent(recent.get(1).seq(), 10);
      assertEquals(List.of(PunchoutEventStore.Kind.SESSION, PunchoutEventStore.Kind.SETUP),
          older.stream().map(PunchoutEventStore.Event::kind).toList());
      assertEquals(200, older.get(1).statusCode());
      assertEquals("10.0.0.1", older.get(1).remoteAddress());

      List<PunchoutEventStore.Event> session = log.session("s1");
      assertEquals(3, session.size());
      assertEquals(now, session.get(0).at());
      assertEquals("<cXML/>", session.get(2).payload());
      assertEquals("ACTIVE", session.get(1).toState());
      assertTrue(log.session("nobody").isEmpty());
    }
  }

  @Test
  void aLongDetailIsCutButThePayloadIsKeptWhole() throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db4"), "sa", "", 2)) {
      PunchoutEventStore log = new PunchoutEventStore(db);
      String big = "x".repeat(9000);
      log.cartTransferred(new TransferEvent(Instant.now(), "s9", "acme", "OCI", "https://buyer.example/hook", 1,
          BigDecimal.ONE, "SEK", "text/plain", big, "FAILED", big));
      PunchoutEventStore.Event e = log.session("s9").get(0);
      assertEquals(big, e.payload());
      assertEquals(4000, e.detail().length());
      assertTrue(e.detail().endsWith("…"));
    }
  }

  @Test
  void aBrokenDatabaseDoesNotBreakThePunchOut() throws Exception {
    Database db = Database.open("jdbc:h2:file:" + dir.resolve("db2"), "sa", "", 2);
    PunchoutEventStore log = new PunchoutEventStore(db);
    db.close();
    // must not throw
    log.sessionChanged(new SessionEvent(Instant.now(), "s", "b", "OCI", "ACTIVE", "EXPIRED", "idle"));
    // but the operator's view says so
    assertThrows(StoreException.class, () -> log.recent(0, 10));
  }
}
