package se.peppolgw.ap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.testkit.ManualClock;
import se.peppolgw.ap.ubl.BusinessFacts;

/** MlsStore's SQL, the same on H2 and PostgreSQL: matching, latest answer, unmatched, overdue. */
abstract class MlsStoreContract {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  protected Database db;
  private ManualClock clock;
  private TransmissionStore store;
  private OutboxStore outbox;
  private MlsStore mls;

  protected abstract Database openDatabase() throws Exception;

  @BeforeEach
  void open() throws Exception {
    db = openDatabase();
    try (Connection c = db.connection(); Statement s = c.createStatement()) {
      for (String t : List.of("mls_answer", "outbox", "payload", "transmission_event", "inbound_dedup",
          "transmission_link", "reporting_item", "inbound_followup", "transmission")) {
        try {
          s.execute("DELETE FROM " + t);
        } catch (java.sql.SQLException e) {
          // a table another part owns may not exist under this name; the rest is cleared
        }
      }
    }
    clock = new ManualClock(T0);
    store = new TransmissionStore(db, clock);
    outbox = new OutboxStore(db, clock);
    mls = new MlsStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  /** An outbound transmission that asked for an MLS of this type, delivered at the clock's time. */
  private String delivered(String instanceId, String mlsType) {
    byte[] b = "<x/>".getBytes(StandardCharsets.UTF_8);
    List<TimelineEvent> ev = mlsType == null ? List.of()
        : List.of(TimelineEvent.of(EventType.MLS_REQUESTED, "asks").withCode(mlsType));
    String id = outbox.enqueue(new OutboxStore.NewOutbound("0088:1", "0088:2", "urn:doc", "urn:proc", "SE",
        instanceId, BusinessFacts.of("INV-" + instanceId, null, null), b, b, ev));
    OutboxStore.Claim claim = outbox.claim("node", Duration.ofMinutes(5), 10).stream()
        .filter(c -> c.transmissionId().equals(id)).findFirst().orElseThrow();
    assertTrue(outbox.recordAttempt(claim, new OutboxStore.AttemptOutcome(TransmissionState.DELIVERED, null,
        "as4-" + instanceId, null, "PSE000002", null, null,
        List.of(TimelineEvent.of(EventType.DELIVERED, "delivered")), List.of())));
    return id;
  }

  private String receive(String reference, String code, String plain) {
    MlsStore.NewAnswer a = new MlsStore.NewAnswer(reference, "mls-" + UUID.randomUUID(), "0242:000002", code,
        null, "[{\"ruleId\":\"BR-01\"}]", code == null ? "unreadable" : null, plain);
    String as4 = UUID.randomUUID().toString();
    InboundRecord r = new InboundRecord(as4, "conv", UUID.randomUUID().toString(), "0242:000002", "0242:000001",
        "urn:mls", "urn:peppol:edec:mls", "SE", "PSE000002", "127.0.0.1", BusinessFacts.NONE,
        "<sbd/>".getBytes(StandardCharsets.UTF_8), "<ar/>".getBytes(StandardCharsets.UTF_8), -1, null);
    InboundOutcome o = store.storeInbound(r, null, (c, id, now) -> MlsStore.record(c, id, now, a));
    assertEquals(TransmissionState.CONSUMED, store.find(o.transmissionId()).orElseThrow().state());
    return o.transmissionId();
  }

  @Test
  void answersAreMatchedTheLatestCountsAndTheRestIsListed() {
    String out = delivered("ref-1", "ALWAYS_SEND");
    String other = delivered("ref-2", "ALWAYS_SEND");
    String first = receive("ref-1", "AP", "Accepted by the receiver's access point");
    clock.advance(Duration.ofMinutes(1));
    String second = receive("ref-1", "RE", "Rejected by the receiver's access point: BR-01: x");
    assertEquals("RE", mls.latest(out).orElseThrow().responseCode());
    assertEquals(second, mls.latest(out).orElseThrow().mlsTransmissionId());
    assertEquals(List.of(first, second), mls.all(out).stream().map(MlsAnswer::mlsTransmissionId).toList());
    Map<String, MlsAnswer> page = mls.latest(List.of(out, other));
    assertEquals(1, page.size());
    assertEquals("[{\"ruleId\":\"BR-01\"}]", page.get(out).reasonsJson());
    List<TimelineEvent> tl = store.timeline(out);
    assertEquals(2, tl.stream().filter(e -> e.type() == EventType.MLS_RECEIVED).count());
    assertTrue(tl.get(tl.size() - 1).message().contains("replaces the earlier answer"), tl.toString());
    assertEquals(1, mls.countRejectedSince(T0.minus(Duration.ofDays(7))));

    // nothing of ours, and unreadable: kept and listed, newest first, paged
    String u1 = receive("ref-unknown", "AB", "Acknowledged");
    String u2 = receive(null, null, null);
    assertEquals(2, mls.countUnmatched());
    List<MlsAnswer> unmatched = mls.unmatched(0, 1);
    assertEquals(u2, unmatched.get(0).mlsTransmissionId());
    assertEquals("unreadable", unmatched.get(0).problem());
    assertEquals(u1, mls.unmatched(unmatched.get(0).seq(), 10).get(0).mlsTransmissionId());
    assertTrue(store.timeline(u1).get(store.timeline(u1).size() - 1).message().contains("matches none"));
  }

  @Test
  void deliveredWithoutTheAskedForAnswerIsOverdueAfterTheWait() {
    String waiting = delivered("w-1", "ALWAYS_SEND");
    delivered("w-2", "FAILURE_ONLY");
    delivered("w-3", null);
    String answered = delivered("w-4", "ALWAYS_SEND");
    receive("w-4", "AB", "Acknowledged");
    Duration wait = Duration.ofHours(24);
    Instant now = T0.plus(Duration.ofHours(25));
    assertEquals(List.of(waiting), mls.overdue(now.minus(wait), now.minus(wait).minus(Duration.ofDays(30)), 10));
    assertEquals(1, mls.countOverdue(now.minus(wait), now.minus(wait).minus(Duration.ofDays(30))));
    Instant early = T0.plus(Duration.ofHours(23));
    assertEquals(0, mls.countOverdue(early.minus(wait), early.minus(wait).minus(Duration.ofDays(30))));
    Instant late = T0.plus(Duration.ofDays(60));
    assertEquals(0, mls.countOverdue(late.minus(wait), late.minus(wait).minus(Duration.ofDays(30))),
        "beyond the look-back: no longer counted");
    assertTrue(mls.latest(answered).isPresent());
  }
}
