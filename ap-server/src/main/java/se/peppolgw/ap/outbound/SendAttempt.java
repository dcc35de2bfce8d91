package se.peppolgw.ap.outbound;

import com.helger.peppolid.factory.PeppolIdentifierFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.OutboxStore.AttemptOutcome;
import se.peppolgw.ap.store.OutboxStore.Claim;
import se.peppolgw.ap.store.OutboxStore.StoredPayload;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.smp.EndpointQuery;
import se.peppolgw.smp.LookupResult;
import se.peppolgw.smp.SmpLookupException;

/**
 * One attempt to send one claimed document, start to end and nothing else: look the receiver up,
 * send with a new AS4 MessageId, judge the answer and decide what comes next (delivered, another
 * attempt at a time, failed, or given up). No threads, no store writes: what happened comes back as
 * an {@link Outcome} for the dispatcher ({@link OutboundWorker}) to record under its lease.
 */
public final class SendAttempt {
  private static final PeppolIdentifierFactory IDS = PeppolIdentifierFactory.INSTANCE;

  private final ReceiverLookup lookup;
  private final PeppolAs4Sender sender;
  private final RetryPolicy retry;
  private final String nodeId;
  private final String seatId;
  private final Clock clock;
  private final RandomGenerator random;

  public SendAttempt(
      ReceiverLookup lookup,
      PeppolAs4Sender sender,
      RetryPolicy retry,
      String nodeId,
      String seatId,
      Clock clock,
      RandomGenerator random) {
    this.lookup = lookup;
    this.sender = sender;
    this.retry = retry;
    this.nodeId = nodeId;
    this.seatId = seatId;
    this.clock = clock;
    this.random = random;
  }

  /** The AS4 sender, to run the same sends with other routing or retries. */
  PeppolAs4Sender sender() {
    return sender;
  }

  /** The routing, to wrap it. */
  ReceiverLookup lookup() {
    return lookup;
  }

  /**
   * What the lookup of an attempt did, for metrics.
   *
   * @param failure null when the receiver was found
   */
  public record Lookup(long micros, boolean cacheHit, SendFailure failure) {}

  /**
   * How an attempt ended, ready to be recorded.
   *
   * @param failure null when delivered
   * @param code the stored code of the failure, null when delivered
   * @param next when to try again (RETRY_WAIT only)
   * @param durationMillis the AS4 exchange; -1 when the attempt ended at the lookup
   * @param lookup what the lookup did; null when the gateway failed before it ({@link
   *     SendAttempt#failedInGateway})
   */
  public record Outcome(
      Claim claim,
      Transmission transmission,
      AttemptResult.Verdict verdict,
      SendFailure failure,
      String code,
      String detail,
      TransmissionState state,
      Instant next,
      String messageId,
      String remoteAp,
      List<TimelineEvent> events,
      List<StoredPayload> payloads,
      long durationMillis,
      Lookup lookup) {

    /** What the outbox records: the error fields stay empty for a delivered document. */
    public AttemptOutcome toRecord() {
      boolean delivered = state == TransmissionState.DELIVERED;
      return new AttemptOutcome(
          state, next, messageId, transmission.id(), remoteAp, delivered ? null : code,
          delivered ? null : detail, events, payloads);
    }
  }

