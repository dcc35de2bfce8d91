package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gateway.db.group-commit-writers=0: every write in its own transaction, same outcomes. */
class H2WithoutGroupCommitTest {
  @TempDir Path dir;

  @Test
  void storesAndDetectsDuplicatesWithOneCommitPerWrite() {
    try (Database db =
        Database.open("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4, 0)) {
      assertNull(db.groupCommit());
      TransmissionStore store = new TransmissionStore(db, Clock.systemUTC());
      InboundOutcome first = store.storeInbound(StoreContract.record("nogc@test", "nogc-1", "0088:1"));
      assertInstanceOf(InboundOutcome.Accepted.class, first);
      InboundOutcome again = store.storeInbound(StoreContract.record("nogc@test", "nogc-2", "0088:1"));
      InboundOutcome.Duplicate dup = assertInstanceOf(InboundOutcome.Duplicate.class, again);
      assertEquals(first.transmissionId(), dup.originalId());
      assertEquals(TransmissionState.RECEIVED, store.find(first.transmissionId()).orElseThrow().state());
      assertEquals(true, store.inbox().markHandedOver(first.transmissionId(), "test"));
      assertEquals(TransmissionState.HANDED_OVER, store.find(first.transmissionId()).orElseThrow().state());
    }
  }
}
