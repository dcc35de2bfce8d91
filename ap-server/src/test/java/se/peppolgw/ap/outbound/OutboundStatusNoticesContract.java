package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.OutboxStore;
import se.peppolgw.ap.store.OutboxStore.AttemptOutcome;
import se.peppolgw.ap.store.OutboxStore.Claim;
import se.peppolgw.ap.store.ReportingCapture;
import se.peppolgw.ap.store.StatusNoticeKind;
import se.peppolgw.ap.store.StatusNoticeStore;
import se.peppolgw.ap.store.StatusNoticeStore.Notice;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.ap.testkit.ManualClock;
import se.peppolgw.smp.tls.OutboundTls;

/**
 * The outbound status webhook's callbacks on a real database (subclasses supply it: H2 file,
 * embedded PostgreSQL) and a real HTTP receiver on loopback: recorded with the final state,
 * retried with backoff while the receiver is down, delivered once across a restart, and claimed
 * by one node at a time.
 */
abstract class OutboundStatusNoticesContract {
  static final String SECRET = "status-s3cret";
  static final Duration FIRST_RETRY = Duration.ofMinutes(1);

  ManualClock clock;
  Database db;
  OutboxStore outbox;
  TransmissionStore store;
  StatusNoticeStore notices;
  StatusReceiver receiver;

  /** Opens the database (again, for the restart test): the same data every time within a test. */
  protected abstract Database database();

  @BeforeEach
  void open() throws Exception {
    clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    openDatabase();
    try (Connection c = db.connection(); Statement s = c.createStatement()) {
      for (String table : List.of("outbound_status_notice", "outbox", "payload", "transmission_event",
          "inbound_dedup", "inbound_followup", "transmission")) {
        s.execute("DELETE FROM " + table);
      }
    }
    receiver = new StatusReceiver();
  }

  private void openDatabase() {
    db = database();
    outbox = new OutboxStore(db, clock, ReportingCapture.withoutCountries(), true);
    store = new TransmissionStore(db, clock);
    notices = new StatusNoticeStore(db, clock);
  }

  @AfterEach
  void close() {
    receiver.close();
    db.close();
  }

  private OutboundStatusWebhook webhook(URI url, String node) {
    return new OutboundStatusWebhook(url, SECRET, notices, store::find, node, FIRST_RETRY, clock,
        OutboundTls.jdkDefault());
  }

  /** An outbound transmission that ended {@code end} after one attempt. */
  private String ended(String n, TransmissionState end) {
    String id = outbox.enqueue(OutboxStoreContract.doc(n));
    Claim claim = outbox.claim("sender", Duration.ofMinutes(5), 10).get(0);
    boolean failed = end == TransmissionState.FAILED;
    assertTrue(outbox.recordAttempt(claim, new AttemptOutcome(end, null, "m-" + n, id, "PSE000002",
        failed ? "PARTICIPANT_NOT_REGISTERED" : null, failed ? "not in the SML" : null, List.of(), List.of())));
    return id;
  }

