package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.OutboxStore.Claim;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.smp.FailureKind;
import se.peppolgw.smp.LookupResult;
import se.peppolgw.smp.ResolvedEndpoint;
import se.peppolgw.smp.SmpLookupException;

/**
 * One {@link SendAttempt} on its own, without the dispatcher: a gateway that takes documents but
 * sends none (0 workers) is the receiver on loopback; the test claims by hand, runs the attempt
 * over real AS4 and reads the outcome. Nothing is written to the store by the attempt.
 */
class SendAttemptTest {
  @TempDir static Path dir;
  static GatewayFixture fx;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);

  @BeforeAll
  static void start() throws Exception {
    fx = LocalLoopbackTest.served(new GatewayFixture(dir))
        .with("gateway.outbound.dir", "none")
        .with("gateway.outbound.workers", "0")
        .start();
  }

  @AfterAll
  static void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  /** A document accepted by the gateway and left PENDING (nobody sends it). */
  static Transmission accepted() throws Exception {
    HttpResponse<byte[]> r = LocalLoopbackTest.post(fx, TestDocuments.order());
    assertEquals(202, r.statusCode(), new String(r.body()));
    String id = OutboundApiTest.json(r).get("id").asText();
    return fx.gateway().store().find(id).orElseThrow();
  }

  static byte[] sbd(Transmission t) {
    return fx.gateway().store().payload(t.id(), PayloadKind.SBD).orElseThrow();
  }

  static SendAttempt gatewaysOwn() {
    return fx.gateway().outbound().worker().attempt();
  }

  static SendAttempt with(ReceiverLookup lookup, RetryPolicy retry) {
    return new SendAttempt(lookup, gatewaysOwn().sender(), retry, "test-node", "PSE000001", CLOCK,
        RandomGenerator.getDefault());
  }

  static Claim claim(Transmission t, int attempt) {
    return new Claim(t.id(), "test-node", attempt, Instant.now().plusSeconds(60));
  }

  static List<EventType> types(SendAttempt.Outcome o) {
    return o.events().stream().map(TimelineEvent::type).toList();
  }

  @Test
  void aClaimIsSentOverRealAs4AndComesBackDeliveredWithoutTouchingTheStore() throws Exception {
    Transmission t = accepted();
    SendAttempt.Outcome o = gatewaysOwn().run(claim(t, 1), t, sbd(t));

    assertEquals(AttemptResult.Verdict.DELIVERED, o.verdict(), o.events().toString());
    assertEquals(TransmissionState.DELIVERED, o.state());
    assertNull(o.failure());
    assertNull(o.toRecord().errorCode());
    assertEquals(List.of(EventType.SMP_LOOKUP, EventType.SEND_ATTEMPT, EventType.RECEIPT_RECEIVED, EventType.DELIVERED),
        types(o));
    assertEquals(PayloadKind.RECEIPT, o.payloads().get(0).kind());
    assertTrue(o.payloads().get(0).bytes().length > 0);
    assertNotNull(o.messageId());
    assertTrue(o.durationMillis() >= 0);
    assertNull(o.lookup().failure());
    // the attempt wrote nothing: the transmission is still waiting in the store
    assertEquals(TransmissionState.PENDING, fx.gateway().store().find(t.id()).orElseThrow().state());
    // ... and the receiving side did get it (the same gateway, inbound)
    Peer.await(() -> fx.gateway().store().count(se.peppolgw.ap.store.Direction.IN, TransmissionState.HANDED_OVER)
                + fx.gateway().store().count(se.peppolgw.ap.store.Direction.IN, TransmissionState.RECEIVED) >= 1,
        Duration.ofSeconds(30), () -> "nothing arrived inbound");
  }

  /** The gateway's routing, with the endpoint moved to a port where nobody listens. */
  static ReceiverLookup deadEndpoint() {
    ReceiverLookup real = gatewaysOwn().lookup();
    return q -> {
      LookupResult r = real.lookup(q);
      ResolvedEndpoint e = r.endpoint();
      return new LookupResult(
          new ResolvedEndpoint("http://127.0.0.1:9/as4", e.certificate(), e.serviceActivation(),
              e.serviceExpiration(), e.technicalContactUrl(), e.technicalInformationUrl(),
              e.serviceDescription(), e.transportProfile(), e.smpUrl()),
          r.trace());
    };
  }

  @Test
  void anUnreachableReceiverIsRetriedAtTheNextTimeOfThePolicyAndGivenUpAfterTheLastAttempt() throws Exception {
    Transmission t = accepted();
    RetryPolicy twice = new RetryPolicy(2, Duration.ofMinutes(4), 2.0, Duration.ofHours(1), 0.0);
    SendAttempt attempt = with(deadEndpoint(), twice);

    SendAttempt.Outcome first = attempt.run(claim(t, 1), t, sbd(t));
    assertEquals(SendFailure.TRANSPORT_ERROR, first.failure(), first.events().toString());
    assertEquals("TRANSPORT_ERROR", first.code());
    assertEquals(AttemptResult.Verdict.RETRY, first.verdict());
    assertEquals(TransmissionState.RETRY_WAIT, first.state());
    assertEquals(CLOCK.instant().plus(Duration.ofMinutes(4)), first.next());
    assertEquals(EventType.RETRY_SCHEDULED, types(first).get(types(first).size() - 1));
    assertTrue(first.detail().endsWith("connection refused"), first.detail());

    SendAttempt.Outcome last = attempt.run(claim(t, 2), t, sbd(t));
    assertEquals(TransmissionState.FAILED, last.state());
    assertEquals(AttemptResult.Verdict.RETRY, last.verdict(), "the failure was retryable; the attempts ran out");
    assertNull(last.next());
    TimelineEvent gaveUp = last.events().get(last.events().size() - 1);
    assertEquals(EventType.GAVE_UP, gaveUp.type());
    assertEquals("TRANSPORT_ERROR", gaveUp.code());
    assertTrue(gaveUp.message().startsWith("Gave up after 2 attempts"), gaveUp.message());
    assertEquals("TRANSPORT_ERROR", last.toRecord().errorCode());
    assertEquals(TransmissionState.PENDING, fx.gateway().store().find(t.id()).orElseThrow().state());
  }

  @Test
  void aReceiverNobodyKnowsFailsAtTheLookupWithoutSendingAndIsNotRetried() throws Exception {
    Transmission t = accepted();
    SendAttempt attempt = with(q -> {
      throw new SmpLookupException(FailureKind.PARTICIPANT_NOT_REGISTERED, "not in the SML");
    }, RetryPolicy.defaults());

    SendAttempt.Outcome o = attempt.run(claim(t, 1), t, sbd(t));
    assertEquals(SendFailure.PARTICIPANT_NOT_REGISTERED, o.failure());
    assertEquals(SendFailure.PARTICIPANT_NOT_REGISTERED, o.lookup().failure());
    assertEquals(AttemptResult.Verdict.PERMANENT, o.verdict());
    assertEquals(TransmissionState.FAILED, o.state());
    assertEquals(List.of(EventType.SMP_LOOKUP, EventType.FAILED), types(o));
    assertEquals("PARTICIPANT_NOT_REGISTERED", o.events().get(0).code());
    assertEquals(-1, o.durationMillis());
    assertNull(o.messageId());
    assertTrue(o.payloads().isEmpty());
  }

  @Test
  void aRetryableLookupFailureWaitsForTheNextAttempt() throws Exception {
    Transmission t = accepted();
    SendAttempt attempt = with(q -> {
      throw new SmpLookupException(FailureKind.SMP_UNREACHABLE, "connection refused");
    }, RetryPolicy.defaults());

    SendAttempt.Outcome o = attempt.run(claim(t, 1), t, sbd(t));
    assertEquals(SendFailure.SMP_UNREACHABLE, o.failure());
    assertEquals(TransmissionState.RETRY_WAIT, o.state());
    assertNotNull(o.next());
  }
}
