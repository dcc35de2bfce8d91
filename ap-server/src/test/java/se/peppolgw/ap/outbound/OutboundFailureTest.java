package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.outbound.TestDocuments.BUYER;
import static se.peppolgw.ap.outbound.TestDocuments.SUPPLIER;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;

/**
 * What happens when sending does not simply work: a receiver that is down (retried with new AS4
 * MessageIds and the same SBDH id, delivered once it is back, also across a restart of the
 * sender), an AS4 error from the receiver (FAILED at once), unknown participant and unsupported
 * document type (FAILED without sending), and retries that run out (FAILED with the last reason).
 */
class OutboundFailureTest {
  static final Duration MAX = Duration.ofSeconds(60);
  /** Valid GLNs from the public examples: one the supplier does not serve, one without routes. */
  static final String UNSERVED = "0088:7300010000001";
  static final String ORDERS_NOT_ACCEPTED = "0088:5798000000124";
  static final String UNKNOWN = "0088:7590000012347";
  /** Routed to a port where nobody listens. */
  static final String DEAD = "0088:7300009025060";

  @TempDir static Path dir;
  static Peer supplier;
  static Peer buyer;

  @BeforeAll
  static void start() throws Exception {
    supplier = new Peer(dir, "supplier", "PSE000001", null);
    buyer = new Peer(dir, "buyer", "PSE000002", supplier.keystoreDir());
    supplier.serves("supplier", SUPPLIER, "order");
    buyer
        .serves("buyer", BUYER, "*")
        .routes("supplier", SUPPLIER, "order", supplier)
        // routed to the supplier's AP, which does not serve this participant
        .routes("unserved", UNSERVED, "order", supplier)
        .routes("invoices-only", ORDERS_NOT_ACCEPTED, "invoice", supplier)
        // nothing listens on port 9 of loopback (discard service is not running)
        .routes("dead", DEAD, "order", "http://127.0.0.1:9/as4", supplier.certificateFile());
    supplier.start();
    buyer.start();
  }

  @AfterAll
  static void stop() {
    if (buyer != null) {
      buyer.close();
    }
    if (supplier != null) {
      supplier.close();
    }
  }

