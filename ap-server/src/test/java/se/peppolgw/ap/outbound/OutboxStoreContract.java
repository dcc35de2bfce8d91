package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.OutboxStore;
import se.peppolgw.ap.store.RepeatGuardStore;
import se.peppolgw.ap.store.OutboxStore.AttemptOutcome;
import se.peppolgw.ap.store.OutboxStore.Claim;
import se.peppolgw.ap.store.OutboxStore.NewOutbound;
import se.peppolgw.ap.store.OutboxStore.StoredPayload;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.ap.testkit.ManualClock;
import se.peppolgw.ap.ubl.BusinessFacts;

/** The outbound queue's behaviour on every engine (subclasses supply the database). */
abstract class OutboxStoreContract {
  static final Duration LEASE = Duration.ofMinutes(5);

  protected Database db;
  protected ManualClock clock;
  protected OutboxStore outbox;
  protected TransmissionStore store;

  protected abstract Database openDatabase() throws Exception;

  @BeforeEach
  void open() throws Exception {
    db = openDatabase();
    try (Connection c = db.connection(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM outbox");
      s.execute("DELETE FROM outbound_idempotency");
      s.execute("DELETE FROM outbound_identity");
      s.execute("DELETE FROM payload");
      s.execute("DELETE FROM transmission_event");
      s.execute("DELETE FROM inbound_dedup");
      s.execute("DELETE FROM inbound_followup");
      s.execute("DELETE FROM transmission");
    }
    clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    outbox = new OutboxStore(db, clock);
    store = new TransmissionStore(db, clock);
  }

  @AfterEach
  void close() {
    db.close();
  }

  static NewOutbound doc(String n) {
    return new NewOutbound(
        "0088:7300009025069", "0088:7365560000009", "urn:doc", "urn:proc", "SE",
        "sbdh-" + n, BusinessFacts.of("INV-" + n, "PO-" + n, null),
        ("<sbd n='" + n + "'>åäö</sbd>").getBytes(StandardCharsets.UTF_8),
        ("<Invoice>" + n + "</Invoice>").getBytes(StandardCharsets.UTF_8),
        List.of(TimelineEvent.of(EventType.VALIDATION_WARNING, "warning " + n).withCode("BR-W")));
  }

  static AttemptOutcome retry(Instant at) {
    return new AttemptOutcome(
        TransmissionState.RETRY_WAIT, at, "m1@gw", "c1", "PSE000002", "TRANSPORT_ERROR",
        "connection refused", List.of(TimelineEvent.of(EventType.SEND_ATTEMPT, "failed")), List.of());
  }

  @Test
  void enqueueStoresEverythingInOneGoAndIsDueAtOnce() {
    NewOutbound d = doc("1");
    String id = outbox.enqueue(d);
    Transmission t = store.find(id).orElseThrow();
    assertEquals(TransmissionState.PENDING, t.state());
    assertEquals("sbdh-1", t.sbdhInstanceId());
    assertEquals("0088:7365560000009", t.receiverId());
    assertArrayEquals(d.sbd(), store.payload(id, PayloadKind.SBD).orElseThrow());
    assertArrayEquals(d.document(), store.payload(id, PayloadKind.DOCUMENT).orElseThrow());
    List<EventType> types = store.timeline(id).stream().map(TimelineEvent::type).toList();
    assertEquals(List.of(EventType.ACCEPTED, EventType.VALIDATION_WARNING), types);
    OutboxStore.Entry e = outbox.entry(id).orElseThrow();
    assertEquals(0, e.attempts());
    assertEquals(clock.instant(), e.nextAttemptAt());
    assertEquals(clock.instant(), outbox.nextDue().orElseThrow());
  }

  @Test
  void aClaimIsExclusiveUntilItsLeaseExpires() {
    String id = outbox.enqueue(doc("1"));
    List<Claim> a = outbox.claim("node-a", LEASE, 10);
    assertEquals(1, a.size());
    assertEquals(1, a.get(0).attempt());
    assertEquals(TransmissionState.SENDING, store.find(id).orElseThrow().state());
    assertTrue(outbox.claim("node-b", LEASE, 10).isEmpty());

    clock.advance(LEASE.plusSeconds(1));
    List<Claim> b = outbox.claim("node-b", LEASE, 10);
    assertEquals(1, b.size());
    assertEquals(2, b.get(0).attempt());
    // node a comes back late: its outcome is refused and nothing is written
    assertFalse(outbox.recordAttempt(a.get(0), retry(clock.instant())));
    assertEquals("node-b", outbox.entry(id).orElseThrow().leaseOwner());
    assertTrue(
        store.timeline(id).stream()
            .anyMatch(e -> "LEASE_EXPIRED".equals(e.code()) && e.message().contains("node-a")));
    assertTrue(store.timeline(id).stream().noneMatch(e -> e.type() == EventType.SEND_ATTEMPT));
  }

  @Test
  void aRenewedLeaseStaysExclusiveAndATakenOverOneIsNotRenewed() {
    String id = outbox.enqueue(doc("1"));
    Claim a = outbox.claim("node-a", LEASE, 10).get(0);
    clock.advance(LEASE.minusSeconds(10));
    assertEquals(1, outbox.renew("node-a", List.of(a), LEASE));
    clock.advance(Duration.ofSeconds(20)); // past the original lease, within the renewed one
    assertTrue(outbox.claim("node-b", LEASE, 10).isEmpty(), "still node-a's");
    assertTrue(outbox.recordAttempt(a, retry(clock.instant().plusSeconds(60))));

    // a lease that ran out and was taken over is not renewed by the late owner
    clock.advance(Duration.ofSeconds(61));
    Claim a2 = outbox.claim("node-a", LEASE, 10).get(0);
    clock.advance(LEASE.plusSeconds(1));
    Claim b = outbox.claim("node-b", LEASE, 10).get(0);
    assertEquals(0, outbox.renew("node-a", List.of(a2), LEASE));
    assertEquals("node-b", outbox.entry(id).orElseThrow().leaseOwner());
    assertEquals(b.attempt(), outbox.entry(id).orElseThrow().attempts());
  }

  @Test
  void retryWaitsForItsTimeThenComesBackWithTheNextAttemptNumber() {
    String id = outbox.enqueue(doc("1"));
    Claim c = outbox.claim("node-a", LEASE, 10).get(0);
    Instant next = clock.instant().plus(Duration.ofMinutes(4));
    assertTrue(outbox.recordAttempt(c, retry(next)));
    Transmission t = store.find(id).orElseThrow();
    assertEquals(TransmissionState.RETRY_WAIT, t.state());
    assertEquals("m1@gw", t.as4MessageId());
    assertEquals("TRANSPORT_ERROR", t.errorCode());
    OutboxStore.Entry e = outbox.entry(id).orElseThrow();
    assertEquals(next, e.nextAttemptAt());
    assertEquals(null, e.leaseOwner());
    assertEquals("connection refused", e.lastError());

    assertTrue(outbox.claim("node-a", LEASE, 10).isEmpty(), "not due yet");
    clock.advance(Duration.ofMinutes(4));
    Claim again = outbox.claim("node-b", LEASE, 10).get(0);
    assertEquals(2, again.attempt());
    assertFalse(outbox.recordAttempt(c, retry(next)), "an old claim never records twice");
  }

  @Test
  void aFinalOutcomeLeavesTheQueueAndKeepsTheReceipt() {
    String id = outbox.enqueue(doc("1"));
    Claim c = outbox.claim("node-a", LEASE, 10).get(0);
    byte[] receipt = "<Receipt/>".getBytes(StandardCharsets.UTF_8);
    assertTrue(
        outbox.recordAttempt(
            c,
            new AttemptOutcome(
                TransmissionState.DELIVERED, null, "m1@gw", "c1", "PSE000002", null, null,
                List.of(TimelineEvent.of(EventType.DELIVERED, "ok")),
                List.of(new StoredPayload(PayloadKind.RECEIPT, "application/soap+xml", receipt)))));
    assertEquals(TransmissionState.DELIVERED, store.find(id).orElseThrow().state());
    assertArrayEquals(receipt, store.payload(id, PayloadKind.RECEIPT).orElseThrow());
    assertTrue(outbox.entry(id).isEmpty());
    assertEquals(0, outbox.size());
    assertTrue(outbox.claim("node-a", LEASE, 10).isEmpty());
  }

  @Test
  void aReleasedClaimIsClaimableAtOnceWithTheSameAttemptNumber() {
    String id = outbox.enqueue(doc("1"));
    Claim c = outbox.claim("node-a", LEASE, 10).get(0);
    assertTrue(outbox.release(c));
    assertEquals(TransmissionState.PENDING, store.find(id).orElseThrow().state());
    Claim again = outbox.claim("node-b", LEASE, 10).get(0);
    assertEquals(1, again.attempt());
    outbox.claim("node-b", LEASE, 10);
    assertEquals(1, outbox.releaseLeases("node-b"));
    assertEquals(1, outbox.claim("node-c", LEASE, 10).size());
  }

  @Test
  void twoClaimersRacingNeverGetTheSameEntry() throws Exception {
    int n = 120;
    for (int i = 0; i < n; i++) {
      outbox.enqueue(doc(Integer.toString(i)));
    }
    int workers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<String>>> futures = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      String owner = "node-" + w + "-" + UUID.randomUUID();
      futures.add(
          pool.submit(
              () -> {
                start.await();
                List<String> mine = new ArrayList<>();
                int idle = 0;
                while (idle < 3) {
                  List<Claim> got = outbox.claim(owner, LEASE, 7);
                  if (got.isEmpty()) {
                    idle++;
                    Thread.sleep(5);
                  }
                  got.forEach(c -> mine.add(c.transmissionId()));
                }
                return mine;
              }));
    }
    start.countDown();
    List<String> all = Collections.synchronizedList(new ArrayList<>());
    for (Future<List<String>> f : futures) {
      all.addAll(f.get());
    }
    pool.shutdown();
    Set<String> unique = new HashSet<>(all);
    assertEquals(all.size(), unique.size(), "some entry was claimed twice");
    assertEquals(n, unique.size(), "every entry claimed exactly once");
  }

