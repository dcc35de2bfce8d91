package se.peppolgw.ap.handover;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.jobs.Scheduler;
import se.peppolgw.ap.jobs.SweepWorker;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.InboundValidationStore;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.StoreException;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionStore;

/**
 * Hands stored inbound documents to the back office's inbox folder and/or webhook, and records
 * their acknowledgement by those modes (a 2xx from the webhook; for the folder, the back office
 * deleting or moving the file, noticed on every sweep). Driven by the database, not
 * by memory: whatever is RECEIVED and not yet handed over is written, so a restart (or another
 * node) picks up where a crash left off. Woken right after each commit; a periodic sweep retries
 * failures (full disk, unmounted share); see {@link SweepWorker}.
 */
public final class HandoverWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HandoverWorker.class);
  private static final int BATCH = 100;

  /**
   * Documents written before their hand-over marks are committed together. One commit per run
   * instead of one per document; the price is that a crash between writing and marking rewrites
   * up to this many inbox files after the restart (same names, same bytes: hand-over is
   * at-least-once either way, and the back office deduplicates by transmission id).
   */
  private static final int MARK_EVERY = 16;
  /** The code of the timeline entry for a message whose stored document is gone. */
  static final String DOCUMENT_MISSING = "DOCUMENT_MISSING";

  private final TransmissionStore store;
  /** Null: hand over whatever is received (no validation after receipt in this setup). */
  private final InboundValidationStore validations;
  private final boolean holdFailed;
  private final InboxFolderWriter writer;
  private final WebhookDelivery webhook;
  private final InboundBusinessDuplicates duplicates;
  /** Null without the folder mode. */
  private final InboxFolderAcknowledgements folderAcks;
  private final Duration folderScanEvery;
  /** System.nanoTime() of the last folder scan; null before the first. Only runOnce touches it. */
  private Long lastFolderScan;
  private final SweepWorker sweeper;

  /**
   * @param writer the inbox folder, or null
   * @param webhook the webhook, or null
   */
  public HandoverWorker(
      TransmissionStore store, InboxFolderWriter writer, WebhookDelivery webhook, Duration sweep) {
    this(store, null, false, writer, webhook, null, sweep);
  }

  /**
   * @param validations hand over only documents validated after receipt, with the result in their
   *     metadata; null hands over whatever is received
   * @param holdFailed keep documents that failed validation back (not handed over; {@code
   *     gateway.inbound.validation.hand-over-failed=false})
   * @param duplicates flags received business duplicates before each run (so the handed-over
   *     metadata names the earlier document), or null
   */
  public HandoverWorker(
      TransmissionStore store,
      InboundValidationStore validations,
      boolean holdFailed,
      InboxFolderWriter writer,
      WebhookDelivery webhook,
      InboundBusinessDuplicates duplicates,
      Duration sweep) {
    this(null, store, validations, holdFailed, writer, webhook, duplicates, sweep);
  }

  /**
   * The same, on the gateway's scheduler.
   *
   * @param scheduler the gateway's; null: a thread of its own
   */
  public HandoverWorker(
      Scheduler scheduler,
      TransmissionStore store,
      InboundValidationStore validations,
      boolean holdFailed,
      InboxFolderWriter writer,
      WebhookDelivery webhook,
      InboundBusinessDuplicates duplicates,
      Duration sweep) {
    this.store = store;
    this.validations = validations;
    this.holdFailed = holdFailed;
    this.writer = writer;
    this.webhook = webhook;
    this.duplicates = duplicates;
    this.folderAcks = writer == null ? null : new InboxFolderAcknowledgements(store, writer);
    this.folderScanEvery = sweep;
    // the database down (StoreException) and a full disk or a webhook down (IOException) are outages
    List<Class<? extends Exception>> outages = List.of(StoreException.class, IOException.class);
    this.sweeper =
        (scheduler == null
                ? SweepWorker.alone("inbox-handover", "Hand-over", sweep, outages, this::runOnce)
                : SweepWorker.on(scheduler, "inbox-handover", "Hand-over", sweep, outages, this::runOnce));
    sweeper.start();
  }

  /** Ask for a run soon; cheap and coalescing, safe to call per message. */
  public void wake() {
    sweeper.wake();
  }

  public boolean isHealthy() {
    return sweeper.isHealthy();
  }

  private void runOnce() throws IOException {
    if (duplicates != null) {
      duplicates.checkNow();
    }
    List<Transmission> batch;
    int missing;
    do {
      batch =
          validations == null
              ? store.inbox().awaitingHandover(BATCH)
              : validations.awaitingHandover(BATCH, holdFailed);
      Map<String, String> written = new LinkedHashMap<>();
      missing = 0;
      try {
        for (Transmission t : batch) {
          Optional<byte[]> doc = store.payload(t.id(), PayloadKind.DOCUMENT);
          if (doc.isEmpty()) {
            missing++;
            reportMissing(t);
            continue;
          }
          written.put(t.id(), handOver(t, doc.get()));
          if (written.size() == MARK_EVERY) {
            acknowledgeWebhookDeliveries(store.inbox().markHandedOver(written));
            written.clear();
          }
        }
      } finally {
        // also after a failure: what was written before it is handed over
        markQuietly(written);
      }
      // a full batch of damaged rows would come back unchanged: stop rather than loop on them
    } while (batch.size() == BATCH && missing < batch.size());
    if (folderAcks != null && folderScanDue()) {
      folderAcks.scan();
    }
  }

  /**
   * The folder scan reads every handed-over, unacknowledged document and looks for its file: 10 s
   * at 400,000 of them on PostgreSQL (2026-12-06). It ran on every run, and a run follows every
   * validated batch, so a back office that leaves its files for a while made each received
   * document cost a scan. The README promises that a taken file is noticed on the next sweep:
   * at most one scan per sweep interval keeps that promise.
   */
  private boolean folderScanDue() {
    long now = System.nanoTime();
    if (lastFolderScan != null && now - lastFolderScan < folderScanEvery.toNanos()) {
      return false;
    }
    lastFolderScan = now;
    return true;
  }

  private void markQuietly(Map<String, String> written) {
    if (written.isEmpty()) {
      return;
    }
    try {
      acknowledgeWebhookDeliveries(store.inbox().markHandedOver(written));
    } catch (RuntimeException e) {
      // they stay RECEIVED and are written again on the next run
      LOG.warn("Could not mark {} hand-overs, will redo them: {}", written.size(), e.getMessage());
    }
  }

  /**
   * The webhook mode's acknowledgement: its 2xx answer. Every document just marked was POSTed
   * and answered 2xx (a failure throws before it is marked), so it is acknowledged.
   */
  private void acknowledgeWebhookDeliveries(java.util.Set<String> marked) {
    if (webhook == null) {
      return;
    }
    for (String id : marked) {
      store.inbox().acknowledge(id, "back office (webhook " + webhook.url() + " answered 2xx)");
    }
  }

  /**
   * A stored message without its document bytes (a damaged row) cannot be handed over, and
   * waiting does not mend it. It stays RECEIVED (the hand-over backlog shows it) with one timeline
   * entry that says why, and the documents behind it are handed over as usual. Throwing here
   * would stop every later hand-over at it.
   */
  private void reportMissing(Transmission t) {
    boolean told =
        store.timeline(t.id()).stream()
            .anyMatch(e -> e.type() == EventType.HANDOVER_FAILED && DOCUMENT_MISSING.equals(e.code()));
    if (!told) {
      LOG.error("Inbound {}: its stored document is missing; it cannot be handed over", t.id());
      store.appendEvent(
          t.id(),
          TimelineEvent.of(
                  EventType.HANDOVER_FAILED,
                  "Hand-over impossible: the stored business document is missing from the database")
              .withCode(DOCUMENT_MISSING));
    }
  }

  /** Writes one document to the inbox folder and/or webhook; returns what was done. */
  private String handOver(Transmission t, byte[] doc) throws IOException {
    byte[] meta =
        Json.toJson(
                InboundMetadata.handedOver(
                    t, validations == null ? java.util.Optional.empty() : validations.validation(t.id())))
            .getBytes(StandardCharsets.UTF_8);
    StringBuilder how = new StringBuilder();
    try {
      if (writer != null) {
        writer.write(t.id(), doc, meta);
        how.append("Written to inbox folder ").append(writer.dir()).append(" as ").append(t.id()).append(".xml");
      }
      if (webhook != null) {
        webhook.deliver(t.id(), doc, meta);
        how.append(how.length() > 0 ? "; " : "").append("POSTed to webhook ").append(webhook.url());
      }
    } catch (IOException e) {
      // One timeline entry per outage, not one per retry.
      if (sweeper.isHealthy()) {
        store.appendEvent(
            t.id(),
            TimelineEvent.of(
                EventType.HANDOVER_FAILED,
                "Hand-over failed: " + e.getMessage() + "; retrying until it works"));
      }
      throw e;
    }
    return how.toString();
  }

  @Override
  public void close() {
    sweeper.close();
  }
}