  static String submit(byte[] doc) throws Exception {
    var r = buyer.post("", doc);
    assertEquals(202, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    return Json.MAPPER.readTree(r.body()).get("id").asText();
  }

  static List<TimelineEvent> timeline(String id) {
    return buyer.gateway().store().timeline(id);
  }

  static long count(String id, EventType type) {
    return timeline(id).stream().filter(e -> e.type() == type).count();
  }

  @Test
  void receiverDownIsRetriedAndDeliveredAfterItComesBackEvenAcrossASenderRestart() throws Exception {
    supplier.stop();
    try {
      String id = submit(TestDocuments.order());
      Peer.await(() -> count(id, EventType.RETRY_SCHEDULED) >= 2, MAX, () -> timeline(id).toString());
      Transmission waiting = buyer.transmission(id);
      assertTrue(
          waiting.state() == TransmissionState.RETRY_WAIT || waiting.state() == TransmissionState.SENDING,
          waiting::toString);
      String firstError = waiting.errorCode();
      assertTrue(firstError.equals("TRANSPORT_ERROR") || firstError.startsWith("HTTP_"), firstError);

      // the sender restarts while the document waits: nothing is lost, the retries go on
      buyer.stop();
      supplier.start();
      buyer.start();

      Transmission done = buyer.awaitState(id, TransmissionState.DELIVERED, MAX);
      assertEquals(TransmissionState.DELIVERED, done.state(), () -> timeline(id).toString());
      long attempts = count(id, EventType.SEND_ATTEMPT);
      assertTrue(attempts >= 3, "attempts: " + attempts);
      // every attempt was a new AS4 message; the SBD (and its InstanceIdentifier) stayed the same
      Set<String> messageIds =
          timeline(id).stream()
              .filter(e -> e.type() == EventType.SEND_ATTEMPT)
              .map(e -> e.message().replaceAll(".*AS4 message (\\S+) .*", "$1"))
              .collect(Collectors.toSet());
      assertEquals(attempts, messageIds.size());
      List<Transmission> arrived = supplier.gateway().store().findByAs4MessageId(done.as4MessageId());
      assertEquals(1, arrived.size());
      assertEquals(done.sbdhInstanceId(), arrived.get(0).sbdhInstanceId());
    } finally {
      if (!supplier.running()) {
        supplier.start();
      }
    }
  }

  @Test
  void anIntakeOnlyNodeAcceptsDocumentsAndANodeWithWorkersSendsThem() throws Exception {
    buyer.stop();
    buyer.with("gateway.outbound.workers", "0").start();
    try {
      String id = submit(TestDocuments.order());
      // ten poll intervals: a node with workers would have claimed it long since
      Thread.sleep(1_000);
      Transmission waiting = buyer.transmission(id);
      assertEquals(TransmissionState.PENDING, waiting.state(), () -> timeline(id).toString());
      assertEquals(0, count(id, EventType.SEND_ATTEMPT));

      // a sending node on the same database (here: the same node restarted with workers)
      buyer.stop();
      buyer.with("gateway.outbound.workers", "2").start();
      Transmission done = buyer.awaitState(id, TransmissionState.DELIVERED, MAX);
      assertEquals(TransmissionState.DELIVERED, done.state(), () -> timeline(id).toString());
      assertEquals(1, count(id, EventType.SEND_ATTEMPT));
    } finally {
      if (!buyer.running()) {
        buyer.start();
      }
    }
  }

  @Test
  void anAs4ErrorFromTheReceiverFailsAtOnceWithTheSignalKept() throws Exception {
    String id = submit(TestDocuments.orderTo(UNSERVED));
    Transmission t = buyer.awaitState(id, TransmissionState.FAILED, MAX);
    assertEquals(TransmissionState.FAILED, t.state(), () -> timeline(id).toString());
    assertEquals("EBMS:0004", t.errorCode());
    assertTrue(t.errorDetail().contains("PEPPOL:NOT_SERVICED"), t.errorDetail());
    assertEquals(1, count(id, EventType.SEND_ATTEMPT));
    assertEquals(0, count(id, EventType.RETRY_SCHEDULED));
    assertEquals(1, count(id, EventType.ERROR_SIGNAL_RECEIVED));
    String signal =
        new String(buyer.gateway().store().payload(id, PayloadKind.ERROR_SIGNAL).orElseThrow(), StandardCharsets.UTF_8);
    assertTrue(signal.contains("EBMS:0004"));
    assertTrue(buyer.gateway().outbound().outbox().entry(id).isEmpty(), "left the outbox");
    // the API names the kind beside the code; the verdict reads it as the receiver's refusal
    var status = Json.MAPPER.readTree(buyer.get("/api/outbound/" + id).body());
    assertEquals("EBMS:0004", status.get("errorCode").asText());
    assertEquals("RECEIVER_AS4_ERROR", status.get("failureKind").asText(), status.toString());
    assertEquals(SendFailure.RECEIVER_AS4_ERROR.description(), status.get("failureDescription").asText());
    var v = verdict(t, timeline(id));
    assertTrue(v.headline().startsWith("Rejected by the receiving access point: EBMS:0004"), v.headline());
    assertEquals(SendFailure.RECEIVER_AS4_ERROR.sideLine(), v.side());
  }

  @Test
  void anUnknownParticipantFailsWithoutAnyAttempt() throws Exception {
    String id = submit(TestDocuments.orderTo(UNKNOWN));
    Transmission t = buyer.awaitState(id, TransmissionState.FAILED, MAX);
    assertEquals("PARTICIPANT_NOT_REGISTERED", t.errorCode());
    assertEquals(0, count(id, EventType.SEND_ATTEMPT));
    var status = Json.MAPPER.readTree(buyer.get("/api/outbound/" + id).body());
    assertEquals("PARTICIPANT_NOT_REGISTERED", status.get("failureKind").asText(), status.toString());
    TimelineEvent lookup =
        timeline(id).stream().filter(e -> e.type() == EventType.SMP_LOOKUP).findFirst().orElseThrow();
    assertEquals("PARTICIPANT_NOT_REGISTERED", lookup.code());
    assertTrue(lookup.data().contains("STATIC_TABLE"), "the failed lookup keeps its trace");
    // the verdict says it once, in words
    String headline = verdict(t, timeline(id)).headline();
    assertTrue(headline.contains("not registered in the Peppol network"), headline);
    assertEquals(-1, headline.indexOf("PARTICIPANT_NOT_REGISTERED"), headline);
  }

  @Test
  void anUnsupportedDocumentTypeFailsWithoutAnyAttempt() throws Exception {
    var log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(OutboundWorker.class);
    var seen = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    seen.start();
    log.addAppender(seen);
    try {
      String id = submit(TestDocuments.orderTo(ORDERS_NOT_ACCEPTED));
      Transmission t = buyer.awaitState(id, TransmissionState.FAILED, MAX);
      assertEquals("DOCUMENT_TYPE_NOT_SUPPORTED", t.errorCode());
      assertEquals(0, count(id, EventType.SEND_ATTEMPT));
      // a permanent failure needs an operator: logged at WARN, with its reason
      Peer.await(() -> seen.list.stream().anyMatch(e -> e.getFormattedMessage().contains(id)), MAX, seen.list::toString);
      var line = seen.list.stream().filter(e -> e.getFormattedMessage().contains(id)).findFirst().orElseThrow();
      assertEquals(ch.qos.logback.classic.Level.WARN, line.getLevel());
      assertTrue(line.getFormattedMessage().contains("FAILED (DOCUMENT_TYPE_NOT_SUPPORTED)"), line.getFormattedMessage());
    } finally {
      log.detachAppender(seen);
    }
  }

  @Test
  void retriesThatRunOutEndFailedWithTheLastReason() throws Exception {
    Peer impatient = new Peer(dir, "impatient", "PSE000003", supplier.keystoreDir());
    impatient
        .serves("buyer", BUYER, "*")
        .with("gateway.outbound.retry.max-attempts", "3")
        .with("gateway.outbound.retry.initial-delay-ms", "100")
        .routes("dead", DEAD, "order", "http://127.0.0.1:9/as4", supplier.certificateFile())
        .start();
    try {
      var r = impatient.post("", TestDocuments.orderTo(DEAD));
      assertEquals(202, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
      String id = Json.MAPPER.readTree(r.body()).get("id").asText();
      Transmission t = impatient.awaitState(id, TransmissionState.FAILED, MAX);
      assertEquals(TransmissionState.FAILED, t.state());
      List<TimelineEvent> tl = impatient.gateway().store().timeline(id);
      assertEquals(3, tl.stream().filter(e -> e.type() == EventType.SEND_ATTEMPT).count());
      assertEquals(2, tl.stream().filter(e -> e.type() == EventType.RETRY_SCHEDULED).count());
      TimelineEvent failed = tl.get(tl.size() - 1);
      assertEquals(EventType.GAVE_UP, failed.type());
      assertTrue(failed.message().startsWith("Gave up after 3 attempts"), failed.message());
      assertTrue(t.errorCode().equals("TRANSPORT_ERROR") || t.errorCode().startsWith("HTTP_"), t.errorCode());
      // plain words for the operator; phase4's exception chain only on the attempt's timeline entry
      assertTrue(t.errorDetail().endsWith(": connection refused"), t.errorDetail());
      String headline = verdict(t, tl).headline();
      assertTrue(headline.contains("connection refused"), headline);
      assertFalse(headline.contains("Phase4Exception") || headline.contains("<-"), headline);
      TimelineEvent attempt = tl.stream().filter(e -> e.type() == EventType.SEND_ATTEMPT).findFirst().orElseThrow();
      assertTrue(attempt.message().contains("[technical: ") && attempt.message().contains("Connect"),
          attempt.message());
    } finally {
      impatient.close();
    }
  }

  static se.peppolgw.ap.ops.Verdict verdict(Transmission t, List<TimelineEvent> timeline) {
    return se.peppolgw.ap.ops.Verdict.of(t, timeline, java.util.Optional.empty(), java.time.ZoneOffset.UTC);
  }
}
