package se.peppolgw.ap.handover;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.jobs.Scheduler;
import se.peppolgw.ap.jobs.SweepWorker;
import se.peppolgw.ap.store.BusinessDuplicateStore;
import se.peppolgw.ap.store.StoreException;

/**
 * Flags received business duplicates after the commit, never on the receipt path (the receipt
 * waits for nothing but the commit of the message). With a folder or webhook hand-over the
 * hand-over worker calls {@link #checkNow} before each run, so a duplicate's inbox metadata
 * already carries {@code businessDuplicateOf}; with the pull API alone this runs on its own
 * thread, woken after each commit.
 */
public final class InboundBusinessDuplicates implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InboundBusinessDuplicates.class);
  private static final int BATCH = 200;

  private final BusinessDuplicateStore store;
  private final Duration window;
  /** Null until started (with a hand-over, that worker calls {@link #checkNow}). */
  private volatile SweepWorker sweeper;

  /** @param window how far back an earlier document counts (gateway.inbound.duplicate-window-days) */
  public InboundBusinessDuplicates(BusinessDuplicateStore store, Duration window) {
    this.store = store;
    this.window = window;
  }

  /** Runs on a thread of its own: after each {@link #wake} and every {@code sweep}. */
  public InboundBusinessDuplicates start(Duration sweep) {
    return start(null, sweep);
  }

  /** Runs on the gateway's scheduler (null: a thread of its own): after each {@link #wake} and every {@code sweep}. */
  public InboundBusinessDuplicates start(Scheduler scheduler, Duration sweep) {
    List<Class<? extends Exception>> outages = List.of(StoreException.class);
    String name = "inbound-business-duplicates";
    String what = "Business duplicate check";
    SweepWorker w =
        scheduler == null
            ? SweepWorker.alone(name, what, sweep, outages, this::checkNow)
            : SweepWorker.on(scheduler, name, what, sweep, outages, this::checkNow);
    sweeper = w;
    w.start();
    return this;
  }

  public void wake() {
    SweepWorker w = sweeper;
    if (w != null) {
      w.wake();
    }
  }

  /** Checks every unchecked inbound document; returns how many were flagged. */
  public int checkNow() {
    int flaggedCount = 0;
    int[] checked = {0};
    do {
      List<BusinessDuplicateStore.Flagged> flagged = store.checkPending(window, BATCH, checked);
      for (BusinessDuplicateStore.Flagged f : flagged) {
        LOG.warn("Inbound {} repeats the business document of {} (same sender, receiver, document"
            + " type and number): accepted and flagged", f.transmissionId(), f.duplicateOf());
      }
      flaggedCount += flagged.size();
    } while (checked[0] == BATCH);
    return flaggedCount;
  }

  @Override
  public void close() {
    SweepWorker w = sweeper;
    if (w != null) {
      w.close();
    }
  }
}
