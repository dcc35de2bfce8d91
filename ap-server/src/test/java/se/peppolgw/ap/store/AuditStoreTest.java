package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditStoreTest {
  @TempDir Path dir;

  @Test
  void keepsEntriesNewestFirstPerTargetAndCutsToTheColumns() throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"), "sa", "", 2)) {
      AuditStore audit = new AuditStore(db);
      Instant at = Instant.parse("2026-05-01T08:00:00Z");
      audit.insert(at, "anna", "LOGIN", null, "OK", null, "10.0.0.1");
      audit.insert(at.plusSeconds(1), "anna", "RESEND", "tx-1", "OK", "second copy", "10.0.0.1");
      audit.insert(at.plusSeconds(2), "a".repeat(300), "CANCEL", "tx-2", "REFUSED", "d".repeat(5000), null);

      List<AuditStore.Entry> all = audit.recent(null, 10);
      assertEquals(List.of("CANCEL", "RESEND", "LOGIN"), all.stream().map(AuditStore.Entry::action).toList());
      assertEquals(100, all.get(0).actor().length());
      assertEquals(4000, all.get(0).detail().length());
      assertEquals(at.plusSeconds(1), all.get(1).at());

      List<AuditStore.Entry> one = audit.recent("tx-1", 10);
      assertEquals(1, one.size());
      assertEquals("second copy", one.get(0).detail());
      assertEquals("10.0.0.1", one.get(0).remoteAddress());
      assertEquals(1, audit.recent(null, 1).size());
    }
  }

  @Test
  void aClosedDatabaseIsAStoreException() throws Exception {
    Database db = Database.open("jdbc:h2:file:" + dir.resolve("db2"), "sa", "", 2);
    AuditStore audit = new AuditStore(db);
    db.close();
    assertThrows(StoreException.class, () -> audit.insert(Instant.now(), "a", "LOGIN", null, "OK", null, null));
    assertThrows(StoreException.class, () -> audit.recent(null, 5));
  }
}
