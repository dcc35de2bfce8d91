package se.peppolgw.ap.api;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/** GET /health: 200 when everything essential works, 503 otherwise; always a JSON body. */
public final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient Supplier<HealthReport> report;

  public HealthServlet(Supplier<HealthReport> report) {
    this.report = report;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    HealthReport r = report.get();
    resp.setHeader("Cache-Control", "no-store");
    Json.write(resp, r.healthy() ? 200 : 503, r.asMap());
  }

  /** Computed per request; cheap (one trivial database round trip). */
  public record HealthReport(
      boolean healthy,
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
      String as4Endpoint) {
    Map<String, Object> asMap() {
      java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("status", status);
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
      return m;
    }
  }
}
