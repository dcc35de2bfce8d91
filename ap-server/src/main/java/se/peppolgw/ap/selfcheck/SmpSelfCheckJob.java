package se.peppolgw.ap.selfcheck;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.config.ServedParticipant;
import se.peppolgw.ap.config.Mode;
import se.peppolgw.ap.jobs.Scheduler;
import se.peppolgw.smp.SmpLookupService;

/**
 * Runs the SMP self-check every {@code gateway.smp.self-check.interval} (and on demand) and keeps the
 * last result in memory. A timer thread ticks every minute; a tick runs the check only when the
 * interval has passed on the gateway's clock since the last run (periodic or on demand), so a test
 * moves a ManualClock and calls {@link #tick()} instead of waiting. Each node of a cluster checks on
 * its own: the check only reads the SML/SMP, and each node reports what it sees.
 */
public final class SmpSelfCheckJob implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SmpSelfCheckJob.class);
  private static final Duration TICK = Duration.ofMinutes(1);

  private final SmpSelfCheck check;
  private final Duration interval;
  private final Clock clock;
  private final AtomicReference<SelfCheckReport> last = new AtomicReference<>();
  /** Null without a periodic check. */
  private final Scheduler.Job timer;
  /** Its own one-thread scheduler (used alone), or null on the gateway's. */
  private final Scheduler ownScheduler;

  /**
   * @param interval how often to check; zero switches the periodic check off (on demand still works)
   * @param startTimer false in tests that drive {@link #tick()} themselves
   */
  public SmpSelfCheckJob(SmpSelfCheck check, Duration interval, Clock clock, boolean startTimer) {
    this(check, interval, clock, startTimer ? new Scheduler("smp-self-check", 1) : null, startTimer);
  }

  /** On {@code scheduler} (null: no timer); {@code ownsScheduler}: closed with this job. */
  private SmpSelfCheckJob(
      SmpSelfCheck check, Duration interval, Clock clock, Scheduler scheduler, boolean ownsScheduler) {
    this.check = check;
    this.ownScheduler = ownsScheduler ? scheduler : null;
    this.interval = interval;
    this.clock = clock;
    boolean periodic = !interval.isZero() && check.applicable();
    if (scheduler != null && periodic) {
      timer = scheduler.every("smp-self-check", TICK, TICK, this::tickQuietly);
      LOG.info("SMP self-check every {} (gateway.smp.self-check.interval)", interval);
    } else {
      timer = null;
      if (!check.applicable()) {
        LOG.info("SMP self-check: not applicable ({})", check.run(SelfCheckReport.PERIODIC).note());
      } else if (interval.isZero()) {
        LOG.info("SMP self-check: periodic run off (gateway.smp.self-check.interval=0); on demand only");
      }
    }
  }

  /** The job for the gateway's configuration; the timer (a thread of its own) runs unless the interval is off. */
  public static SmpSelfCheckJob start(
      GatewayConfig config,
      Optional<SmpLookupService> lookup,
      Supplier<String> ownAs4Url,
      X509Certificate ownCertificate,
      Clock clock) {
    return new SmpSelfCheckJob(
        check(config, lookup, ownAs4Url, ownCertificate, clock), SelfCheckInterval.of(config), clock, true);
  }

  /**
   * The same, ticking on the gateway's scheduler, for every participant the gateway serves: the
   * configured ones and its own service provider participant (0242) that receives MLS answers.
   */
  public static SmpSelfCheckJob start(
      Scheduler jobs,
      GatewayConfig config,
      List<ServedParticipant> served,
      Optional<SmpLookupService> lookup,
      Supplier<String> ownAs4Url,
      X509Certificate ownCertificate,
      Clock clock) {
    return new SmpSelfCheckJob(
        check(config, served, lookup, ownAs4Url, ownCertificate, clock), SelfCheckInterval.of(config), clock, jobs,
        false);
  }

  private static SmpSelfCheck check(
      GatewayConfig config,
      Optional<SmpLookupService> lookup,
      Supplier<String> ownAs4Url,
      X509Certificate ownCertificate,
      Clock clock) {
    return check(config, config.served().participants(), lookup, ownAs4Url, ownCertificate, clock);
  }

  private static SmpSelfCheck check(
      GatewayConfig config,
      List<ServedParticipant> served,
      Optional<SmpLookupService> lookup,
      Supplier<String> ownAs4Url,
      X509Certificate ownCertificate,
      Clock clock) {
    String notApplicable = null;
    if (config.routing().mode().equals("static") || lookup.isEmpty()) {
      notApplicable = config.mode() == Mode.LOCAL
          ? "Not applicable in local mode: routing is static (no SML or SMP), so there is no registration to"
              + " compare."
          : "Not applicable: gateway.routing.mode=static has no SML or SMP to compare with.";
    }
    return new SmpSelfCheck(lookup.orElse(null), notApplicable, served, ownAs4Url, ownCertificate, clock);
  }

  /** Runs the periodic check when it is due: never run yet, or the interval has passed. */
  public Optional<SelfCheckReport> tick() {
    if (interval.isZero()) {
      return Optional.empty();
    }
    SelfCheckReport previous = last.get();
    Instant now = clock.instant();
    if (previous != null && now.isBefore(previous.at().plus(interval))) {
      return Optional.empty();
    }
    return Optional.of(runNow(SelfCheckReport.PERIODIC));
  }

  /** Runs the check now (on demand, or from {@link #tick()}); one run at a time. */
  public synchronized SelfCheckReport runNow(String trigger) {
    SelfCheckReport r = check.run(trigger);
    last.set(r);
    if (r.outcome() == SelfCheckOutcome.DRIFT) {
      LOG.warn("SMP self-check: {}", r.note());
      r.findings().forEach(f -> LOG.warn("SMP self-check: {} {} {}: {}", f.kind(), f.participant(),
          f.documentType() == null ? "" : f.documentType(), f.detail()));
    } else {
      LOG.info("SMP self-check ({}): {} - {}", trigger, r.outcome(), r.note());
    }
    return r;
  }

  /**
   * The last result; before the first run, a NOT_APPLICABLE report when the check does not apply
   * (nothing to wait for), else empty.
   */
  public Optional<SelfCheckReport> last() {
    SelfCheckReport r = last.get();
    if (r == null && !check.applicable()) {
      return Optional.of(check.run(SelfCheckReport.PERIODIC));
    }
    return Optional.ofNullable(r);
  }

  /** The configured interval (zero: periodic run off). */
  public Duration interval() {
    return interval;
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (RuntimeException e) {
      // a bug must not end the timer thread: the next tick tries again
      LOG.warn("SMP self-check failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.cancel();
    }
    if (ownScheduler != null) {
      ownScheduler.close();
    }
  }
}
