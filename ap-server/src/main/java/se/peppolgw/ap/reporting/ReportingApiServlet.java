package se.peppolgw.ap.reporting;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.api.Problem;
import se.peppolgw.ap.ops.AuditTrail;
import se.peppolgw.ap.ops.security.OperatorRole;
import se.peppolgw.ap.ops.security.OpsAuth;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;
import se.peppolgw.ap.store.ReportingStore.Report;
import se.peppolgw.ap.store.StoreException;

/**
 * The Peppol Reporting operator API (an operator's bearer token, or the browser session plus CSRF
 * token for POST):
 *
 * <pre>
 * GET  /api/reporting/reports              months with kept reports, their state and counts
 * GET  /api/reporting/{yyyy-MM}/tsr|eusr   the XML (the current month: a preview built on the fly)
 * POST /api/reporting/{yyyy-MM}/send       build, validate, keep and send both (operator role; audited)
 * </pre>
 */
public final class ReportingApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ReportingApiServlet.class);

  private final transient ReportingService service;
  private final transient OpsAuth auth;
  private final transient AuditTrail audit;

  public ReportingApiServlet(ReportingService service, OpsAuth auth, AuditTrail audit) {
    this.service = service;
    this.auth = auth;
    this.audit = audit;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setHeader("Cache-Control", "no-store");
    try {
      Optional<Caller> caller = auth.caller(req);
      if (caller.isEmpty()) {
        resp.setHeader("WWW-Authenticate", "Bearer realm=\"gateway-ops\"");
        Problem.write(resp, 401, "Unauthorized",
            "Send an operator API token as 'Authorization: Bearer <token>' (gateway.operator.<name>.token-hashes)");
        return;
      }
      route(caller.get(), req, resp);
    } catch (StoreException e) {
      Problem.write(resp, 503, "Store unavailable", "The database is not reachable; retry later");
    }
  }

  private void route(Caller c, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = Optional.ofNullable(req.getPathInfo()).orElse("/").replaceAll("^/+|/+$", "");
    String[] parts = path.isEmpty() ? new String[0] : path.split("/");
    String method = req.getMethod();
    if (parts.length == 1 && parts[0].equals("reports")) {
      if (!method.equals("GET")) {
        notAllowed(resp, "GET");
        return;
      }
      Json.write(resp, 200, listing());
      return;
    }
    if (parts.length != 2) {
      Problem.write(resp, 404, "Not found",
          "Use /api/reporting/reports, /api/reporting/{yyyy-MM}/tsr|eusr or POST /api/reporting/{yyyy-MM}/send");
      return;
    }
    Optional<ReportingPeriod> period = ReportingPeriod.parse(parts[0]);
    if (period.isEmpty()) {
      LOG.info("Reporting API: refused month '{}' from {}", abbreviate(parts[0]), req.getRemoteAddr());
      Problem.write(resp, 400, "Bad request", "The month must be yyyy-MM (e.g. 2026-02)");
      return;
    }
    switch (parts[1]) {
      case "tsr", "eusr" -> {
        if (!method.equals("GET")) {
          notAllowed(resp, "GET");
          return;
        }
        xml(period.get(), ReportKind.valueOf(parts[1].toUpperCase(Locale.ROOT)), resp);
      }
      case "send" -> {
        if (!method.equals("POST")) {
          notAllowed(resp, "POST");
          return;
        }
        send(c, period.get(), req, resp);
      }
      default -> Problem.write(resp, 404, "Not found", "Use tsr, eusr or send after the month");
    }
  }

  private Map<String, Object> listing() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sendsToOpenPeppol", service.sendsToOpenPeppol());
    service.destinationNote().ifPresent(n -> body.put("note", n));
    body.put("currentMonth", service.currentPeriod().toString());
    // late or failed: what a dashboard shows as a warning
    body.put("attention", service.attention().orElse(null));
    List<Map<String, Object>> months = new ArrayList<>();
    for (ReportingService.MonthView m : service.months()) {
      Map<String, Object> month = new LinkedHashMap<>();
      month.put("month", m.period());
      List<Map<String, Object>> reports = new ArrayList<>();
      for (Report r : m.reports()) {
        reports.add(view(r));
      }
      month.put("reports", reports);
      months.add(month);
    }
    body.put("months", months);
    return body;
  }

  static Map<String, Object> view(Report r) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("kind", r.kind());
    v.put("state", r.state().name().toLowerCase(Locale.ROOT));
    v.put("transactions", r.itemCount());
    v.put("problems", r.problems());
    v.put("transmissionId", r.transmissionId());
    v.put("builtAt", r.builtAt().toString());
    v.put("updatedAt", r.updatedAt().toString());
    return v;
  }

  private void xml(ReportingPeriod p, ReportKind kind, HttpServletResponse resp) throws IOException {
    Optional<ReportingService.Preview> x = service.xml(p, kind);
    if (x.isEmpty()) {
      Problem.write(resp, 404, "Not found", p + " has not begun");
      return;
    }
    ReportingService.Preview v = x.get();
    if (v.xml() == null) {
      Problem.write(resp, 422, "Report could not be built", String.join("; ", v.problems()));
      return;
    }
    resp.setHeader("X-Report-State", v.state().toLowerCase(Locale.ROOT));
    resp.setHeader("X-Report-Preview", Boolean.toString(v.onTheFly()));
    if (!v.problems().isEmpty()) {
      // the operator must see why it would not be sent; header-safe, cut short
      resp.setHeader("X-Report-Problems", abbreviate(String.join("; ", v.problems()).replaceAll("[\\r\\n]", " ")));
    }
    resp.setStatus(200);
    resp.setContentType("application/xml");
    resp.setCharacterEncoding("UTF-8");
    resp.getOutputStream().write(v.xml().getBytes(StandardCharsets.UTF_8));
  }

  private void send(Caller c, ReportingPeriod p, HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    if (!c.operator().may(OperatorRole.OPERATOR)) {
      LOG.info("Reporting API: {} (role {}) may not send reports", c.operator().name(), c.operator().role().label());
      Problem.write(resp, 403, "Forbidden", "Role " + c.operator().role().label()
          + " may not send reports; it needs the operator or admin role");
      return;
    }
    if (!c.csrfOk(req)) {
      LOG.info("Reporting API: send of {} by {} refused: missing or wrong CSRF token", p, c.operator().name());
      Problem.write(resp, 403, "Forbidden", "Missing or wrong CSRF token (X-CSRF-Token)");
      return;
    }
    if (service.isUnfinished(p)) {
      audit.record(c.operator().name(), "REPORTING_SEND", p.toString(), "REFUSED", "month not ended",
          req.getRemoteAddr());
      Problem.write(resp, 409, "Month not ended",
          p + " has not ended (UTC); its reports can be previewed (GET), not sent");
      return;
    }
    ReportingService.Outcome o = service.buildAndSend(p);
    boolean failed = o.reports().values().stream().anyMatch(r -> r.state().name().equals("FAILED"));
    audit.record(c.operator().name(), "REPORTING_SEND", p.toString(), failed ? "FAILED" : "OK", o.message(),
        req.getRemoteAddr());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("month", o.period());
    body.put("sent", o.sent());
    body.put("result", o.message());
    List<Map<String, Object>> reports = new ArrayList<>();
    o.reports().values().forEach(r -> reports.add(view(r)));
    body.put("reports", reports);
    Json.write(resp, failed ? 422 : 200, body);
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }

  private static void notAllowed(HttpServletResponse resp, String allowed) throws IOException {
    resp.setHeader("Allow", allowed);
    Problem.write(resp, 405, "Method not allowed", "Allowed: " + allowed);
  }
}
