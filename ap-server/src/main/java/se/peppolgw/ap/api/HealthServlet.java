package se.peppolgw.ap.api;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * GET /health: 200 when everything essential works and every configured component has started,
 * 503 otherwise; always a JSON body. A stranger learns only that ({@code status} UP or DOWN,
 * {@code ready}); version, certificate subject and expiry, components and the reason for DOWN
 * are for a caller with an operator or back-office API token, or for everyone when
 * {@code gateway.health.details=public}.
 */
public final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient Supplier<HealthReport> report;
  private final transient Predicate<HttpServletRequest> mayReadDetails;

  /** Details for everyone (tests, monitoring on a private network). */
  public HealthServlet(Supplier<HealthReport> report) {
    this(report, req -> true);
  }

  public HealthServlet(Supplier<HealthReport> report, Predicate<HttpServletRequest> mayReadDetails) {
    this.report = report;
    this.mayReadDetails = mayReadDetails;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    HealthReport r = report.get();
    resp.setHeader("Cache-Control", "no-store");
    int status = r.up() ? 200 : 503;
    Json.write(resp, status, mayReadDetails.test(req) ? r.asMap() : r.publicMap());
  }

  /**
   * Computed per request; cheap (one trivial database round trip).
   *
   * @param healthy the essentials work (database reachable, certificate valid)
   * @param ready every configured component started (store, AS4, punch-out, outbound, hand-over)
   * @param components each component's state, e.g. {@code punchout: started | off | not started}
   * @param peppolRules the Peppol BIS release in force and the newest bundled one, {@code
   *     outdated} and a {@code warning} when the bundled rules are older than the one in force
   *     (a warning only: the gateway stays UP and validates with the newest rules it has)
   * @param smpSelfCheck the last SMP self-check in brief: outcome, time, finding count and kinds
   *     (drift is reported, it does not make the gateway DOWN)
   */
  public record HealthReport(
      boolean healthy,
      boolean ready,
      String status,
      String mode,
      boolean localMode,
      String version,
      boolean databaseReachable,
      boolean keystoreLoaded,
      String certificateSubject,
      String certificateNotAfter,
      long certificateDaysLeft,
      boolean handoverHealthy,
      String as4Endpoint,
      Map<String, String> components,
      Map<String, Object> peppolRules,
      Map<String, Object> smpSelfCheck) {

    /** UP only when healthy and ready. */
    public boolean up() {
      return healthy && ready;
    }

    Map<String, Object> publicMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", up() ? "UP" : "DOWN");
      m.put("ready", ready);
      return m;
    }

    Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", status);
      m.put("ready", ready);
      m.put("mode", mode);
      m.put("localMode", localMode);
      m.put("version", version);
      m.put("databaseReachable", databaseReachable);
      m.put("keystoreLoaded", keystoreLoaded);
      m.put("certificateSubject", certificateSubject);
      m.put("certificateNotAfter", certificateNotAfter);
      m.put("certificateDaysLeft", certificateDaysLeft);
      m.put("handoverHealthy", handoverHealthy);
      m.put("as4Endpoint", as4Endpoint);
      m.put("components", components);
      m.put("peppolRules", peppolRules);
      m.put("smpSelfCheck", smpSelfCheck);
      return m;
    }
  }
}
