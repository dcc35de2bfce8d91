package se.peppolgw.ap.inboundvalidation;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.jobs.Scheduler;
import se.peppolgw.ap.jobs.SweepWorker;
import se.peppolgw.ap.store.InboundValidationStore;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.StoreException;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionStore;

/**
 * Validates received documents after their receipt: the inbound path commits the message and
 * answers with the AS4 receipt without waiting for any of this (Peppol rules take up to seconds
 * per document); this worker then picks up every accepted inbound transmission without a result,
 * validates it, stores the result with its timeline events, wakes the hand-over (which waits for
 * the result, so the back office's metadata carries it) and runs the follow-up step (the MLS
 * answer). Driven by the database, like the hand-over: a restart or another node carries on where
 * a crash stopped, and the primary key of the result makes each document validated once.
 */
public final class InboundValidationWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InboundValidationWorker.class);
  private static final int BATCH = 50;

  private final TransmissionStore store;
  private final InboundValidationStore results;
  private final InboundDocumentValidator validator;
  private final Runnable afterValidation;
  private final Runnable followUp;
  private final SweepWorker sweeper;

  /**
   * @param afterValidation run after each batch with new results (wakes the hand-over)
   * @param followUp run after validation on every run (the MLS answers), also when nothing new
   *     was validated: it finds its own work in the database
   */
  public InboundValidationWorker(
      TransmissionStore store,
      InboundValidationStore results,
      InboundDocumentValidator validator,
      Runnable afterValidation,
      Runnable followUp,
      Duration sweep) {
    this(null, store, results, validator, afterValidation, followUp, sweep);
  }

  /** The same, on the gateway's scheduler (null: a thread of its own). */
  public InboundValidationWorker(
      Scheduler scheduler,
      TransmissionStore store,
      InboundValidationStore results,
      InboundDocumentValidator validator,
      Runnable afterValidation,
      Runnable followUp,
      Duration sweep) {
    this.store = store;
    this.results = results;
    this.validator = validator;
    this.afterValidation = afterValidation;
    this.followUp = followUp;
    // the database down is an outage; anything else is logged as a bug
    List<Class<? extends Exception>> outages = List.of(StoreException.class);
    this.sweeper =
        scheduler == null
            ? SweepWorker.alone("inbound-validation", "Inbound validation", sweep, outages, this::runOnce)
            : SweepWorker.on(scheduler, "inbound-validation", "Inbound validation", sweep, outages, this::runOnce);
    sweeper.start();
  }

  /** Ask for a run soon; cheap and coalescing, called after each stored inbound message. */
  public void wake() {
    sweeper.wake();
  }

  public boolean isHealthy() {
    return sweeper.isHealthy();
  }

  private void runOnce() {
    List<Transmission> batch;
    do {
      batch = results.awaitingValidation(BATCH);
      for (Transmission t : batch) {
        validate(t);
      }
      if (!batch.isEmpty()) {
        afterValidation.run();
      }
    } while (batch.size() == BATCH);
    followUp.run();
  }

  private void validate(Transmission t) {
    // A stored message without its document bytes is a damaged row, not an outage: it gets a
    // NOT_VALIDATED result of its own, so the documents behind it in the queue are still validated
    // (throwing here would stop the whole queue at it on every run, for ever).
    InboundDocumentValidator.Checked checked =
        store
            .payload(t.id(), PayloadKind.DOCUMENT)
            .map(doc -> validator.check(t.id(), doc))
            .orElseGet(() -> {
              LOG.error("Inbound {}: its stored document is missing; recorded as not validated", t.id());
              return validator.documentMissing(t.id());
            });
    if (results.recordValidation(checked.result(), checked.events())) {
      LOG.info("Inbound {} validated after receipt: {}{}", t.id(),
          checked.result().outcome().word(),
          checked.result().ruleSet() == null ? "" : " (" + checked.result().ruleSet() + ")");
    }
  }

  @Override
  public void close() {
    sweeper.close();
  }
}