  /** Looks up, sends and judges the claimed transmission {@code t} with its SBD. */
  public Outcome run(Claim claim, Transmission t, byte[] sbd) {
    List<TimelineEvent> events = new ArrayList<>();
    EndpointQuery query =
        new EndpointQuery(
            IDS.createParticipantIdentifierWithDefaultScheme(t.receiverId()),
            IDS.createDocumentTypeIdentifierWithDefaultScheme(t.documentTypeId()),
            IDS.createProcessIdentifierWithDefaultScheme(t.processId()),
            EndpointQuery.PEPPOL_AS4_V2);
    LookupResult found;
    Lookup looked;
    try {
      found = lookup.lookup(query);
      looked = new Lookup(found.trace().totalMicros(), found.trace().isCacheHit(), null);
      events.add(
          TimelineEvent.of(
                  EventType.SMP_LOOKUP,
                  "Receiver " + t.receiverId() + " found: " + found.endpoint().endpointUrl()
                      + " (" + found.endpoint().certificate().getSubjectX500Principal().getName()
                      + ")" + (found.trace().isCacheHit() ? ", from cache" : ""))
              .withCode("OK")
              .withDuration(found.trace().totalMicros() / 1000)
              .withData(found.trace().toJson()));
    } catch (SmpLookupException e) {
      SendFailure failure = SendFailure.of(e.kind());
      TimelineEvent ev =
          TimelineEvent.of(EventType.SMP_LOOKUP, "Lookup failed: " + e.getMessage())
              .withCode(failure.code());
      if (e.trace() != null) {
        ev = ev.withDuration(e.trace().totalMicros() / 1000).withData(e.trace().toJson());
      }
      events.add(ev);
      looked = new Lookup(e.trace() == null ? 0 : e.trace().totalMicros(), false, failure);
      return decide(claim, t, events, failure, failure.code(), e.getMessage(), null, null, List.of(), -1, looked);
    }

    String messageId = UUID.randomUUID() + "@" + seatId.toLowerCase(Locale.ROOT);
    AttemptResult r = sender.send(t, sbd, found.endpoint(), messageId);
    boolean delivered = r.verdict() == AttemptResult.Verdict.DELIVERED;
    events.add(
        TimelineEvent.of(
                EventType.SEND_ATTEMPT,
                "Attempt " + claim.attempt() + " (node " + nodeId + "): AS4 message " + messageId
                    + " to " + r.endpointUrl() + " -> "
                    + (delivered ? "signed receipt verified" : r.detail())
                    + (r.technicalDetail() == null ? "" : " [technical: " + r.technicalDetail() + "]"))
            .withCode(delivered ? "SUCCESS" : r.code())
            .withDuration(r.durationMillis())
            .withData(r.sendingReportJson()));
    List<StoredPayload> payloads = new ArrayList<>();
    if (delivered) {
      payloads.add(new StoredPayload(PayloadKind.RECEIPT, "application/soap+xml", r.response()));
      events.add(
          TimelineEvent.of(
                  EventType.RECEIPT_RECEIVED,
                  "Signed receipt for " + messageId + " from " + r.remoteAp()
                      + ", NonRepudiationInformation matches the message sent")
              .withCode("RECEIPT"));
    } else if (r.keepsSignal()) {
      payloads.add(new StoredPayload(PayloadKind.ERROR_SIGNAL, "application/soap+xml", r.response()));
      events.add(TimelineEvent.of(EventType.ERROR_SIGNAL_RECEIVED, r.detail()).withCode(r.code()));
    }
    return decide(claim, t, events, r.failure(), r.code(), r.detail(), messageId, r.remoteAp(), payloads,
        r.durationMillis(), looked);
  }

  /**
   * An attempt the gateway's own code could not run ({@link SendFailure#GATEWAY_ERROR}): a bug, or
   * a damaged row such as a missing SBD. It fails at once with the error on the timeline instead
   * of being claimed again after every lease for ever; an operator's retry starts a new round.
   * Its lookup is null: what the failed attempt looked up is not known here.
   */
  public Outcome failedInGateway(Claim claim, Transmission t, RuntimeException e) {
    String detail = "The gateway could not run attempt " + claim.attempt() + ": " + e;
    return decide(claim, t, new ArrayList<>(), SendFailure.GATEWAY_ERROR, SendFailure.GATEWAY_ERROR.code(),
        detail, null, null, List.of(), -1, null);
  }

  /** The state that follows, with its closing timeline event. */
  private Outcome decide(
      Claim claim,
      Transmission t,
      List<TimelineEvent> events,
      SendFailure failure,
      String code,
      String detail,
      String messageId,
      String remoteAp,
      List<StoredPayload> payloads,
      long durationMillis,
      Lookup looked) {
    TransmissionState state;
    Instant next = null;
    AttemptResult.Verdict verdict;
    if (failure == null) {
      verdict = AttemptResult.Verdict.DELIVERED;
      state = TransmissionState.DELIVERED;
      events.add(
          TimelineEvent.of(EventType.DELIVERED, "Delivered to " + remoteAp + " in attempt " + claim.attempt()));
    } else if (!failure.isRetryable()) {
      verdict = AttemptResult.Verdict.PERMANENT;
      state = TransmissionState.FAILED;
      events.add(
          TimelineEvent.of(EventType.FAILED, "Failed permanently, not retried: " + detail).withCode(code));
    } else {
      verdict = AttemptResult.Verdict.RETRY;
      Optional<Instant> at = retry.nextAttempt(claim.attempt(), clock.instant(), random);
      if (at.isPresent()) {
        state = TransmissionState.RETRY_WAIT;
        next = at.get();
        events.add(
            TimelineEvent.of(
                    EventType.RETRY_SCHEDULED,
                    "Attempt " + claim.attempt() + " of " + retry.maxAttempts() + " failed (" + code
                        + "); next attempt at " + next)
                .withCode(code));
      } else {
        state = TransmissionState.FAILED;
        events.add(
            TimelineEvent.of(
                    EventType.GAVE_UP,
                    "Gave up after " + claim.attempt() + " attempts; last error: " + detail)
                .withCode(code));
      }
    }
    return new Outcome(claim, t, verdict, failure, code, detail, state, next, messageId, remoteAp,
        events, payloads, durationMillis, looked);
  }
}
