package se.peppolgw.ap.reporting;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.store.ReportingStore;

/**
 * The monthly run: on the configured day and hour (default the 2nd, 06:00 Europe/Stockholm) the
 * previous month's reports are built, validated and sent — exactly once, also with several nodes
 * on one database and across restarts: the node whose insert of the month's claim row succeeds
 * does it, every other node and every later check sees the row and does nothing. A run that was
 * missed (the gateway was down) is caught up at the next check, as long as it is still the 15th
 * or earlier (the specification's deadline); later, the operator is warned loudly instead and
 * sends by hand (POST /api/reporting/{month}/send).
 */
public final class MonthlyReportingJob {
  private static final Logger LOG = LoggerFactory.getLogger(MonthlyReportingJob.class);
  /** The specification: the previous month is reported between the 1st and the 15th. */
  static final int LAST_DAY = 15;

  private final ReportingService service;
  private final ReportingStore store;
  private final int day;
  private final int hour;
  private final ZoneId zone;
  private final String node;
  private final Clock clock;

  public MonthlyReportingJob(
      ReportingService service, int day, int hour, ZoneId zone, String node, Clock clock) {
    this.service = service;
    this.store = service.store();
    this.day = day;
    this.hour = hour;
    this.zone = zone;
    this.node = node;
    this.clock = clock;
  }

  /** What one check found or did. */
  public enum Tick {
    NOT_DUE,
    ALREADY_DONE,
    RAN,
    LOST_CLAIM,
    LATE
  }

  /** Checks once (at start and then periodically); runs the month's reports if it is due here. */
  public Tick tick() {
    Instant instant = clock.instant();
    // The month to report is the last UTC month that has ended (TSR 1.0 / EUSR 1.1 "Data
    // Gathering": a Reporting Period starts at 00:00:00 UTC of the first day and ends at 23:59:59
    // UTC of the last). The configured zone only decides when in the following month the job runs:
    // on the 1st at 00:30 Stockholm time it is still the last day of the month in UTC, and that
    // month is not over yet.
    ReportingPeriod period = ReportingPeriod.of(instant).previous();
    ZonedDateTime due =
        period.month().plusMonths(1).atDay(day).atTime(hour, 0).atZone(zone);
    if (instant.isBefore(due.toInstant())) {
      return Tick.NOT_DUE;
    }
    if (store.runClaimed(period.toString())) {
      return Tick.ALREADY_DONE;
    }
    LocalDate deadline = period.month().plusMonths(1).atDay(LAST_DAY);
    if (instant.atOffset(ZoneOffset.UTC).toLocalDate().isAfter(deadline)) {
      LOG.error("==============================================================================");
      LOG.error(" PEPPOL REPORTING LATE: the reports of {} were due by the {}th and were not", period, LAST_DAY);
      LOG.error(" built by this gateway. Send them now: POST /api/reporting/{}/send", period);
      LOG.error(" (or ./gateway reporting send {}). OpenPeppol expects them every month.", period);
      LOG.error("==============================================================================");
      return Tick.LATE;
    }
    if (!store.claimRun(period.toString(), node)) {
      return Tick.LOST_CLAIM;
    }
    String outcome;
    try {
      outcome = service.buildAndSend(period).message();
    } catch (RuntimeException e) {
      outcome = "failed: " + e.getMessage();
      LOG.error("Peppol Reporting: the monthly run for {} failed: {}", period, e.getMessage());
    }
    store.finishRun(period.toString(), outcome);
    LOG.info("Peppol Reporting: monthly run for {} on {}: {}", period, node, outcome);
    return Tick.RAN;
  }

  /** Like {@link #tick()}, never throwing (for the scheduler thread). */
  public void tickQuietly() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("Peppol Reporting: the monthly check failed, will retry: {}", e.getMessage());
    }
  }
}
