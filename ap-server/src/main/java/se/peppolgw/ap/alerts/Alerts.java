package se.peppolgw.ap.alerts;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.config.AlertSettings;
import se.peppolgw.ap.inbound.InboundObserver;
import se.peppolgw.ap.jobs.Scheduler;
import se.peppolgw.ap.outbound.AttemptObserver;
import se.peppolgw.ap.outbound.AttemptResult;
import se.peppolgw.ap.store.BacklogStore;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;

/**
 * Raises alerts and sends them on its own thread (a slow mail server never holds up a send or a
 * receive), at most one per kind per {@code minInterval}: alerts inside the interval are counted
 * and, when it ends, summed up in one more alert that carries the count and the latest of them.
 * Also checks the hand-over backlog and the certificate every {@code checkInterval}, on the
 * gateway's {@link Scheduler}. The sending thread stays its own: alerts go out one after the
 * other, in the order raised, and a mail server that hangs holds up only this thread.
 */
public final class Alerts implements AttemptObserver, InboundObserver, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

  private final AlertSettings settings;
  private final List<AlertChannel> channels;
  private final Clock clock;
  private final ScheduledExecutorService thread;
  /** The periodic check, or null. */
  private volatile Scheduler.Job checks;
  private final Map<AlertKind, Window> windows = new EnumMap<>(AlertKind.class);

  /** Per kind: when the last alert went out, and what was held back since. */
  private static final class Window {
    Instant lastSent;
    int held;
    Alert latestHeld;
    boolean flushScheduled;
  }

  Alerts(AlertSettings settings, List<AlertChannel> channels, Clock clock) {
    this.settings = settings;
    this.channels = List.copyOf(channels);
    this.clock = clock;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "alerts");
      t.setDaemon(true);
      return t;
    });
  }

  /** The alerts of the settings' channels; null when no channel is configured (alerts off). */
  public static Alerts start(
      AlertSettings settings, Clock clock, Supplier<BacklogStore.Backlog> backlog, LongSupplier certificateDaysLeft) {
    return start(null, settings, clock, backlog, certificateDaysLeft);
  }

  /** The same, checking on the gateway's scheduler (null: on the sending thread). */
  public static Alerts start(
      Scheduler jobs, AlertSettings settings, Clock clock, Supplier<BacklogStore.Backlog> backlog,
      LongSupplier certificateDaysLeft) {
    if (!settings.enabled()) {
      LOG.info("Alerts are off (no gateway.alerts.smtp.host or gateway.alerts.webhook.url)");
      return null;
    }
    List<AlertChannel> channels = new java.util.ArrayList<>();
    settings.smtp().ifPresent(s -> channels.add(new MailChannel(s)));
    settings.webhook().ifPresent(w -> channels.add(new WebhookChannel(w.url(), w.secret(), clock)));
    Alerts a = new Alerts(settings, channels, clock);
    Runnable check = () -> a.check(backlog, certificateDaysLeft);
    if (jobs == null) {
      long every = settings.checkInterval().toMillis();
      a.thread.scheduleWithFixedDelay(check, every, every, TimeUnit.MILLISECONDS);
    } else {
      a.checks = jobs.every("alerts-check", settings.checkInterval(), settings.checkInterval(), check);
    }
    LOG.info("Alerts go to {}", channels.stream().map(AlertChannel::describe).toList());
    return a;
  }

  // ------------------------------------------------------------------ sources

  @Override
  public void attemptDone(
      Transmission t, AttemptResult.Verdict verdict, TransmissionState state, String code, String detail,
      long durationMillis) {
    if (state == TransmissionState.FAILED) {
      raise(AlertKind.OUTBOUND_FAILED,
          "Document " + (t.businessId() == null ? "" : t.businessId() + " ") + "to " + t.receiverId()
              + " failed: " + (code == null ? "" : code + ": ") + detail,
          t.id());
    }
  }

  @Override
  public void refused(String ebmsCode, boolean authenticatedSender, String sender, String transmissionId) {
    if (authenticatedSender) {
      raise(AlertKind.INBOUND_REFUSED,
          "A message" + (sender == null ? "" : " from " + sender) + ", signed by a trusted access point,"
              + " was refused with " + ebmsCode + ": the partner could not deliver it and will see the error.",
          transmissionId);
    }
  }

  /** The periodic checks: hand-over backlog age and certificate expiry. */
  void check(Supplier<BacklogStore.Backlog> backlog, LongSupplier certificateDaysLeft) {
    try {
      BacklogStore.Queue handover = backlog.get().handover();
      handover.oldest().ifPresent(oldest -> {
        Duration age = Duration.between(oldest, clock.instant());
        if (age.compareTo(settings.handoverBacklogAge()) > 0) {
          raise(AlertKind.HANDOVER_BACKLOG,
              handover.depth() + " received document(s) not handed over to the back office; the oldest has"
                  + " waited " + age.toMinutes() + " minutes (threshold "
                  + settings.handoverBacklogAge().toMinutes() + "). Check the inbox folder or webhook.",
              null);
        }
      });
      long days = certificateDaysLeft.getAsLong();
      if (days < settings.certificateDays()) {
        raise(AlertKind.CERTIFICATE_EXPIRING,
            days < 0 ? "The access point certificate has EXPIRED: nothing can be sent or received."
                : "The access point certificate expires in " + days + " day(s) (threshold "
                    + settings.certificateDays() + "). Renew it and update the key store.",
            null);
      }
    } catch (RuntimeException e) {
      LOG.warn("Alert checks failed, will retry: {}", e.toString());
    }
  }

  // ------------------------------------------------------------------ rate limit

  /** Sends the alert now, or counts it when one of its kind went out less than minInterval ago. */
  void raise(AlertKind kind, String detail, String transmissionId) {
    Alert alert = new Alert(kind, clock.instant(), detail, transmissionId, 0);
    Alert toSend = null;
    synchronized (windows) {
      Window w = windows.computeIfAbsent(kind, k -> new Window());
      Instant now = clock.instant();
      if (w.lastSent == null || !now.isBefore(w.lastSent.plus(settings.minInterval()))) {
        w.lastSent = now;
        toSend = alert.withSuppressed(w.held);
        w.held = 0;
        w.latestHeld = null;
      } else {
        w.held++;
        w.latestHeld = alert;
        if (!w.flushScheduled) {
          w.flushScheduled = true;
          long wait = Duration.between(now, w.lastSent.plus(settings.minInterval())).toMillis();
          schedule(() -> flush(kind), Math.max(0, wait));
        }
      }
    }
    if (toSend != null) {
      Alert a = toSend;
      schedule(() -> deliver(a), 0);
    }
  }

  /** At the end of an interval: the held-back alerts of a kind, summed up in one. */
  private void flush(AlertKind kind) {
    Alert summary;
    synchronized (windows) {
      Window w = windows.get(kind);
      w.flushScheduled = false;
      if (w.held == 0) {
        return;
      }
      // the count says how many were held back; the latest of them stands for them all
      summary = w.latestHeld.withSuppressed(w.held);
      w.lastSent = clock.instant();
      w.held = 0;
      w.latestHeld = null;
    }
    deliver(summary);
  }

  private void schedule(Runnable r, long delayMillis) {
    try {
      thread.schedule(r, delayMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("Alerts stopped; not sent: {}", e.getMessage());
    }
  }

  private void deliver(Alert a) {
    for (AlertChannel c : channels) {
      try {
        c.send(a);
        LOG.info("Alert {} sent by {}{}", a.kind().code(), c.describe(),
            a.suppressed() > 0 ? " (" + a.suppressed() + " held back before it)" : "");
      } catch (IOException | RuntimeException e) {
        LOG.warn("Alert {} could not be sent by {}: {}", a.kind().code(), c.describe(), e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    Scheduler.Job c = checks;
    if (c != null) {
      c.cancel();
    }
    thread.shutdownNow();
  }
}
