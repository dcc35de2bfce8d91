package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.api.Problem;
import se.peppolgw.ap.ops.security.OperatorRole;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.StoreException;
import se.peppolgw.ap.store.TransmissionQuery.Page;

/**
 * The operator API (bearer token of an operator, or the browser session plus CSRF token).
 *
 * <pre>
 * GET  /api/transmissions?direction&amp;state&amp;documentType&amp;counterpart&amp;from&amp;to&amp;q&amp;limit&amp;cursor
 * GET  /api/transmissions/{id}                  detail with verdict, timeline, links, downloads
 * GET  /api/transmissions/{id}/timeline
 * GET  /api/transmissions/{id}/rendered         the business document's parties, references, lines, totals
 * GET  /api/transmissions/{id}/{document|sbd|receipt|error-signal}
 * POST /api/transmissions/{id}/{retry|cancel|redeliver}        operator role
 * POST /api/transmissions/{id}/resend   [body: corrected document]  operator role
 * GET  /api/ops/dashboard | /api/ops/chains/{orderNumber} | /api/ops/punchout[/{session}] | /api/ops/audit (admin)
 * </pre>
 */
public final class TransmissionApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final int MAX_CORRECTED_BYTES = 50 * 1024 * 1024;

  private final transient OpsContext ctx;

  public TransmissionApiServlet(OpsContext ctx) {
    this.ctx = ctx;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setHeader("Cache-Control", "no-store");
    Optional<Caller> caller;
    try {
      caller = ctx.auth().caller(req);
    } catch (StoreException e) {
      // browser sessions are in the database
      Problem.write(resp, 503, "Store unavailable", "The database is not reachable; retry later");
      return;
    }
    if (caller.isEmpty()) {
      resp.setHeader("WWW-Authenticate", "Bearer realm=\"gateway-ops\"");
      Problem.write(resp, 401, "Unauthorized",
          "Send an operator API token as 'Authorization: Bearer <token>' (gateway.operator.<name>.token-hashes)");
      return;
    }
    try {
      String[] parts = parts(req);
      if ("/api/ops".equals(req.getServletPath())) {
        ops(caller.get(), parts, req, resp);
      } else {
        transmissions(caller.get(), parts, req, resp);
      }
    } catch (IllegalArgumentException e) {
      Problem.write(resp, 400, "Bad request", e.getMessage());
    } catch (StoreException e) {
      Problem.write(resp, 503, "Store unavailable", "The database is not reachable; retry later");
    }
  }

  private static String[] parts(HttpServletRequest req) {
    String p = Optional.ofNullable(req.getPathInfo()).orElse("/");
    String trimmed = p.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
  }

  private void transmissions(Caller c, String[] parts, HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    String m = req.getMethod();
    if (parts.length == 0) {
      if (!m.equals("GET")) {
        notAllowed(resp, "GET");
        return;
      }
      Page page =
          ctx.service().query().list(
              FilterParams.filter(req, ctx.zone()), FilterParams.cursor(req), FilterParams.limit(req));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("items", page.items().stream().map(JsonViews::summary).toList());
      body.put("nextCursor", page.next().map(x -> x.encode()).orElse(null));
      Json.write(resp, 200, body);
      return;
    }
    String id = parts[0];
    String sub = parts.length > 1 ? parts[1] : "";
    if (parts.length > 2) {
      Problem.write(resp, 404, "Not found", "No such resource");
      return;
    }
    switch (sub) {
      case "retry", "cancel", "resend", "redeliver" -> action(c, id, sub, req, resp);
      default -> {
        if (!m.equals("GET")) {
          notAllowed(resp, "GET");
          return;
        }
        read(c, id, sub, req, resp);
      }
    }
  }

  private void read(Caller c, String id, String sub, HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    Optional<OpsService.Detail> d = ctx.service().detail(id, ctx.zone());
    if (d.isEmpty()) {
      Problem.write(resp, 404, "Not found", "No transmission with id " + id);
      return;
    }
    switch (sub) {
      case "" -> {
        Map<String, Object> body = JsonViews.detail(d.get(), "/api/transmissions");
        body.putAll(new MlsAnswerView(ctx.service().store()).json(d.get().transmission()));
        Json.write(resp, 200, body);
      }
      case "timeline" -> Json.write(resp, 200, Map.of("id", id, "timeline", JsonViews.timeline(d.get().timeline())));
      case "rendered" -> {
        Optional<BusinessDocument> doc =
            ctx.service().store().payload(id, PayloadKind.DOCUMENT).flatMap(BusinessDocument::parse);
        if (doc.isEmpty()) {
          Problem.write(resp, 404, "Not found", "Transmission " + id + " has no readable business document");
        } else {
          Json.write(resp, 200, doc.get());
        }
      }
      default -> {
        Optional<PayloadKind> k = Downloads.kind(sub);
        if (k.isEmpty()) {
          Problem.write(resp, 404, "Not found", "No such resource: " + sub);
          return;
        }
        Optional<byte[]> b = ctx.service().store().payload(id, k.get());
        if (b.isEmpty()) {
          Problem.write(resp, 404, "Not found", "Transmission " + id + " has no stored " + sub);
          return;
        }
        ctx.service().audit().record(c.operator().name(), "DOWNLOAD", id, "OK", sub, req.getRemoteAddr());
        Downloads.write(resp, id, k.get(), b.get());
      }
    }
  }

  private void action(Caller c, String id, String action, HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    if (!req.getMethod().equals("POST")) {
      notAllowed(resp, "POST");
      return;
    }
    if (!c.operator().may(OperatorRole.OPERATOR)) {
      Problem.write(resp, 403, "Forbidden", "Role " + c.operator().role().label() + " may not " + action
          + "; it needs the operator or admin role");
      return;
    }
    if (!c.csrfOk(req)) {
      Problem.write(resp, 403, "Forbidden", "Missing or wrong CSRF token (X-CSRF-Token)");
      return;
    }
    String remote = req.getRemoteAddr();
    ActionResult r =
        switch (action) {
          case "retry" -> ctx.service().retryNow(c.operator(), id, remote);
          case "cancel" -> ctx.service().cancel(c.operator(), id, remote);
          case "redeliver" -> ctx.service().redeliver(c.operator(), id, remote);
          default -> ctx.service().resend(c.operator(), id, corrected(req), remote);
        };
    if (r.ok()) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("result", r.message());
      body.put("id", r.transmissionId());
      body.putAll(r.extra());
      if (r.status() == 201) {
        resp.setHeader("Location", "/api/transmissions/" + r.transmissionId());
      }
      Json.write(resp, r.status(), body);
    } else {
      Problem.write(resp, r.status(), r.status() == 404 ? "Not found" : r.status() == 409 ? "Conflict" : "Refused",
          r.message(), r.extra());
    }
  }

  /** The corrected document, when the request has a body. */
  private static byte[] corrected(HttpServletRequest req) throws IOException {
    if (req.getContentLengthLong() == 0) {
      return null;
    }
    byte[] b = req.getInputStream().readNBytes(MAX_CORRECTED_BYTES + 1);
    if (b.length > MAX_CORRECTED_BYTES) {
      throw new IllegalArgumentException("corrected document larger than " + MAX_CORRECTED_BYTES + " bytes");
    }
    return b.length == 0 ? null : b;
  }

  private void ops(Caller c, String[] parts, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!req.getMethod().equals("GET")) {
      notAllowed(resp, "GET");
      return;
    }
    String what = parts.length == 0 ? "" : parts[0];
    switch (what) {
      case "dashboard" -> Json.write(resp, 200, ctx.dashboard());
      case "chains" -> {
        if (parts.length != 2) {
          Problem.write(resp, 404, "Not found", "Use /api/ops/chains/{orderNumber}");
          return;
        }
        DocumentChain chain = DocumentChain.of(parts[1], ctx.service().links().chain(parts[1]));
        Json.write(resp, 200, Map.of(
            "orderNumber", chain.orderNumber(),
            "documents", chain.documents().stream().map(JsonViews::summary).toList(),
            "missing", chain.missing()));
      }
      case "punchout" -> {
        if (parts.length == 2) {
          Json.write(resp, 200, Map.of("sessionId", parts[1], "events", ctx.punchout().session(parts[1])));
        } else {
          String b = FilterParams.single(req, "before");
          long before = b == null ? 0 : FilterParams.bounded("before", b, 0, Long.MAX_VALUE);
          Json.write(resp, 200, Map.of("events", ctx.punchout().recent(before, FilterParams.limit(req))));
        }
      }
      case "audit" -> {
        if (!c.operator().may(OperatorRole.ADMIN)) {
          Problem.write(resp, 403, "Forbidden", "The audit trail needs the admin role");
          return;
        }
        Json.write(resp, 200, Map.of("entries",
            ctx.service().audit().recent(FilterParams.single(req, "target"), FilterParams.limit(req))));
      }
      default -> Problem.write(resp, 404, "Not found", "No such resource");
    }
  }

  private static void notAllowed(HttpServletResponse resp, String allowed) throws IOException {
    resp.setHeader("Allow", allowed);
    Problem.write(resp, 405, "Method not allowed", "Allowed: " + allowed);
  }
}
