package se.peppolgw.ap.ops;

import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.config.Mode;
import se.peppolgw.ap.fs.SafeFiles;
import se.peppolgw.ap.mls.MlsSettings;
import se.peppolgw.ap.mls.MlsWatch;
import se.peppolgw.ap.ops.security.LoginThrottle;
import se.peppolgw.ap.ops.security.Operator;
import se.peppolgw.ap.ops.security.OperatorDirectory;
import se.peppolgw.ap.ops.security.OperatorRole;
import se.peppolgw.ap.ops.security.OpsAuth;
import se.peppolgw.ap.ops.security.OpsSessions;
import se.peppolgw.ap.ops.security.PasswordHashes;
import se.peppolgw.ap.ops.web.OpenApiServlet;
import se.peppolgw.ap.ops.web.OpsContext;
import se.peppolgw.ap.ops.web.OpsService;
import se.peppolgw.ap.ops.web.OpsUiServlet;
import se.peppolgw.ap.ops.web.SmpSelfCheckServlet;
import se.peppolgw.ap.ops.web.TransmissionApiServlet;
import se.peppolgw.ap.outbound.Outbound;
import se.peppolgw.ap.retention.RetentionPolicy;
import se.peppolgw.ap.retention.RetentionPurge;
import se.peppolgw.ap.selfcheck.SmpSelfCheckJob;
import se.peppolgw.ap.store.DashboardCounts;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.store.LoginThrottleStore;
import se.peppolgw.ap.store.MlsStore;
import se.peppolgw.ap.store.OpsSessionStore;
import se.peppolgw.ap.store.PunchoutEventStore;
import se.peppolgw.ap.store.TransmissionLinks;
import se.peppolgw.ap.store.TransmissionQuery;
import se.peppolgw.ap.store.TransmissionStore;

/**
 * Operator troubleshooting, composed from the configuration: the UI under /ops, the API under
 * /api/transmissions and /api/ops, the OpenAPI file, and the retention purge job.
 */
