package se.peppolgw.ap.handover;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.store.BusinessDuplicateStore;

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
  private ScheduledExecutorService exec;
  private final AtomicBoolean scheduled = new AtomicBoolean();

  /** @param window how far back an earlier document counts (gateway.inbound.duplicate-window-days) */
  public InboundBusinessDuplicates(BusinessDuplicateStore store, Duration window) {
    this.store = store;
    this.window = window;
  }

  /** Runs on a thread of its own: after each {@link #wake} and every {@code sweep}. */
  public InboundBusinessDuplicates start(Duration sweep) {
    exec =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "inbound-business-duplicates");
              t.setDaemon(true);
              return t;
            });
    exec.scheduleWithFixedDelay(this::checkQuietly, 0, sweep.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  public void wake() {
    if (exec != null && scheduled.compareAndSet(false, true)) {
      try {
        exec.execute(
            () -> {
              scheduled.set(false);
              checkQuietly();
            });
      } catch (RejectedExecutionException stopped) {
        scheduled.set(false);
      }
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

  private void checkQuietly() {
    try {
      checkNow();
    } catch (RuntimeException e) {
      LOG.warn("Business duplicate check paused ({}); retrying", e.getMessage());
    }
  }

  @Override
  public void close() {
    if (exec != null) {
      exec.shutdown();
    }
  }
}