  private static URI nobodyListening() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return URI.create("http://127.0.0.1:" + port + "/status");
  }

  @Test
  void aDeliveredTransmissionIsReportedSignedWithItsBusinessIdentity() {
    String id = ended("1", TransmissionState.DELIVERED);
    try (OutboundStatusWebhook hook = webhook(receiver.url(), "node-a")) {
      assertEquals(1, hook.runOnce());
    }
    assertEquals(1, receiver.calls.size());
    StatusReceiver.Call call = receiver.calls.get(0);
    assertTrue(call.signedWith(SECRET), "signature verifies with the shared secret");
    assertFalse(call.signedWith("another secret"));
    assertEquals(id, call.transmissionId());
    assertEquals("FINAL_STATE", call.event());
    JsonNode body = call.json();
    assertEquals(call.eventId(), body.get("eventId").asText());
    assertEquals(id, body.get("transmissionId").asText());
    assertEquals("DELIVERED", body.get("state").asText());
    assertTrue(body.get("reasonCode").isNull());
    assertEquals("0088:7300009025069", body.get("sender").asText());
    assertEquals("0088:7365560000009", body.get("receiver").asText());
    assertEquals("urn:doc", body.get("documentType").asText());
    assertEquals("INV-1", body.get("documentId").asText());
    assertEquals("sbdh-1", body.get("sbdhInstanceIdentifier").asText());
    Notice n = notices.ofTransmission(id).get(0);
    assertNotNull(n.deliveredAt());
    assertTrue(store.timeline(id).stream().anyMatch(e -> "STATUS_WEBHOOK_DELIVERED".equals(e.code())));
  }

  @Test
  void aReceiverThatIsDownIsRetriedWithBackoffAndARestartStillDeliversOnce() throws Exception {
    String id = ended("2", TransmissionState.FAILED);
    try (OutboundStatusWebhook hook = webhook(nobodyListening(), "node-a")) {
      assertEquals(0, hook.runOnce(), "nobody listens");
      assertEquals(0, hook.runOnce(), "not due again before the backoff");
      clock.advance(FIRST_RETRY);
      assertEquals(0, hook.runOnce(), "second attempt, still down");
      Notice n = notices.ofTransmission(id).get(0);
      assertEquals(2, n.attempts());
      assertNull(n.deliveredAt());
      clock.advance(FIRST_RETRY);
      assertEquals(0, hook.runOnce(), "the third attempt waits twice as long");
    }
    // one timeline note for the outage, not one per retry
    assertEquals(1, store.timeline(id).stream().filter(e -> "STATUS_WEBHOOK_FAILED".equals(e.code())).count());

    // restart: a new database connection and a new webhook, the receiver is up now
    db.close();
    openDatabase();
    clock.advance(FIRST_RETRY);
    try (OutboundStatusWebhook hook = webhook(receiver.url(), "node-a-restarted")) {
      assertEquals(1, hook.runOnce());
      clock.advance(Duration.ofHours(2));
      assertEquals(0, hook.runOnce(), "a delivered callback is never sent again");
    }
    assertEquals(1, receiver.calls.size());
    StatusReceiver.Call call = receiver.calls.get(0);
    assertTrue(call.signedWith(SECRET));
    JsonNode body = call.json();
    assertEquals("FAILED", body.get("state").asText());
    assertEquals("PARTICIPANT_NOT_REGISTERED", body.get("reasonCode").asText());
    assertEquals("not in the SML", body.get("reason").asText());
    assertEquals(3, notices.ofTransmission(id).get(0).attempts());
  }

  @Test
  void aRefusingReceiverIsRetriedLikeADownOne() {
    String id = ended("3", TransmissionState.DELIVERED);
    receiver.answer.set(500);
    try (OutboundStatusWebhook hook = webhook(receiver.url(), "node-a")) {
      assertEquals(0, hook.runOnce());
      receiver.answer.set(200);
      clock.advance(FIRST_RETRY);
      assertEquals(1, hook.runOnce());
    }
    assertEquals(List.of(500, 200), receiver.of(id).stream().map(StatusReceiver.Call::answered).toList());
    assertEquals(1, receiver.of(id).stream().map(StatusReceiver.Call::eventId).distinct().count(),
        "a retry carries the same event id");
  }

  @Test
  void aCancelAndAnMlsAnswerAreReportedToo() {
    String id = outbox.enqueue(OutboxStoreContract.doc("4"));
    assertTrue(outbox.cancel(id, "operator ops1"));
    try (OutboundStatusWebhook hook = webhook(receiver.url(), "node-a")) {
      hook.notifyMlsAnswer(id, "RE", "BR-CL-01", "Rejected by the buyer's validation");
      assertEquals(2, hook.runOnce());
    }
    List<JsonNode> bodies = receiver.of(id).stream().map(StatusReceiver.Call::json).toList();
    assertEquals(2, bodies.size());
    assertEquals("FINAL_STATE", bodies.get(0).get("event").asText());
    assertEquals("CANCELLED", bodies.get(0).get("state").asText());
    assertEquals("Cancelled by operator ops1", bodies.get(0).get("reason").asText());
    assertEquals("MLS_ANSWER", bodies.get(1).get("event").asText());
    assertEquals("RE", bodies.get(1).get("state").asText());
    assertEquals("BR-CL-01", bodies.get(1).get("reasonCode").asText());
  }

  @Test
  void oneNodeAtATimeHoldsACallbackAndALostLeaseRecordsNothing() {
    String id = ended("5", TransmissionState.DELIVERED);
    List<Notice> a = notices.claimDue("node-a", Duration.ofMinutes(2), 10);
    assertEquals(1, a.size());
    assertTrue(notices.claimDue("node-b", Duration.ofMinutes(2), 10).isEmpty());
    clock.advance(Duration.ofMinutes(3));
    List<Notice> b = notices.claimDue("node-b", Duration.ofMinutes(2), 10);
    assertEquals(1, b.size());
    assertFalse(notices.delivered(a.get(0), null), "node a's lease is gone");
    assertTrue(notices.delivered(b.get(0), null));
    clock.advance(Duration.ofMinutes(3));
    assertTrue(notices.claimDue("node-c", Duration.ofMinutes(2), 10).isEmpty());
    assertNotNull(notices.ofTransmission(id).get(0).deliveredAt());
  }

  @Test
  void withoutAWebhookNoCallbackIsRecorded() {
    OutboxStore plain = new OutboxStore(db, clock);
    String id = plain.enqueue(OutboxStoreContract.doc("6"));
    assertTrue(plain.cancel(id, "ops"));
    assertTrue(notices.ofTransmission(id).isEmpty());
    assertEquals(StatusNoticeKind.FINAL_STATE, StatusNoticeKind.valueOf("FINAL_STATE"));
  }

  @Test
  void theBackoffDoublesUpToAnHour() {
    Duration first = Duration.ofSeconds(30);
    assertEquals(first, OutboundStatusWebhook.delayAfter(first, 1));
    assertEquals(Duration.ofSeconds(60), OutboundStatusWebhook.delayAfter(first, 2));
    assertEquals(Duration.ofSeconds(120), OutboundStatusWebhook.delayAfter(first, 3));
    assertEquals(OutboundStatusWebhook.MAX_DELAY, OutboundStatusWebhook.delayAfter(first, 40));
    assertEquals(Duration.ZERO, OutboundStatusWebhook.delayAfter(Duration.ZERO, 5));
  }

  @Test
  void deliveredCallbacksAreForgottenAfterTheirKeepingTime() {
    String id = ended("7", TransmissionState.DELIVERED);
    try (OutboundStatusWebhook hook = webhook(receiver.url(), "node-a")) {
      assertEquals(1, hook.runOnce());
    }
    clock.advance(OutboundStatusWebhook.KEEP_DELIVERED.plusDays(1));
    assertEquals(1, notices.purgeDeliveredBefore(clock.instant().minus(OutboundStatusWebhook.KEEP_DELIVERED)));
    assertTrue(notices.ofTransmission(id).isEmpty());
    assertTrue(store.timeline(id).stream().map(TimelineEvent::code).anyMatch("STATUS_WEBHOOK_DELIVERED"::equals));
  }
}
