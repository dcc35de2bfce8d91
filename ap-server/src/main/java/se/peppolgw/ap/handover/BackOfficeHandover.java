package se.peppolgw.ap.handover;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.jobs.Scheduler;
import se.peppolgw.ap.store.BusinessDuplicateStore;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.InboundValidationStore;
import se.peppolgw.ap.store.TransmissionStore;

/**
 * The hand-over of received documents as configured ({@code gateway.handover.modes}): the worker
 * for the inbox folder and/or webhook, or without either (pull API only) the business duplicate
 * check on its own. Both sweep on the gateway's {@link Scheduler}.
 */
public final class BackOfficeHandover implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackOfficeHandover.class);

  /** Null with the pull API alone. */
  private final HandoverWorker worker;
  private final InboundBusinessDuplicates duplicates;
  /** Null without the folder mode. */
  private final InboxFolderWriter inboxFolder;

  private BackOfficeHandover(HandoverWorker worker, InboundBusinessDuplicates duplicates, InboxFolderWriter folder) {
    this.worker = worker;
    this.duplicates = duplicates;
    this.inboxFolder = folder;
  }

  public static BackOfficeHandover start(
      GatewayConfig config, Scheduler jobs, Database db, TransmissionStore store,
      InboundValidationStore validations, Clock clock) throws IOException {
    Set<HandoverMode> modes = config.handover().modes();
    LOG.info("Hand-over to the back office (gateway.handover.modes): {}; acknowledged by {}",
        modes.stream().map(HandoverMode::key).toList(), HandoverMode.acknowledgementRules(modes));
    Optional<Path> inbox = modes.contains(HandoverMode.FOLDER) ? config.handover().inboxDir() : Optional.empty();
    WebhookDelivery webhook =
        modes.contains(HandoverMode.WEBHOOK)
            ? new WebhookDelivery(config.handover().webhookUrl().orElseThrow(), config.handover().webhookSecret(), clock,
                config.outbound().tls())
            : null;
    // received business duplicates are flagged after the commit, never on the receipt path
    InboundBusinessDuplicates duplicates =
        new InboundBusinessDuplicates(new BusinessDuplicateStore(db, clock), config.inbound().duplicateWindow());
    InboxFolderWriter inboxFolder = inbox.isPresent() ? new InboxFolderWriter(inbox.get()) : null;
    HandoverWorker worker =
        inbox.isPresent() || webhook != null
            ? new HandoverWorker(
                jobs,
                store,
                validations,
                !config.inbound().validationHandOverFailed(),
                inboxFolder,
                webhook,
                duplicates,
                config.handover().retryDelay())
            : null;
    if (worker == null) {
      duplicates.start(jobs, config.handover().retryDelay());
    }
    return new BackOfficeHandover(worker, duplicates, inboxFolder);
  }

  /** The worker, or null when the back office pulls through the API only. */
  public HandoverWorker worker() {
    return worker;
  }

  /** After a document is validated: hand it over (or, with the API alone, check for duplicates). */
  public void wake() {
    if (worker != null) {
      worker.wake();
    } else {
      duplicates.wake();
    }
  }

  /** Retry the hand-over now (an operator asked); nothing to do with the API alone. */
  public void wakeHandover() {
    if (worker != null) {
      worker.wake();
    }
  }

  /** Acknowledged through the API: the folder copy goes, so the folder shows what is still open. */
  public Consumer<String> afterApiAcknowledgement() {
    InboxFolderWriter folder = inboxFolder;
    if (folder == null) {
      return id -> {};
    }
    return id -> {
      try {
        folder.remove(id);
      } catch (IOException e) {
        LOG.warn("Acknowledged {} through the API, but its inbox folder files could not be removed: {}",
            id, e.getMessage());
      }
    };
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.close();
    } else {
      duplicates.close();
    }
  }
}
