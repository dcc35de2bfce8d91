package se.peppolgw.ap.reporting;

import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.Map;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.config.Mode;
import se.peppolgw.ap.jobs.Scheduler;
import se.peppolgw.ap.ops.AuditTrail;
import se.peppolgw.ap.ops.security.OpsAuth;
import se.peppolgw.ap.ops.ReportingDesk;
import se.peppolgw.ap.outbound.Outbound;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.ReportingStore;

/** The Peppol Reporting part of the gateway: service, operator API and the monthly job. */
public final class Reporting implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Reporting.class);
  /** How often each node checks whether the monthly run is due (cheap: one indexed read). */
  static final long CHECK_MINUTES = 10;
  static final long FIRST_CHECK_SECONDS = 60;

  private final ReportingService service;
  private final MonthlyReportingJob job;
  /** Null when the monthly schedule is off. */
  private final Scheduler.Job scheduled;
  private final Map<String, HttpServlet> servlets;
  private final boolean localMode;
  private final ReportingDesk desk;

  private Reporting(ReportingService service, MonthlyReportingJob job, Scheduler.Job scheduled,
      Map<String, HttpServlet> servlets, boolean localMode, ReportingDesk desk) {
    this.localMode = localMode;
    this.desk = desk;
    this.service = service;
    this.job = job;
    this.scheduled = scheduled;
    this.servlets = servlets;
  }

  public static Reporting start(
      GatewayConfig config, Database db, Outbound outbound, String seatId, OpsAuth auth, Clock clock,
      Scheduler jobs) {
    Mode mode = config.mode();
    boolean localMode = mode == Mode.LOCAL;
    ReportSubmission submission =
        localMode && !config.reporting().sendInLocalMode()
            ? null
            : new ReportSubmission(
                outbound.outbox(), outbound.worker()::wake, config.reporting().senderId(seatId),
                config.reporting().receiverId());
    ReportingService service =
        new ReportingService(new ReportingStore(db, clock), new MonthlyReportBuilder(seatId), submission,
            config.reporting().country().orElse(null), clock, localMode);
    if (submission != null && config.reporting().country().isEmpty()) {
      LOG.warn("Peppol Reporting: gateway.reporting.country is not set: reports will be built but not sent");
    }
    MonthlyReportingJob job =
        new MonthlyReportingJob(service, config.reporting().dayOfMonth(), config.reporting().hour(),
            config.reporting().zone(), config.nodeId(), clock);
    Scheduler.Job scheduled = null;
    if (config.reporting().scheduleEnabled()) {
      // the first check soon after start catches up a missed run; not at once: building and
      // validating (Schematron compilation) takes CPU the starting gateway needs first
      scheduled = jobs.every("peppol-reporting", Duration.ofSeconds(FIRST_CHECK_SECONDS),
          Duration.ofMinutes(CHECK_MINUTES), job::tickQuietly);
      LOG.info("Peppol Reporting: monthly run on day {} at {}:00 {}{}", config.reporting().dayOfMonth(),
          config.reporting().hour(), config.reporting().zone(),
          submission == null ? " (local mode: built and kept, not sent)"
              : localMode ? " (local mode: sent inside the local network, never to OpenPeppol)" : "");
    }
    AuditTrail audit = new AuditTrail(db, clock);
    ReportingApiServlet api = new ReportingApiServlet(service, auth, audit);
    return new Reporting(service, job, scheduled, Map.of("/api/reporting/*", api), localMode,
        new ReportingOpsDesk(service, audit));
  }

  public Map<String, HttpServlet> servlets() {
    return servlets;
  }

  /**
   * Whether the gateway is in local mode: whatever it sends stays in the local network, so no
   * report reaches OpenPeppol (with gateway.reporting.send-in-local-mode they are sent inside it).
   */
  public boolean localMode() {
    return localMode;
  }

  /** Peppol Reporting for the operator pages under /ops. */
  public ReportingDesk desk() {
    return desk;
  }

  public ReportingService service() {
    return service;
  }

  public MonthlyReportingJob job() {
    return job;
  }

  @Override
  public void close() {
    if (scheduled != null) {
      scheduled.cancel();
    }
  }
}
