package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.peppol.BusinessIdentity;
import se.peppolgw.ap.testkit.ManualClock;
import se.peppolgw.ap.ubl.BusinessFacts;

/**
 * Received business duplicates on every engine (subclasses supply the database): the comparison
 * after the commit, its window, what does not count as an earlier document, and that each row is
 * checked once.
 */
abstract class BusinessDuplicateStoreContract {
  static final Duration WINDOW = Duration.ofDays(30);

  Database db;
  ManualClock clock;
  TransmissionStore store;
  BusinessDuplicateStore duplicates;

  protected abstract Database openDatabase() throws Exception;

  @BeforeEach
  void open() throws Exception {
    db = openDatabase();
    try (Connection c = db.connection(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM payload");
      s.execute("DELETE FROM transmission_event");
      s.execute("DELETE FROM inbound_dedup");
      s.execute("DELETE FROM inbound_followup");
      s.execute("DELETE FROM transmission");
    }
    clock = new ManualClock(Instant.parse("2026-05-04T08:00:00Z"));
    store = new TransmissionStore(db, clock);
    duplicates = new BusinessDuplicateStore(db, clock);
  }

  @AfterEach
  void close() {
    db.close();
  }

  /** A new AS4 message (new ids) carrying invoice {@code number} of {@code issueDate}. */
  String receive(String number, String issueDate) {
    String as4 = UUID.randomUUID() + "@test";
    byte[] doc = ("<Invoice>" + number + "</Invoice>").getBytes(StandardCharsets.UTF_8);
    String identity = BusinessIdentity.sha256("0088:7365560000009", "0007:5567212345", "urn:doc:invoice",
        "Invoice", number, issueDate).orElse(null);
    InboundRecord r = new InboundRecord(as4, "c-" + as4, UUID.randomUUID().toString(), "0088:7365560000009",
        "0007:5567212345", "urn:doc:invoice", "urn:proc", "SE", "PSE000002", "127.0.0.1", BusinessFacts.of(number, null, null),
        doc, doc, -1, identity);
    return store.storeInbound(r).transmissionId();
  }

  List<BusinessDuplicateStore.Flagged> check() {
    return duplicates.checkPending(WINDOW, 100, new int[1]);
  }

  @Test
  void theSecondCopyIsFlaggedOnceAndTheFirstStaysClean() {
    String first = receive("INV-1", "2026-05-01");
    String second = receive("INV-1", "2026-05-01");
    String third = receive("INV-1", "2026-05-01");
    String other = receive("INV-2", "2026-05-01");
    List<BusinessDuplicateStore.Flagged> flagged = check();
    assertEquals(List.of(new BusinessDuplicateStore.Flagged(second, first),
        new BusinessDuplicateStore.Flagged(third, first)), flagged);
    assertNull(store.find(first).orElseThrow().businessDuplicateOf());
    assertNull(store.find(other).orElseThrow().businessDuplicateOf());
    assertEquals(first, store.find(third).orElseThrow().businessDuplicateOf());
    assertEquals(TransmissionState.RECEIVED, store.find(second).orElseThrow().state(), "accepted all the same");
    assertTrue(check().isEmpty(), "every row is checked once");
    assertEquals(1, store.timeline(second).stream()
        .filter(e -> BusinessDuplicateStore.NOTE_CODE.equals(e.code())).count());
  }

  @Test
  void anEarlierDocumentOutsideTheWindowDoesNotCount() {
    receive("INV-9", "2026-01-02");
    check();
    clock.advance(WINDOW.plusDays(1));
    String late = receive("INV-9", "2026-01-02");
    assertTrue(check().isEmpty());
    assertNull(store.find(late).orElseThrow().businessDuplicateOf());
  }

  @Test
  void aDocumentWithoutANumberIsNeverCompared() {
    String a = receive(null, "2026-05-01");
    String b = receive(null, "2026-05-01");
    assertTrue(check().isEmpty());
    assertNull(store.find(a).orElseThrow().businessDuplicateOf());
    assertNull(store.find(b).orElseThrow().businessDuplicateOf());
  }
}
