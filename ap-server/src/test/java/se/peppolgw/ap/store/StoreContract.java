package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.store.InboundOutcome.DuplicateKind;
import se.peppolgw.ap.store.InboxStore.AckResult;
import se.peppolgw.ap.ubl.BusinessFacts;

/**
 * The store's behaviour, run against every engine (subclasses supply the database). Each test
 * starts from empty tables.
 */
abstract class StoreContract {
  protected Database db;
  protected TransmissionStore store;

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
    store = new TransmissionStore(db, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    db.close();
  }

  static InboundRecord record(String as4Id, String sbdhId, String sender) {
    byte[] sbd = ("<sbd id='" + as4Id + "'>åäö</sbd>").getBytes(StandardCharsets.UTF_8);
    byte[] doc = ("<Invoice>" + sbdhId + "</Invoice>").getBytes(StandardCharsets.UTF_8);
    return new InboundRecord(
        as4Id, "conv-" + as4Id, sbdhId, sender, "0007:5567212345",
        "urn:doc", "urn:proc", "SE", "PSE000002", "127.0.0.1", BusinessFacts.of("INV-1", "PO-1", "REF-1"),
        sbd, doc, -1, null);
  }

  @Test
  void storesMessageWithPayloadsAndTimeline() {
    InboundRecord r = record("m1@test", "sbdh-1", "0088:123");
    InboundOutcome o = store.storeInbound(r);
    Transmission t = store.find(o.transmissionId()).orElseThrow();
    assertEquals(TransmissionState.RECEIVED, t.state());
    assertEquals("m1@test", t.as4MessageId());
    assertEquals("sbdh-1", t.sbdhInstanceId());
    assertEquals(Digests.sha256Hex(r.sbd()), t.sbdSha256());
    assertEquals((long) r.document().length, t.documentSize());
    assertArrayEquals(r.sbd(), store.payload(t.id(), PayloadKind.SBD).orElseThrow());
    assertArrayEquals(r.document(), store.payload(t.id(), PayloadKind.DOCUMENT).orElseThrow());
    List<TimelineEvent> tl = store.timeline(t.id());
    assertEquals(EventType.RECEIVED, tl.get(0).type());
  }

  @Test
  void aDocumentThatIsASliceOfTheSbdIsStoredOnceAndReadBackExactly() throws Exception {
    String doc = "<Invoice>räksmörgås 😀</Invoice>";
    byte[] sbd = ("<sbd><h/>" + doc + "</sbd>").getBytes(StandardCharsets.UTF_8);
    byte[] docBytes = doc.getBytes(StandardCharsets.UTF_8);
    int offset = "<sbd><h/>".length();
    InboundRecord r = withDocument(record("slice@test", "sbdh-slice", "0088:123"), sbd, docBytes, offset);
    String id = store.storeInbound(r).transmissionId();
    assertArrayEquals(docBytes, store.payload(id, PayloadKind.DOCUMENT).orElseThrow());
    assertArrayEquals(sbd, store.payload(id, PayloadKind.SBD).orElseThrow());
    assertEquals((long) docBytes.length, store.find(id).orElseThrow().documentSize());
    assertEquals(0, storedContentLength(id, PayloadKind.DOCUMENT), "the bytes are kept once, in the SBD");

    // an offset that does not point at the document's bytes is not trusted: a full copy is kept
    InboundRecord wrong = withDocument(record("slice2@test", "sbdh-slice2", "0088:123"), sbd, docBytes, offset + 1);
    String id2 = store.storeInbound(wrong).transmissionId();
    assertArrayEquals(docBytes, store.payload(id2, PayloadKind.DOCUMENT).orElseThrow());
    assertEquals(docBytes.length, storedContentLength(id2, PayloadKind.DOCUMENT));
  }