public final class Ops implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ops.class);
  public static final String LOCAL_PASSWORD_FILE = "local-operator-password.txt";
  public static final String LOCAL_TOKEN_FILE = "local-operator-token.txt";

  private final Map<String, HttpServlet> servlets;
  private final java.util.List<se.peppolgw.ap.jobs.Scheduler.Job> purgeJob;
  private final OpsAuth auth;

  private final java.util.concurrent.atomic.AtomicReference<ReportingDesk> reporting;

  private Ops(Map<String, HttpServlet> servlets, java.util.List<se.peppolgw.ap.jobs.Scheduler.Job> purgeJob, OpsAuth auth,
      java.util.concurrent.atomic.AtomicReference<ReportingDesk> reporting) {
    this.reporting = reporting;
    this.servlets = servlets;
    this.purgeJob = purgeJob;
    this.auth = auth;
  }

  /** Shows Peppol Reporting under /ops (page, dashboard warning); it starts after the operator UI. */
  public void attachReporting(ReportingDesk desk) {
    reporting.set(desk);
  }

  /** Operator authentication, for other parts' operator APIs (e.g. /api/reporting). */
  public OpsAuth auth() {
    return auth;
  }

  /** True when the request comes from an authenticated operator (token or session). */
  public boolean isOperator(jakarta.servlet.http.HttpServletRequest req) {
    return auth.caller(req).isPresent();
  }

  public static Ops start(
      GatewayConfig config,
      Database db,
      TransmissionStore store,
      Outbound outbound,
      Runnable wakeHandover,
      Instant certificateNotAfter,
      SmpSelfCheckJob smpSelfCheck,
      Clock clock,
      se.peppolgw.ap.jobs.Scheduler jobs)
      throws IOException {
    OperatorDirectory directory = OperatorDirectory.fromConfig(config);
    if (directory.isEmpty() && config.mode() == Mode.LOCAL) {
      directory = localAdmin(config.dataDir());
    } else if (directory.isEmpty()) {
      LOG.warn("No operators configured (gateway.operators): /ops and /api/transmissions refuse everyone");
    }
    ZoneId zone = ZoneId.systemDefault();
    AuditTrail audit = new AuditTrail(db, clock);
    TransmissionQuery query = new TransmissionQuery(db);
    OpsService service = new OpsService(
        store, query, new TransmissionLinks(db, clock), new DashboardCounts(db, clock), outbound, wakeHandover, audit, clock);
    OpsSessions sessions = new OpsSessions(new OpsSessionStore(db), config.ops().sessionIdleTimeout(), clock);
    LoginThrottle throttle = new LoginThrottle(new LoginThrottleStore(db), clock);
    OpsAuth auth = new OpsAuth(directory, sessions, throttle, audit);
    OpsContext ctx =
        new OpsContext(service, auth, new PunchoutEventStore(db), zone, config.mode() == Mode.LOCAL, certificateNotAfter,
            outbound::rulesFreshness, smpSelfCheck, new java.util.concurrent.atomic.AtomicReference<>(),
            new MlsWatch(new MlsStore(db), MlsSettings.expectedWithin(config.source()), clock));
    Map<String, HttpServlet> s = new LinkedHashMap<>();
    s.put("/ops/*", new OpsUiServlet(ctx));
    s.put("/api/transmissions/*", new TransmissionApiServlet(ctx));
    s.put("/api/ops/*", new TransmissionApiServlet(ctx));
    s.put("/api/openapi.yaml", new OpenApiServlet(auth));
    // exact paths: they take precedence over /ops/* and /api/ops/*
    SmpSelfCheckServlet selfCheck =
        new SmpSelfCheckServlet(smpSelfCheck, auth, audit, zone, config.mode() == Mode.LOCAL);
    s.put("/ops/smp-self-check", selfCheck);
    s.put("/api/ops/smp-self-check", selfCheck);

    RetentionPolicy policy = RetentionPolicy.fromConfig(config, zone);
    java.util.List<se.peppolgw.ap.jobs.Scheduler.Job> job = new java.util.ArrayList<>();
    // expired sessions and stale login counters: every node runs it, the deletes are idempotent
    job.add(jobs.every("ops-housekeeping", java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(5),
        () -> cleanUpQuietly(sessions, throttle)));
    if (!policy.isEmpty()) {
      RetentionPurge purge = new RetentionPurge(db, policy, clock);
      long every = config.retention().purgeInterval().toMinutes();
      job.add(jobs.every("retention-purge", java.time.Duration.ofMinutes(5),
          java.time.Duration.ofMinutes(Math.max(1, every)), () -> runQuietly(purge)));
      LOG.info("Retention purge every {} min: {}", every, policy.byKind());
    }
    return new Ops(Map.copyOf(s), job, auth, ctx.reporting());
  }

  private static void cleanUpQuietly(OpsSessions sessions, LoginThrottle throttle) {
    try {
      int s = sessions.expire();
      int t = throttle.cleanUp();
      if (s + t > 0) {
        LOG.debug("Removed {} expired operator sessions and {} stale login counters", s, t);
      }
    } catch (RuntimeException e) {
      LOG.warn("Operator session clean-up failed, will retry: {}", e.getMessage());
    }
  }

  private static void runQuietly(RetentionPurge purge) {
    try {
      purge.run();
    } catch (RuntimeException e) {
      LOG.warn("Retention purge failed, will retry: {}", e.getMessage());
    }
  }

  /**
   * Local mode without configured operators: one admin whose password and API token are written
   * to the data folder (kept across restarts), so the UI and the CLI work out of the box.
   */
  private static OperatorDirectory localAdmin(Path dataDir) throws IOException {
    // mode 0600 in a 0700 folder, created so (SafeFiles), never through a link
    String password =
        SafeFiles.readOrCreateSecret(
            dataDir.resolve(LOCAL_PASSWORD_FILE), () -> OpsSessions.random().substring(0, 16));
    String token = SafeFiles.readOrCreateSecret(dataDir.resolve(LOCAL_TOKEN_FILE), ApiTokens::newToken);
    LOG.warn("Local mode: operator 'admin' (role admin); password in {}, API token in {}",
        dataDir.resolve(LOCAL_PASSWORD_FILE), dataDir.resolve(LOCAL_TOKEN_FILE));
    return new OperatorDirectory(
        List.of(
            new OperatorDirectory.Account(
                "admin",
                OperatorRole.ADMIN,
                PasswordHashes.hash(password, PasswordHashes.DEFAULT_COST),
                OperatorDirectory.tokenHashes("local", List.of(ApiTokens.hash(token))))));
  }


  public Map<String, HttpServlet> servlets() {
    return servlets;
  }

  @Override
  public void close() {
    purgeJob.forEach(se.peppolgw.ap.jobs.Scheduler.Job::cancel);
  }
}
