package se.peppolgw.ap.outbound;

import com.helger.peppolid.factory.PeppolIdentifierFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.OutboxStore;
import se.peppolgw.ap.store.OutboxStore.AttemptOutcome;
import se.peppolgw.ap.store.OutboxStore.Claim;
import se.peppolgw.ap.store.OutboxStore.StoredPayload;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.store.TransmissionStore;
import se.peppolgw.smp.EndpointQuery;
import se.peppolgw.smp.LookupResult;
import se.peppolgw.smp.SmpLookupException;

/**
 * Sends what the outbox holds: claims due documents with a lease, looks the receiver up, sends
 * with {@link PeppolAs4Sender}, and records every attempt (lookup trace, sending report, receipt
 * or error signal) before the next decision. Retryable failures come back with exponential backoff
 * and a new AS4 MessageId (the SBD, and so its InstanceIdentifier, stays the same); permanent ones
 * and exhausted retries end FAILED with the reason. Unfinished documents are picked up after a
 * restart, by this or any other node, once their lease has expired.
 */
public final class OutboundWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundWorker.class);
  private static final PeppolIdentifierFactory IDS = PeppolIdentifierFactory.INSTANCE;

  private final OutboxStore outbox;
  private final TransmissionStore store;
  private final ReceiverLookup lookup;
  private final PeppolAs4Sender sender;
  private final RetryPolicy retry;
  private final String nodeId;
  private final String seatId;
  private final Duration lease;
  private final Duration poll;
  private final int threads;
  private final Clock clock;
  private final RandomGenerator random = RandomGenerator.getDefault();

  private final ThreadPoolExecutor pool;
  private final Thread dispatcher;
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Claims whose attempt is running; their leases are extended while it runs. */
  private final java.util.Set<Claim> sending = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.ScheduledExecutorService renewer;
  private final Object signal = new Object();
  private boolean woken;
  private volatile boolean running = true;
  private volatile AttemptObserver observer = AttemptObserver.NONE;

  public OutboundWorker(
      OutboxStore outbox,
      TransmissionStore store,
      ReceiverLookup lookup,
      PeppolAs4Sender sender,
      RetryPolicy retry,
      String nodeId,
      String seatId,
      Duration lease,
      Duration poll,
      int threads,
      Clock clock) {
    this.outbox = outbox;
    this.store = store;
    this.lookup = lookup;
    this.sender = sender;
    this.retry = retry;
    this.nodeId = nodeId;
    this.seatId = seatId;
    this.lease = lease;
    this.poll = poll;
    if (threads < 0) {
      throw new IllegalArgumentException("outbound workers must be 0 or more");
    }
    // 0: an intake-only node that accepts documents and leaves the sending to other nodes
    this.threads = threads;
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            Math.max(1, threads),
            Math.max(1, threads),
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "outbound-send-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.dispatcher = new Thread(this::dispatch, "outbound-dispatch");
    dispatcher.setDaemon(true);
    this.renewer =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "outbound-lease-renewal");
              t.setDaemon(true);
              return t;
            });
  }

  public OutboundWorker start() {
    // A restarted node takes its own unfinished claims back at once instead of waiting for their
    // leases to expire (node ids are unique per running process: see gateway.node-id).
    try {
      int mine = outbox.releaseLeases(nodeId);
      if (mine > 0) {
        LOG.info("Outbound worker {}: resuming {} document(s) this node had claimed before", nodeId, mine);
      }
    } catch (RuntimeException e) {
      LOG.warn("Outbound worker {}: could not release old claims ({}); they resume when their leases end", nodeId, e.getMessage());
    }
    if (threads == 0) {
      LOG.info("Outbound worker {}: gateway.outbound.workers=0, this node accepts documents but"
          + " does not send them; nodes with workers on the same database send them", nodeId);
      return this;
    }
    dispatcher.start();
    // a third of the lease: two renewals can fail (database hiccup) before another node may take over
    long every = Math.max(500, lease.toMillis() / 3);
    renewer.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
    LOG.info(
        "Outbound worker {} started: {} senders, lease {}, {}", nodeId, threads, lease, retry);
    return this;
  }

  private void renewLeases() {
    try {
      java.util.List<Claim> now = List.copyOf(sending);
      int renewed = outbox.renew(nodeId, now, lease);
      if (renewed < now.size()) {
        LOG.warn("Outbound worker {}: {} of {} running sends had lost their lease (taken over by"
            + " another node); their outcome will not be recorded here", nodeId, now.size() - renewed, now.size());
      }
    } catch (RuntimeException e) {
      LOG.warn("Outbound worker {}: could not extend the leases of running sends: {}", nodeId, e.getMessage());
    }
  }

  /** Started and not stopped: sending (or, with 0 workers, deliberately intake-only). */
  public boolean isRunning() {
    return running && (threads == 0 || dispatcher.isAlive());
  }

  /** New work may be due (a document was accepted): look now instead of at the next poll. */
  public void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  public String nodeId() {
    return nodeId;
  }

  private void dispatch() {
    while (running) {
      try {
        int free = threads - inFlight.get();
        if (free > 0) {
          for (Claim c : outbox.claim(nodeId, lease, free)) {
            inFlight.incrementAndGet();
            pool.execute(new Attempt(c));
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("Outbound worker: cannot claim work ({}); retrying", e.getMessage());
      }
      synchronized (signal) {
        if (!woken && running) {
          try {
            signal.wait(poll.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        woken = false;
      }
    }
  }

  /** One claimed document; a Runnable of its own so that a stop can give unstarted ones back. */
  private final class Attempt implements Runnable {
    final Claim claim;

    Attempt(Claim claim) {
      this.claim = claim;
    }

    @Override
    public void run() {
      sending.add(claim);
      try {
        process(claim);
      } catch (RuntimeException e) {
        // e.g. the database went away mid-attempt: the lease expires and the attempt is repeated
        LOG.error(
            "Outbound {} attempt {}: could not complete ({}); it is taken up again when the lease"
                + " ends at {}",
            claim.transmissionId(),
            claim.attempt(),
            e.toString(),
            claim.leaseUntil());
      } finally {
        sending.remove(claim);
        inFlight.decrementAndGet();
        wake();
      }
    }
  }

  void process(Claim claim) {
    String id = claim.transmissionId();
    Transmission t = store.find(id).orElseThrow(() -> new IllegalStateException("no transmission " + id));
    byte[] sbd =
        store.payload(id, PayloadKind.SBD).orElseThrow(() -> new IllegalStateException("no SBD for " + id));
    List<TimelineEvent> events = new ArrayList<>();

    EndpointQuery query =
        new EndpointQuery(
            IDS.createParticipantIdentifierWithDefaultScheme(t.receiverId()),
            IDS.createDocumentTypeIdentifierWithDefaultScheme(t.documentTypeId()),
            IDS.createProcessIdentifierWithDefaultScheme(t.processId()),
            EndpointQuery.PEPPOL_AS4_V2);
    LookupResult found;
    try {
      found = lookup.lookup(query);
      observer.lookupDone(found.trace().totalMicros(), found.trace().isCacheHit(), null);
      events.add(
          TimelineEvent.of(
                  EventType.SMP_LOOKUP,
                  "Receiver " + t.receiverId() + " found: " + found.endpoint().endpointUrl()
                      + " (" + found.endpoint().certificate().getSubjectX500Principal().getName()
                      + ")" + cacheNote(found))
              .withCode("OK")
              .withDuration(found.trace().totalMicros() / 1000)
              .withData(found.trace().toJson()));
    } catch (SmpLookupException e) {
      TimelineEvent ev =
          TimelineEvent.of(EventType.SMP_LOOKUP, "Lookup failed: " + e.getMessage())
              .withCode(e.kind().name());
      if (e.trace() != null) {
        ev = ev.withDuration(e.trace().totalMicros() / 1000).withData(e.trace().toJson());
      }
      events.add(ev);
      observer.lookupDone(e.trace() == null ? 0 : e.trace().totalMicros(), false, e.kind().name());
      finish(
          claim,
          t,
          events,
          e.isRetryable() ? AttemptResult.Verdict.RETRY : AttemptResult.Verdict.PERMANENT,
          e.kind().name(),
          e.getMessage(),
          null,
          null,
          null,
          -1);
      return;
    }

    String messageId = UUID.randomUUID() + "@" + seatId.toLowerCase(Locale.ROOT);
    AttemptResult r = sender.send(t, sbd, found.endpoint(), messageId);
    events.add(
        TimelineEvent.of(
                EventType.SEND_ATTEMPT,
                "Attempt " + claim.attempt() + " (node " + nodeId + "): AS4 message " + messageId
                    + " to " + r.endpointUrl() + " -> "
                    + (r.verdict() == AttemptResult.Verdict.DELIVERED ? "signed receipt verified" : r.detail())
                    + (r.technicalDetail() == null ? "" : " [technical: " + r.technicalDetail() + "]"))
            .withCode(r.verdict() == AttemptResult.Verdict.DELIVERED ? "SUCCESS" : r.code())
            .withDuration(r.durationMillis())
            .withData(r.sendingReportJson()));
    List<StoredPayload> payloads = new ArrayList<>();
    if (r.verdict() == AttemptResult.Verdict.DELIVERED) {
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
    finish(claim, t, events, r.verdict(), r.code(), r.detail(), messageId, r.remoteAp(), payloads, r.durationMillis());
  }

  private static String cacheNote(LookupResult found) {
    return found.trace().isCacheHit() ? ", from cache" : "";
  }

  private void finish(
      Claim claim,
      Transmission t,
      List<TimelineEvent> events,
      AttemptResult.Verdict verdict,
      String code,
      String detail,
      String messageId,
      String remoteAp,
      List<StoredPayload> payloads,
      long durationMillis) {
    Instant now = clock.instant();
    TransmissionState state;
    Instant next = null;
    switch (verdict) {
      case DELIVERED -> {
        state = TransmissionState.DELIVERED;
        events.add(
            TimelineEvent.of(
                EventType.DELIVERED,
                "Delivered to " + remoteAp + " in attempt " + claim.attempt()));
      }
      case PERMANENT -> {
        state = TransmissionState.FAILED;
        events.add(
            TimelineEvent.of(EventType.FAILED, "Failed permanently, not retried: " + detail)
                .withCode(code));
      }
      default -> {
        Optional<Instant> at = retry.nextAttempt(claim.attempt(), now, random);
        if (at.isPresent()) {
          state = TransmissionState.RETRY_WAIT;
          next = at.get();
          events.add(
              TimelineEvent.of(
                      EventType.RETRY_SCHEDULED,
                      "Attempt " + claim.attempt() + " of " + retry.maxAttempts() + " failed ("
                          + code + "); next attempt at " + next)
                  .withCode(code));
        } else {
          state = TransmissionState.FAILED;
          events.add(
              TimelineEvent.of(
                      EventType.FAILED,
                      "Gave up after " + claim.attempt() + " attempts; last error: " + detail)
                  .withCode(code));
        }
      }
    }
    boolean recorded =
        outbox.recordAttempt(
            claim,
            new AttemptOutcome(
                state,
                next,
                messageId,
                t.id(),
                remoteAp,
                state == TransmissionState.DELIVERED ? null : code,
                state == TransmissionState.DELIVERED ? null : detail,
                events,
                payloads));
    if (!recorded) {
      LOG.warn(
          "Outbound {} attempt {}: lease lost before the outcome ({}) could be recorded; another"
              + " node has taken the document over",
          t.id(),
          claim.attempt(),
          state);
      return;
    }
    observer.attemptDone(t, verdict, state, code, detail, durationMillis);
    if (state == TransmissionState.FAILED) {
      // permanent: nothing more happens on its own, an operator has to look at it
      LOG.warn("Outbound {} to {}: attempt {} -> FAILED ({}): {}", t.id(), t.receiverId(), claim.attempt(),
          code, detail);
    } else {
      LOG.info(
          "Outbound {} to {}: attempt {} -> {}{}",
          t.id(),
          t.receiverId(),
          claim.attempt(),
          state,
          code == null || state == TransmissionState.DELIVERED ? "" : " (" + code + ")");
    }
  }

  /** Who is told about lookups and attempts (metrics, alerts); set once at start-up. */
  public void observe(AttemptObserver o) {
    this.observer = o == null ? AttemptObserver.NONE : o;
  }

  /**
   * Stops claiming, gives back claims whose attempt has not started, and waits up to {@code
   * grace} for running attempts to record their outcome.
   */
  public void stop(Duration grace) {
    running = false;
    wake();
    renewer.shutdown();
    List<Runnable> unstarted = new ArrayList<>();
    pool.getQueue().drainTo(unstarted);
    pool.shutdown();
    for (Runnable r : unstarted) {
      inFlight.decrementAndGet();
      if (r instanceof Attempt a) {
        try {
          outbox.release(a.claim);
        } catch (RuntimeException e) {
          LOG.warn("Could not give back claim {}: {}", a.claim.transmissionId(), e.getMessage());
        }
      }
    }
    try {
      dispatcher.join(grace.toMillis());
      if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Outbound sends still running after {}; their leases expire on their own", grace);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }
}
