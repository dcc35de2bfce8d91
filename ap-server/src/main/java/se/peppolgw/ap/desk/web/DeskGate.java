package se.peppolgw.ap.desk.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Optional;
import se.peppolgw.ap.desk.web.DeskPageModels.MessagePage;
import se.peppolgw.ap.ops.security.OperatorRole;
import se.peppolgw.ap.ops.security.OpsAuth;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;
import se.peppolgw.ap.ops.web.OpsUiServlet;
import se.peppolgw.ap.store.StoreException;

/**
 * What every desk page does before its own work: the operator pages' security headers, the caller
 * (session or operator token) and the clerk role. One place, so that a new desk page cannot forget
 * one of them.
 */
final class DeskGate {
  /** A caller allowed on the desk, and the view the pages render for them. */
  record Admitted(Caller caller, DeskView view) {}

  private final OpsAuth auth;
  private final ZoneId zone;
  private final boolean localMode;

  DeskGate(OpsAuth auth, ZoneId zone, boolean localMode) {
    this.auth = auth;
    this.zone = zone;
    this.localMode = localMode;
  }

  /**
   * The admitted caller; empty when the response is already answered: a GET without a login is
   * sent to the login page (and back here after it), another method gets 401, a caller without the
   * clerk role 403, and an unreachable database 503.
   */
  Optional<Admitted> admit(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    OpsUiServlet.pageHeaders(resp);
    Optional<Caller> caller;
    try {
      caller = auth.caller(req);
    } catch (StoreException e) {
      resp.sendError(503, "The database is not reachable; retry later");
      return Optional.empty();
    }
    if (caller.isEmpty()) {
      if (req.getMethod().equals("GET")) {
        resp.sendRedirect("/ops/login?next=" + URLEncoder.encode(req.getRequestURI(), StandardCharsets.UTF_8));
      } else {
        resp.sendError(401);
      }
      return Optional.empty();
    }
    Caller c = caller.get();
    DeskView v = new DeskView(c, localMode, zone);
    if (!c.operator().may(OperatorRole.CLERK)) {
      page(resp, 403, "desk/message.jte", new MessagePage(v, "Not allowed",
          "The desk is for clerks and operators; your role is " + v.role() + "."));
      return Optional.empty();
    }
    return Optional.of(new Admitted(c, v));
  }

  /** Renders a desk template as the response. */
  static void page(HttpServletResponse resp, int status, String template, Object model) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/html;charset=utf-8");
    resp.getWriter().write(DeskTemplates.render(template, model));
  }
}
