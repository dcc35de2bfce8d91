package se.peppolgw.ap.outbound;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.handover.WebhookSigner;
import se.peppolgw.ap.jobs.Scheduler;
import se.peppolgw.ap.jobs.SweepWorker;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.StatusNoticeKind;
import se.peppolgw.ap.store.StatusNoticeStore;
import se.peppolgw.ap.store.StatusNoticeStore.Notice;
import se.peppolgw.ap.store.StoreException;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.smp.tls.OutboundTls;

/**
 * Tells the back office what became of its outbound documents: POSTs a signed JSON callback to
 * {@code gateway.outbound.webhook.url} for every final state (DELIVERED, FAILED, CANCELLED) and
 * every MLS answer ({@link #notifyMlsAnswer}). The callbacks are rows in the database, written
 * with the state they report, so none is lost by a crash or restart; one is retried with backoff
 * (doubling up to {@link #MAX_DELAY}, without end: a back office that is down for a day still
 * learns everything) until the receiver answers 2xx, and is then never sent again. A crash between
 * the 2xx and recording it sends that one callback again: receivers deduplicate by {@code
 * X-Gateway-Event-Id}.
 *
 * <p>The signature is the one of the inbound hand-over webhook ({@link WebhookSigner}).
 */
public final class OutboundStatusWebhook implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundStatusWebhook.class);

  public static final String EVENT_ID_HEADER = "X-Gateway-Event-Id";
  public static final String EVENT_HEADER = "X-Gateway-Event";
  public static final String TRANSMISSION_ID_HEADER = "X-Gateway-Transmission-Id";
  /** Longest wait between two attempts of one callback. */
  static final Duration MAX_DELAY = Duration.ofHours(1);
  /** Delivered callbacks are kept this long (operator questions), then removed. */
  static final Duration KEEP_DELIVERED = Duration.ofDays(30);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** Longer than one request, so that no other node takes a callback over while it is sent. */
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final int BATCH = 50;

  private final URI url;
  private final WebhookSigner signer;
  private final StatusNoticeStore notices;
  private final java.util.function.Function<String, Optional<Transmission>> transmissions;
  private final String nodeId;
  private final Duration initialDelay;
  private final Clock clock;
  private final HttpClient http;
  private volatile Instant lastPurge = Instant.EPOCH;
  /** Null until started: nothing is sent in the background (a caller drives {@link #runOnce}). */
  private volatile SweepWorker sweeper;

  /**
   * @param transmissions reads a transmission for the business identity in the callback
   * @param initialDelay the wait after the first failed attempt; doubled per further failure
   */
  public OutboundStatusWebhook(
      URI url,
      String secret,
      StatusNoticeStore notices,
      java.util.function.Function<String, Optional<Transmission>> transmissions,
      String nodeId,
      Duration initialDelay,
      Clock clock,
      OutboundTls tls) {
    this.url = url;
    this.signer = new WebhookSigner(secret, clock);
    this.notices = notices;
    this.transmissions = transmissions;
    this.nodeId = nodeId;
    this.initialDelay = initialDelay;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .sslContext(tls.sslContext())
            .sslParameters(tls.sslParameters())
            .build();
  }

  /** Starts the sweep: due callbacks are sent every {@code poll} (and at once on {@link #wake}). */
  public OutboundStatusWebhook start(Duration poll) {
    return start(null, poll);
  }

  /** The same, on the gateway's scheduler (null: a thread of its own). */
  public OutboundStatusWebhook start(Scheduler scheduler, Duration poll) {
    List<Class<? extends Exception>> outages = List.of(StoreException.class);
    String name = "outbound-status-webhook";
    String what = "Outbound status webhook";
    SweepWorker w =
        scheduler == null
            ? SweepWorker.alone(name, what, poll, outages, this::runOnce)
            : SweepWorker.on(scheduler, name, what, poll, outages, this::runOnce);
    sweeper = w;
    w.start();
    LOG.info("Outbound status webhook: final states and MLS answers are POSTed to {}", url);
    return this;
  }

  public URI url() {
    return url;
  }

  /**
   * The hook for MLS answers: the receiver of outbound transmission {@code transmissionId}
   * answered with a Message Level Response. The back office gets a callback with {@code "event":
   * "MLS_ANSWER"}, {@code "state"} the MLS response code ({@code AP} accepted, {@code AB}
   * acknowledged, {@code RE} rejected) and {@code "reason"} the receiver's text, with the same
   * retries as a final state.
   */
  public void notifyMlsAnswer(String transmissionId, String mlsResponseCode, String reasonCode, String reason) {
    notices.add(transmissionId, StatusNoticeKind.MLS_ANSWER, mlsResponseCode, reasonCode, reason);
    wake();
  }

  /** Look for due callbacks now (once started); cheap and coalescing. */
  public void wake() {
    SweepWorker w = sweeper;
    if (w != null) {
      w.wake();
    }
  }

  /** Sends every due callback once; returns how many were delivered. */
  int runOnce() {
    int delivered = 0;
    List<Notice> batch;
    do {
      batch = notices.claimDue(nodeId, LEASE, BATCH);
      for (Notice n : batch) {
        if (send(n)) {
          delivered++;
        }
      }
    } while (batch.size() == BATCH);
    Instant now = clock.instant();
    if (Duration.between(lastPurge, now).compareTo(Duration.ofHours(1)) > 0) {
      lastPurge = now;
      notices.purgeDeliveredBefore(now.minus(KEEP_DELIVERED));
    }
    return delivered;
  }

  private boolean send(Notice n) {
    byte[] body = body(n);
    WebhookSigner.Signed signed = signer.sign(body);
    HttpRequest req =
        HttpRequest.newBuilder(url)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header(EVENT_ID_HEADER, n.id())
            .header(EVENT_HEADER, n.kind().name())
            .header(TRANSMISSION_ID_HEADER, n.transmissionId())
            .header(WebhookSigner.TIMESTAMP_HEADER, signed.timestamp())
            .header(WebhookSigner.SIGNATURE_HEADER, signed.signature())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    String error;
    try {
      HttpResponse<Void> resp = http.send(req, HttpResponse.BodyHandlers.discarding());
      if (resp.statusCode() / 100 == 2) {
        notices.delivered(
            n,
            TimelineEvent.of(
                    EventType.NOTE,
                    "Status callback " + what(n) + " accepted by " + url + " (HTTP " + resp.statusCode() + ")")
                .withCode("STATUS_WEBHOOK_DELIVERED"));
        return true;
      }
      error = "HTTP " + resp.statusCode();
    } catch (IOException e) {
      error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    }
    Instant next = clock.instant().plus(delayAfter(initialDelay, n.attempts() + 1));
    LOG.warn("Outbound status webhook {}: callback {} for {} failed ({}); next attempt at {}",
        url, what(n), n.transmissionId(), error, next);
    // one timeline entry for the first failure, not one per retry
    TimelineEvent note =
        n.attempts() == 0
            ? TimelineEvent.of(
                    EventType.NOTE,
                    "Status callback " + what(n) + " to " + url + " failed (" + error
                        + "); retrying with backoff until it is accepted")
                .withCode("STATUS_WEBHOOK_FAILED")
            : null;
    notices.failed(n, next, error, note);
    return false;
  }

  /** initial × 2^(failures − 1), at most {@link #MAX_DELAY}. */
  static Duration delayAfter(Duration initial, int failures) {
    Duration d = initial;
    for (int i = 1; i < failures && d.compareTo(MAX_DELAY) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
  }

  private static String what(Notice n) {
    return n.kind() == StatusNoticeKind.MLS_ANSWER ? "MLS answer " + n.state() : n.state();
  }

  /** The callback's JSON: what happened, and the business identity of the document it concerns. */
  private byte[] body(Notice n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("eventId", n.id());
    m.put("event", n.kind().name());
    m.put("transmissionId", n.transmissionId());
    m.put("state", n.state());
    m.put("reasonCode", n.reasonCode());
    m.put("reason", n.reason());
    m.put("at", n.createdAt());
    // null fields when retention already removed the transmission: the callback still goes out
    Optional<Transmission> t = transmissions.apply(n.transmissionId());
    m.put("sender", t.map(Transmission::senderId).orElse(null));
    m.put("receiver", t.map(Transmission::receiverId).orElse(null));
    m.put("documentType", t.map(Transmission::documentTypeId).orElse(null));
    m.put("documentId", t.map(Transmission::businessId).orElse(null));
    m.put("sbdhInstanceIdentifier", t.map(Transmission::sbdhInstanceId).orElse(null));
    m.put("as4MessageId", t.map(Transmission::as4MessageId).orElse(null));
    m.put("acceptedAt", t.map(Transmission::createdAt).orElse(null));
    return Json.toJson(m).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    SweepWorker w = sweeper;
    if (w != null) {
      w.close();
    }
  }
}
