package se.peppolgw.ap;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import se.peppolgw.ap.api.HealthServlet.HealthReport;
import se.peppolgw.ap.config.Mode;
import se.peppolgw.ap.handover.HandoverWorker;
import se.peppolgw.ap.inboundvalidation.InboundValidationWorker;
import se.peppolgw.ap.mls.MlsWatch;
import se.peppolgw.ap.outbound.Outbound;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.ap.selfcheck.SelfCheckJson;
import se.peppolgw.ap.selfcheck.SmpSelfCheckJob;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.validation.RuleSetFreshness;

/**
 * What GET /health answers. <em>Healthy</em> (liveness): the database answers and the certificate
 * is valid. <em>Ready</em>: every configured part has started, the outbound worker runs, punch-out
 * is mounted when configured and validation is warm. The details name each part and each problem.
 */
final class HealthCheck {
  /** The parts it looks at; {@code handover} is null without a folder or webhook hand-over. */
  record Parts(
      Mode mode,
      Database db,
      ApKeyMaterial keys,
      HandoverWorker handover,
      InboundValidationWorker inboundValidation,
      Outbound outbound,
      MlsWatch mlsWatch,
      SmpSelfCheckJob smpSelfCheck,
      boolean punchoutConfigured,
      Supplier<URI> as4Url) {}

  private final Parts parts;
  private final Clock clock;
  /** Set once everything configured has started: until then /health is not UP. */
  private volatile boolean started;
  private volatile boolean punchoutMounted;

  HealthCheck(Parts parts, Clock clock) {
    this.parts = parts;
    this.clock = clock;
  }

  void started(boolean s) {
    this.started = s;
  }

  void punchoutMounted() {
    this.punchoutMounted = true;
  }

  HealthReport report() {
    boolean dbOk = parts.db().isReachable();
    long daysLeft = parts.keys().daysUntilExpiry(clock);
    boolean certOk = daysLeft >= 0;
    HandoverWorker handover = parts.handover();
    InboundValidationWorker validation = parts.inboundValidation();
    boolean handoverOk =
        (handover == null || handover.isHealthy()) && (validation == null || validation.isHealthy());
    Outbound outbound = parts.outbound();
    boolean outboundOk = outbound.worker().isRunning();
    boolean punchoutConfigured = parts.punchoutConfigured();
    boolean punchoutOk = !punchoutConfigured || punchoutMounted;
    boolean healthy = dbOk && certOk;
    boolean warm = outbound.warmth().isWarm();
    boolean ready = started && outboundOk && punchoutOk && warm;
    List<String> problems = new ArrayList<>();
    if (!started) {
      problems.add("starting");
    }
    if (!dbOk) {
      problems.add("database unreachable");
    }
    if (!certOk) {
      problems.add("certificate expired");
    }
    if (!outboundOk) {
      problems.add("outbound worker not running");
    }
    if (!punchoutOk) {
      problems.add("punch-out not mounted");
    }
    if (!warm) {
      problems.add("warming up (validation)");
    }
    if (!handoverOk) {
      problems.add("inbox hand-over failing");
    }
    Map<String, String> components = new LinkedHashMap<>();
    components.put("store", dbOk ? "up" : "unreachable");
    components.put("as4", started ? "started" : "not started");
    components.put("punchout", !punchoutConfigured ? "off" : punchoutMounted ? "started" : "not started");
    components.put("outbound", !outboundOk ? "not running" : warm ? "started" : "warming up");
    components.put("handover", handover == null ? "off" : handoverOk ? "started" : "failing");
    components.put("mls", mlsHealth());
    boolean up = healthy && ready;
    SmpSelfCheckJob selfCheck = parts.smpSelfCheck();
    return new HealthReport(
        healthy,
        ready,
        problems.isEmpty() ? "UP" : (up ? "DEGRADED: " : "DOWN: ") + String.join(", ", problems),
        parts.mode().name().toLowerCase(Locale.ROOT),
        parts.mode() == Mode.LOCAL,
        Gateway.version(),
        dbOk,
        true,
        parts.keys().subject(),
        parts.keys().notAfter().toString(),
        daysLeft,
        handoverOk,
        parts.as4Url().get().toString(),
        components,
        peppolRules(outbound.rulesFreshness()),
        SelfCheckJson.summary(selfCheck.last(), selfCheck.interval()));
  }

  /** Overdue and unmatched Message Level Status answers, for the details of /health. */
  private String mlsHealth() {
    try {
      return parts.mlsWatch().figures().summary();
    } catch (RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** The /health detail on the Peppol BIS rules (a warning when outdated, see RuleSetFreshness). */
  static Map<String, Object> peppolRules(RuleSetFreshness f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("inForce", f.inForceVersion());
    m.put("newestBundled", f.newestBundledVersion());
    m.put("outdated", f.stale());
    m.put("warning", f.warning().orElse(null));
    return m;
  }
}
