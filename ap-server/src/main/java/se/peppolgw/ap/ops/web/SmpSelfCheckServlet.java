package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.ZoneId;
import java.util.Optional;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.api.Problem;
import se.peppolgw.ap.ops.AuditTrail;
import se.peppolgw.ap.ops.security.OperatorRole;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;
import se.peppolgw.ap.ops.security.OpsAuth;
import se.peppolgw.ap.selfcheck.SelfCheckJson;
import se.peppolgw.ap.selfcheck.SelfCheckReport;
import se.peppolgw.ap.selfcheck.SmpSelfCheckJob;
import se.peppolgw.ap.store.StoreException;

/**
 * The SMP self-check for operators.
 *
 * <pre>
 * GET  /api/ops/smp-self-check   the last result with its time (any operator)
 * POST /api/ops/smp-self-check   check now, audited (operator role); answers the new result
 * GET  /ops/smp-self-check       the page, with a "Check now" button for the operator role
 * POST /ops/smp-self-check       check now from the page (session + CSRF token), then back to the page
 * </pre>
 */
public final class SmpSelfCheckServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final String AUDIT_ACTION = "SMP_SELF_CHECK";

  private final transient SmpSelfCheckJob job;
  private final transient OpsAuth auth;
  private final transient AuditTrail audit;
  private final transient ZoneId zone;
  private final boolean localMode;

  public SmpSelfCheckServlet(SmpSelfCheckJob job, OpsAuth auth, AuditTrail audit, ZoneId zone, boolean localMode) {
    this.job = job;
    this.auth = auth;
    this.audit = audit;
    this.zone = zone;
    this.localMode = localMode;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    boolean api = req.getServletPath().startsWith("/api/");
    if (api) {
      resp.setHeader("Cache-Control", "no-store");
    } else {
      OpsUiServlet.pageHeaders(resp);
    }
    Optional<Caller> caller;
    try {
      caller = auth.caller(req);
    } catch (StoreException e) {
      Problem.write(resp, 503, "Store unavailable", "The database is not reachable; retry later");
      return;
    }
    if (caller.isEmpty()) {
      if (api) {
        resp.setHeader("WWW-Authenticate", "Bearer realm=\"gateway-ops\"");
        Problem.write(resp, 401, "Unauthorized", "Send an operator API token as 'Authorization: Bearer <token>'");
      } else if (req.getMethod().equals("GET")) {
        resp.sendRedirect("/ops/login?next=%2Fops%2Fsmp-self-check");
      } else {
        resp.sendError(401);
      }
      return;
    }
    Caller c = caller.get();
    switch (req.getMethod()) {
      case "GET" -> show(c, api, resp);
      case "POST" -> run(c, api, req, resp);
      default -> {
        resp.setHeader("Allow", "GET, POST");
        Problem.write(resp, 405, "Method not allowed", "Use GET or POST");
      }
    }
  }

  private void show(Caller c, boolean api, HttpServletResponse resp) throws IOException {
    Optional<SelfCheckReport> last = job.last();
    if (api) {
      Json.write(resp, 200, last.map(r -> SelfCheckJson.report(r, job.interval()))
          .orElseGet(() -> SelfCheckJson.notRunYet(job.interval())));
      return;
    }
    String interval = job.interval().isZero() ? "off (on demand only)" : "every " + job.interval();
    java.util.Map<String, Object> params = new java.util.LinkedHashMap<>();
    params.put("f", new Frame("SMP self-check", "", c, localMode, zone, 0));
    params.put("page", new SmpSelfCheckPage.View(last.orElse(null), interval));
    resp.setStatus(200);
    resp.setContentType("text/html;charset=utf-8");
    resp.getWriter().write(Templates.render("ops/smpSelfCheck.jte", params));
  }

  private void run(Caller c, boolean api, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!c.operator().may(OperatorRole.OPERATOR)) {
      Problem.write(resp, 403, "Forbidden", "Role " + c.operator().role().label()
          + " may not run the SMP self-check; it needs the operator or admin role");
      return;
    }
    if (!c.csrfOk(req)) {
      Problem.write(resp, 403, "Forbidden", "Missing or wrong CSRF token (X-CSRF-Token)");
      return;
    }
    SelfCheckReport r = job.runNow(c.operator().name());
    try {
      audit.record(c.operator().name(), AUDIT_ACTION, "smp", r.outcome().name(),
          r.findings().size() + " finding(s): " + r.note(), req.getRemoteAddr());
    } catch (StoreException e) {
      Problem.write(resp, 503, "Store unavailable", "The check ran but could not be audited; retry later");
      return;
    }
    if (api) {
      Json.write(resp, 200, SelfCheckJson.report(r, job.interval()));
    } else {
      resp.setStatus(303);
      resp.setHeader("Location", "/ops/smp-self-check");
    }
  }
}