  @Test
  void eachDigestIsThatOfItsOwnBytesWhetherTheDocumentIsASliceOrACopy() throws Exception {
    String doc = "<Invoice>digest</Invoice>";
    byte[] sbd = ("<sbd><h/>" + doc + "</sbd>").getBytes(StandardCharsets.UTF_8);
    byte[] docBytes = doc.getBytes(StandardCharsets.UTF_8);
    int offset = "<sbd><h/>".length();
    for (int at : new int[] {offset, -1}) {
      InboundRecord r = withDocument(record("digest" + at + "@test", "sbdh-digest" + at, "0088:123"), sbd, docBytes, at);
      String id = store.storeInbound(r).transmissionId();
      Transmission t = store.find(id).orElseThrow();
      assertEquals(Digests.sha256Hex(sbd), t.sbdSha256());
      assertEquals(Digests.sha256Hex(docBytes), t.documentSha256());
      assertEquals(Digests.sha256Hex(sbd), storedSha256(id, PayloadKind.SBD));
      assertEquals(Digests.sha256Hex(docBytes), storedSha256(id, PayloadKind.DOCUMENT));
    }
  }

  private String storedSha256(String id, PayloadKind kind) throws Exception {
    try (Connection c = db.connection();
        java.sql.PreparedStatement ps =
            c.prepareStatement("SELECT sha256 FROM payload WHERE transmission_id = ? AND kind = ?")) {
      ps.setString(1, id);
      ps.setString(2, kind.name());
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        return rs.getString(1);
      }
    }
  }

  private static InboundRecord withDocument(InboundRecord r, byte[] sbd, byte[] doc, int offset) {
    return new InboundRecord(
        r.as4MessageId(), r.as4ConversationId(), r.sbdhInstanceId(), r.senderId(), r.receiverId(),
        r.documentTypeId(), r.processId(), r.c1Country(), r.remoteAp(), r.remoteAddress(),
        r.facts(), sbd, doc, offset, null);
  }

  private int storedContentLength(String id, PayloadKind kind) throws Exception {
    try (Connection c = db.connection();
        java.sql.PreparedStatement ps =
            c.prepareStatement("SELECT content FROM payload WHERE transmission_id = ? AND kind = ?")) {
      ps.setString(1, id);
      ps.setString(2, kind.name());
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        return rs.getBytes(1).length;
      }
    }
  }

  @Test
  void sameAs4MessageIdIsADuplicate() {
    String first = store.storeInbound(record("m2@test", "sbdh-2", "0088:123")).transmissionId();
    InboundOutcome again = store.storeInbound(record("m2@test", "sbdh-2", "0088:123"));
    InboundOutcome.Duplicate d = assertInstanceOf(InboundOutcome.Duplicate.class, again);
    assertEquals(first, d.originalId());
    assertEquals(DuplicateKind.AS4_MESSAGE_ID, d.kind());
    assertEquals(TransmissionState.DUPLICATE, store.find(d.transmissionId()).orElseThrow().state());
    assertTrue(store.timeline(first).stream().anyMatch(e -> e.type() == EventType.DUPLICATE));
    assertEquals(1, store.inbox().inboxPending(0, 10).size(), "only the original is pending");
  }

  @Test
  void newAs4IdWithSameSbdhInstanceIsADuplicate() {
    String first = store.storeInbound(record("m3@test", "sbdh-3", "0088:123")).transmissionId();
    InboundOutcome.Duplicate d =
        assertInstanceOf(
            InboundOutcome.Duplicate.class,
            store.storeInbound(record("m3-retry@test", "sbdh-3", "0088:123")));
    assertEquals(first, d.originalId());
    assertEquals(DuplicateKind.SBDH_INSTANCE_ID, d.kind());
  }

  @Test
  void sameSbdhInstanceFromAnotherSenderIsNotADuplicate() {
    store.storeInbound(record("m4@test", "sbdh-4", "0088:123"));
    assertInstanceOf(
        InboundOutcome.Accepted.class, store.storeInbound(record("m5@test", "sbdh-4", "0088:999")));
  }

  @Test
  void concurrentCopiesAreAcceptedExactlyOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<InboundOutcome>> fs = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Callable<InboundOutcome> c = () -> store.storeInbound(record("race@test", "sbdh-race", "0088:1"));
        fs.add(pool.submit(c));
      }
      int accepted = 0;
      int duplicates = 0;
      for (Future<InboundOutcome> f : fs) {
        InboundOutcome o = f.get();
        if (o instanceof InboundOutcome.Accepted) {
          accepted++;
        } else {
          duplicates++;
        }
      }
      assertEquals(1, accepted);
      assertEquals(15, duplicates);
      assertEquals(1, store.inbox().inboxPending(0, 100).size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void failedWriteLeavesNothingBehind() throws Exception {
    InboundRecord broken =
        new InboundRecord(
            "broken@test", null, "sbdh-broken", "0088:1", "0007:1", null, null, null, "PSE000002",
            null, BusinessFacts.NONE, "<x/>".getBytes(StandardCharsets.UTF_8), null, -1, null);
    assertThrows(RuntimeException.class, () -> store.storeInbound(broken));
    assertEquals(0, countRows("transmission"));
    assertEquals(0, countRows("inbound_dedup"));
    assertEquals(0, countRows("payload"));
    // and the ids are still free: the corrected message is accepted
    assertInstanceOf(
        InboundOutcome.Accepted.class, store.storeInbound(record("broken@test", "sbdh-broken", "0088:1")));
  }

  @Test
  void inboxPagesWithCursorAndAck() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 25; i++) {
      ids.add(store.storeInbound(record("p" + i + "@test", "s" + i, "0088:1")).transmissionId());
    }
    List<String> seen = new ArrayList<>();
    long cursor = 0;
    while (true) {
      List<Transmission> page = store.inbox().inboxPending(cursor, 10);
      if (page.isEmpty()) {
        break;
      }
      page.forEach(t -> seen.add(t.id()));
      cursor = page.get(page.size() - 1).seq();
    }
    assertEquals(25, seen.size());
    assertEquals(ids, new HashSet<>(seen));
    String first = seen.get(0);
    assertEquals(AckResult.ACKNOWLEDGED, store.inbox().acknowledge(first, "test"));
    assertEquals(AckResult.ALREADY_ACKNOWLEDGED, store.inbox().acknowledge(first, "test"));
    assertEquals(AckResult.NOT_FOUND, store.inbox().acknowledge(UUID.randomUUID().toString(), "test"));
    assertEquals(24, store.inbox().inboxPending(0, 100).size());
    assertEquals(TransmissionState.ACKNOWLEDGED, store.find(first).orElseThrow().state());
  }

  @Test
  void handOverHappensOnce() {
    String id = store.storeInbound(record("h@test", "sh", "0088:1")).transmissionId();
    assertEquals(1, store.inbox().awaitingHandover(10).size());
    assertTrue(store.inbox().markHandedOver(id, "folder"));
    assertTrue(!store.inbox().markHandedOver(id, "folder"));
    assertEquals(0, store.inbox().awaitingHandover(10).size());
    assertEquals(1, store.inbox().inboxPending(0, 10).size(), "handed over but not yet acknowledged");
  }

  @Test
  void rejectedIsRecordedAndNotAcknowledgeable() {
    String id = store.storeRejected(record("r@test", null, "0088:1"), "EBMS:0004", "because");
    Transmission t = store.find(id).orElseThrow();
    assertEquals(TransmissionState.REJECTED, t.state());
    assertEquals("EBMS:0004", t.errorCode());
    assertEquals(AckResult.NOT_ACKNOWLEDGEABLE, store.inbox().acknowledge(id, "x"));
    assertEquals(0, store.inbox().inboxPending(0, 10).size());
  }

  @Test
  void signalsAreKeptVerbatim() {
    String id = store.storeInbound(record("s@test", "ss", "0088:1")).transmissionId();
    byte[] receipt = "<S:Envelope>receipt</S:Envelope>".getBytes(StandardCharsets.UTF_8);
    store.attachSignal(id, PayloadKind.RECEIPT, receipt, TimelineEvent.of(EventType.RECEIPT_SENT, "sent"));
    assertArrayEquals(receipt, store.payload(id, PayloadKind.RECEIPT).orElseThrow());
    assertEquals(EventType.RECEIPT_SENT, store.timeline(id).get(1).type());
  }

  @Test
  void duplicateWindowPurgeForgetsOldIds() {
    store.storeInbound(record("old@test", "sold", "0088:1"));
    assertEquals(0, store.purgeDedupBefore(Instant.now().minus(Duration.ofDays(1))));
    assertEquals(2, store.purgeDedupBefore(Instant.now().plusSeconds(5)));
    assertInstanceOf(InboundOutcome.Accepted.class, store.storeInbound(record("old@test", "sold", "0088:1")));
  }

  // ------------------------------------------------------------------ group commit

  /**
   * Holds the group-commit writer inside a unit of work until {@link #release()}, so that the units
   * submitted meanwhile queue up and form the next batch. Owns the threads the test submits on.
   */
  private final class HeldWriter implements AutoCloseable {
    final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Future<Object> holder;

    HeldWriter() throws Exception {
      CountDownLatch holding = new CountDownLatch(1);
      holder =
          pool.submit(
              () ->
                  db.inSharedTransaction(
                      c -> {
                        holding.countDown();
                        try {
                          release.await();
                        } catch (InterruptedException e) {
                          throw new IllegalStateException(e);
                        }
                        return null;
                      }));
      assertTrue(holding.await(10, TimeUnit.SECONDS), "the writer never took the holding unit");
    }

    <T> Future<T> submit(java.util.concurrent.Callable<T> work) {
      return pool.submit(work);
    }

    /** Lets the writer go on and waits until the holding unit is done. */
    void release() throws Exception {
      release.countDown();
      holder.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      release.countDown();
      pool.shutdownNow();
    }
  }

  private void awaitQueued(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (db.groupCommit().queued() < n) {
      assertTrue(System.nanoTime() < deadline, "units did not queue up");
      Thread.sleep(5);
    }
  }

  @Test
  void queuedMessagesShareOneCommitAndAFailingUnitSpoilsOnlyItself() throws Exception {
    try (HeldWriter held = new HeldWriter()) {
      long commitsBefore = db.groupCommit().commits();

      Future<InboundOutcome> first = held.submit(() -> store.storeInbound(record("gc1@test", "gc-s1", "0088:1")));
      awaitQueued(1);
      // writes an event row, then fails: the row must not survive, the others must
      Future<Object> failing =
          held.submit(
              () ->
                  db.inSharedTransaction(
                      c -> {
                        Jdbc.update(
                            c,
                            "INSERT INTO inbound_dedup (kind, scope, id_value, transmission_id, created_at)"
                                + " VALUES ('AS4', 'x', 'spoiled', 'none', ?)",
                            Instant.now());
                        return Jdbc.update(c, "INSERT INTO no_such_table VALUES (1)");
                      }));
      awaitQueued(2);
      // same AS4 MessageId as the first message, in the same transaction: a duplicate of it
      Future<InboundOutcome> copy = held.submit(() -> store.storeInbound(record("gc1@test", "gc-s2", "0088:1")));
      awaitQueued(3);
      held.release();

      InboundOutcome accepted = first.get(10, TimeUnit.SECONDS);
      InboundOutcome duplicate = copy.get(10, TimeUnit.SECONDS);
      ExecutionException failure = assertThrows(ExecutionException.class, () -> failing.get(10, TimeUnit.SECONDS));
      assertInstanceOf(StoreException.class, failure.getCause());

      assertInstanceOf(InboundOutcome.Accepted.class, accepted);
      InboundOutcome.Duplicate dup = assertInstanceOf(InboundOutcome.Duplicate.class, duplicate);
      assertEquals(accepted.transmissionId(), dup.originalId());
      // the holder's batch, then one commit for the three queued units
      assertEquals(commitsBefore + 2, db.groupCommit().commits());
      assertEquals(0, countRows("inbound_dedup WHERE id_value = 'spoiled'"));
      assertTrue(store.find(accepted.transmissionId()).isPresent());
      assertEquals(TransmissionState.DUPLICATE, store.find(dup.transmissionId()).orElseThrow().state());
    }
  }

  @Test
  void aBatchWhoseCommitFailsReportsNoneOfItsUnitsAsStored() throws Exception {
    try (HeldWriter held = new HeldWriter()) {
      Future<InboundOutcome> message = held.submit(() -> store.storeInbound(record("gc2@test", "gc-s3", "0088:1")));
      awaitQueued(1);
      // runs after the message's work in the same transaction and leaves nothing to commit on
      Future<Object> breaker =
          held.submit(
              () ->
                  db.inSharedTransaction(
                      c -> {
                        c.close();
                        return null;
                      }));
      awaitQueued(2);
      held.release();

      // the message's own work ran without error, but its transaction never committed
      ExecutionException e = assertThrows(ExecutionException.class, () -> message.get(10, TimeUnit.SECONDS));
      assertInstanceOf(StoreException.class, e.getCause());
      assertThrows(ExecutionException.class, () -> breaker.get(10, TimeUnit.SECONDS));
      assertTrue(store.findByAs4MessageId("gc2@test").isEmpty());
      assertEquals(0, countRows("inbound_dedup"));
      // and the writer carries on: the sender's retry is stored
      assertInstanceOf(
          InboundOutcome.Accepted.class, store.storeInbound(record("gc2@test", "gc-s3", "0088:1")));
    }
  }

  @Test
  void closingTheDatabaseCommitsWhatIsQueuedAndRefusesNewWork() throws Exception {
    try (HeldWriter held = new HeldWriter()) {
      Future<InboundOutcome> queued = held.submit(() -> store.storeInbound(record("close@test", "close-1", "0088:1")));
      awaitQueued(1);
      Future<Object> closing =
          held.submit(
              () -> {
                db.groupCommit().close();
                return null;
              });
      held.release();
      closing.get(30, TimeUnit.SECONDS);
      // what was queued before the close is committed, not dropped
      String id = queued.get(10, TimeUnit.SECONDS).transmissionId();
      assertTrue(store.find(id).isPresent());
      StoreException refused =
          assertThrows(StoreException.class, () -> store.storeInbound(record("late@test", "late-1", "0088:1")));
      assertTrue(refused.getMessage().contains("shutting down"), refused.getMessage());
    }
  }

  @Test
  void retentionPurgesSettledTransmissionsOfItsTypesOnlyAndTheirPayloadsAndTimeline() throws Exception {
    String first = store.storeInbound(record("r1@test", "sbdh-r1", "0088:1")).transmissionId();
    String second = store.storeInbound(record("r2@test", "sbdh-r2", "0088:2")).transmissionId();
    String waiting = store.storeInbound(record("r3@test", "sbdh-r3", "0088:3")).transmissionId();
    assertTrue(store.inbox().markHandedOver(first, "folder"));
    assertTrue(store.inbox().markHandedOver(second, "folder"));
    RetentionStore retention = new RetentionStore(db);
    Instant later = Instant.now().plusSeconds(60);
    assertEquals(0, retention.purgeBatch(RetentionStore.DocumentTypes.matching("%::Invoice##%"), later, 10),
        "another document type");
    assertEquals(0, retention.purgeBatch(RetentionStore.DocumentTypes.matching("urn:%"),
        Instant.now().minusSeconds(3600), 10), "too young");
    RetentionStore.DocumentTypes other = RetentionStore.DocumentTypes.notMatching(List.of("%::Invoice##%"));
    assertEquals(1, retention.purgeBatch(other, later, 1), "one batch of one");
    assertEquals(1, retention.purgeBatch(other, later, 10));
    assertEquals(0, retention.purgeBatch(other, later, 10), "not yet handed over: kept");
    for (String gone : List.of(first, second)) {
      assertTrue(store.find(gone).isEmpty());
      assertEquals(0, countRows("payload WHERE transmission_id = '" + gone + "'"));
      assertEquals(0, countRows("transmission_event WHERE transmission_id = '" + gone + "'"));
    }
    assertTrue(store.find(waiting).isPresent());
  }

  private long countRows(String table) throws Exception {
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
