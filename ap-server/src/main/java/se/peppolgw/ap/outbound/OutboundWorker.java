package se.peppolgw.ap.outbound;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.store.OutboxStore;
import se.peppolgw.ap.store.OutboxStore.Claim;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.StoreException;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.store.TransmissionStore;

/**
 * Sends what the outbox holds: the dispatcher. It claims due documents with a lease, keeps the
 * leases of running attempts alive, runs each claim's {@link SendAttempt} (lookup, send, judgement)
 * on its sender threads and records every attempt (lookup trace, sending report, receipt or error
 * signal) before the next decision. Retryable failures come back with exponential backoff
 * and a new AS4 MessageId (the SBD, and so its InstanceIdentifier, stays the same); permanent ones
 * and exhausted retries end FAILED with the reason. Unfinished documents are picked up after a
 * restart, by this or any other node, once their lease has expired.
 */
public final class OutboundWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundWorker.class);

  private final OutboxStore outbox;
  private final TransmissionStore store;
  private final SendAttempt attempt;
  private final RetryPolicy retry;
  private final String nodeId;
  private final Duration lease;
  private final Duration poll;
  private final int threads;

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
    this.attempt = new SendAttempt(lookup, sender, retry, nodeId, seatId, clock, RandomGenerator.getDefault());
    this.retry = retry;
    this.nodeId = nodeId;
    this.lease = lease;
    this.poll = poll;
    if (threads < 0) {
      throw new IllegalArgumentException("outbound workers must be 0 or more");
    }
    // 0: an intake-only node that accepts documents and leaves the sending to other nodes
    this.threads = threads;
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

  /** The attempt this worker runs for each claim (no threads, no store writes of its own). */
  SendAttempt attempt() {
    return attempt;
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

  /** Loads the claimed document, runs its attempt and records the outcome under the claim. */
  void process(Claim claim) {
    String id = claim.transmissionId();
    Transmission t = store.find(id).orElseThrow(() -> new IllegalStateException("no transmission " + id));
    Optional<byte[]> sbd = store.payload(id, PayloadKind.SBD);
    SendAttempt.Outcome o;
    try {
      o = attempt.run(claim, t, sbd.orElseThrow(() -> new IllegalStateException("its stored SBD is missing")));
    } catch (StoreException e) {
      throw e; // the database, not this document: the lease ends and the attempt is repeated
    } catch (RuntimeException e) {
      LOG.error("Outbound {} attempt {}: the gateway's own code failed; the document is failed", id,
          claim.attempt(), e);
      o = attempt.failedInGateway(claim, t, e);
    }
    SendAttempt.Lookup l = o.lookup();
    if (l != null) {
      observer.lookupDone(l.micros(), l.cacheHit(), l.failure() == null ? null : l.failure().code());
    }
    if (!outbox.recordAttempt(claim, o.toRecord())) {
      LOG.warn(
          "Outbound {} attempt {}: lease lost before the outcome ({}) could be recorded; another"
              + " node has taken the document over",
          t.id(),
          claim.attempt(),
          o.state());
      return;
    }
    observer.attemptDone(t, o.verdict(), o.state(), o.code(), o.detail(), o.durationMillis());
    if (o.state() == TransmissionState.FAILED) {
      // permanent: nothing more happens on its own, an operator has to look at it
      LOG.warn("Outbound {} to {}: attempt {} -> FAILED ({}): {}", t.id(), t.receiverId(), claim.attempt(),
          o.code(), o.detail());
    } else {
      LOG.info(
          "Outbound {} to {}: attempt {} -> {}{}",
          t.id(),
          t.receiverId(),
          claim.attempt(),
          o.state(),
          o.code() == null || o.state() == TransmissionState.DELIVERED ? "" : " (" + o.code() + ")");
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