  @Test
  void keysAndIdentitiesAreForgottenOnlyAfterTheirWindows() {
    Duration keyWindow = Duration.ofHours(24);
    Duration identityWindow = Duration.ofDays(90);
    RepeatGuardStore.Guards guards =
        new RepeatGuardStore.Guards(
            new RepeatGuardStore.IdempotencyClaim("token", "k-purge", "sha", "{}", clock.instant().minus(keyWindow)),
            new RepeatGuardStore.IdentityClaim("identity-purge", clock.instant().minus(identityWindow), false));
    String id = outbox.enqueue("00000000-0000-0000-0000-00000000purg", doc("purge"), guards);

    clock.advance(Duration.ofHours(25));
    assertEquals(1, outbox.purgeRepeatsBefore(clock.instant().minus(keyWindow), clock.instant().minus(identityWindow)));
    assertTrue(outbox.remembered("token", "k-purge", Instant.EPOCH).isEmpty());
    RepeatGuardStore.DuplicateIdentity dup =
        assertThrows(
            RepeatGuardStore.DuplicateIdentity.class,
            () -> outbox.enqueue(
                "00000000-0000-0000-0000-0000000purg2", doc("purge2"),
                new RepeatGuardStore.Guards(
                    null, new RepeatGuardStore.IdentityClaim("identity-purge", clock.instant().minus(identityWindow), false))));
    assertEquals(id, dup.earlier().transmissionId());

    clock.advance(identityWindow);
    assertEquals(1, outbox.purgeRepeatsBefore(clock.instant().minus(keyWindow), clock.instant().minus(identityWindow)));
    assertEquals(0, outbox.purgeRepeatsBefore(clock.instant().minus(keyWindow), clock.instant().minus(identityWindow)));
  }
}
