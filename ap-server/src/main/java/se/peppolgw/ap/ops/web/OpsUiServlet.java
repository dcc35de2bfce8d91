package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;
import se.peppolgw.ap.store.StoreException;

/**
 * The operator UI under /ops: routing only. Pages are rendered from jte templates
 * (src/main/jte/ops) by one handler class each; no JavaScript (the dashboard reloads itself with a
 * meta refresh). Every page needs a login; every form that changes something carries the session's
 * CSRF token.
 */
public final class OpsUiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  /**
   * The headers of every operator HTML page (ops, SMP self-check, desk): not cached, no MIME
   * sniffing, our own styles only, no framing. Referrer-Policy same-origin: browsers then send the
   * real Origin with our own form posts (no-referrer makes it "null", which SameOrigin must
   * refuse), and still send no referrer to other sites.
   */
  public static void pageHeaders(HttpServletResponse resp) {
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setHeader("Referrer-Policy", "same-origin");
    resp.setHeader("Content-Security-Policy", CSP);
  }

  private final transient OpsContext ctx;
  private final transient PageWriter pages;
  private final transient LoginPage login;
  private final transient DashboardPage dashboard;
  private final transient TransmissionListPage list;
  private final transient TransmissionPage detail;
  private final transient TransmissionPost actions;
  private final transient ChainPage chain;
  private final transient PunchoutPage punchout;
  private final transient AuditPage audit;
  private final transient ReportingPage reporting;
  private final transient byte[] css;

  public OpsUiServlet(OpsContext ctx) {
    this.ctx = ctx;
    this.pages = new PageWriter(ctx);
    this.login = new LoginPage(ctx, pages);
    this.dashboard = new DashboardPage(ctx, pages);
    this.list = new TransmissionListPage(ctx, pages);
    this.detail = new TransmissionPage(ctx, pages);
    this.actions = new TransmissionPost(ctx, pages, detail);
    this.chain = new ChainPage(ctx, pages);
    this.punchout = new PunchoutPage(ctx, pages);
    this.audit = new AuditPage(ctx, pages);
    this.reporting = new ReportingPage(ctx, pages);
    this.css = resource("/ops/ops.css");
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = Optional.ofNullable(req.getPathInfo()).orElse("/");
    pageHeaders(resp);
    if (path.equals("/static/ops.css")) {
      resp.setContentType("text/css;charset=utf-8");
      resp.setHeader("Cache-Control", "max-age=3600");
      resp.getOutputStream().write(css);
      return;
    }
    Optional<Caller> caller;
    try {
      if (path.equals("/login")) {
        login.handle(req, resp);
        return;
      }
      // sessions and login counters are in the database: without it nobody can log in or be known
      caller = ctx.auth().caller(req);
    } catch (StoreException e) {
      databaseUnavailable(null, resp);
      return;
    }
    if (caller.isEmpty()) {
      if (req.getMethod().equals("GET")) {
        String next = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
        resp.sendRedirect("/ops/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
      } else {
        resp.sendError(401);
      }
      return;
    }
    Caller c = caller.get();
    try {
      if (req.getMethod().equals("POST")) {
        post(c, path, req, resp);
      } else if (req.getMethod().equals("GET")) {
        get(c, path, req, resp);
      } else {
        resp.setHeader("Allow", "GET, POST");
        resp.sendError(405);
      }
    } catch (IllegalArgumentException e) {
      pages.message(resp, 400, c, "Bad request", "Bad request", e.getMessage(), true);
    } catch (StoreException e) {
      databaseUnavailable(c, resp);
    }
  }

  private void get(Caller c, String path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String[] p = path.replaceAll("^/+|/+$", "").split("/");
    switch (p[0]) {
      case "" -> dashboard.get(c, resp);
      case "transmissions" -> {
        if (p.length == 1) {
          list.get(c, req, resp);
        } else if (p.length == 2) {
          detail.get(c, p[1], 200, null, req, resp);
        } else if (p.length == 3 && p[2].equals("resend")) {
          detail.confirmResend(c, p[1], resp);
        } else if (p.length == 3) {
          detail.download(c, p[1], p[2], req, resp);
        } else {
          notFound(c, resp);
        }
      }
      case "transmissions.csv" -> {
        exported(c, "transmissions.csv", req);
        list.csv(req, resp);
      }
      case "chain" -> chain.get(c, req, resp);
      case "punchout" -> {
        if (p.length == 1) {
          punchout.get(c, req, resp);
        } else {
          punchout.session(c, p[1], resp);
        }
      }
      case "punchout.csv" -> {
        exported(c, "punchout.csv", req);
        punchout.csv(req, resp);
      }
      case "audit" -> audit.get(c, resp);
      case "reporting" -> reporting.get(c, p, req, resp);
      case "reporting.csv" -> reporting.csv(resp);
      case "mls" -> pages.write(resp, 200, "ops/mls.jte", pages.frame(c, "Message Level Status", ""), MlsPage.view(ctx.mls()));
      case "mls.csv" -> MlsPage.csv(ctx.mls(), ctx.zone(), resp);
      default -> notFound(c, resp);
    }
  }

  private void post(Caller c, String path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (path.equals("/logout")) {
      if (!c.csrfOk(req)) {
        pages.message(resp, 403, c, "Forbidden", "Not allowed", "Missing or wrong CSRF token.", true);
        return;
      }
      ctx.auth().logout(c, req, resp);
      resp.sendRedirect("/ops/login");
      return;
    }
    String[] p = path.replaceAll("^/+|/+$", "").split("/");
    if (p[0].equals("reporting")) {
      reporting.post(c, p, req, resp);
    } else if (p.length == 3 && p[0].equals("transmissions")) {
      actions.post(c, p[1], p[2], req, resp);
    } else {
      notFound(c, resp);
    }
  }

  /** A CSV export takes data out of the gateway in bulk: it is audited like a download. */
  private void exported(Caller c, String what, HttpServletRequest req) {
    String q = req.getQueryString();
    ctx.service().audit().record(c.operator().name(), "EXPORT", null, "OK",
        what + (q == null ? "" : "?" + q), req.getRemoteAddr());
  }

  private void databaseUnavailable(Caller c, HttpServletResponse resp) throws IOException {
    pages.message(resp, 503, c, "Database unavailable", "Database unavailable",
        "The database is not reachable; retry in a moment.", true);
  }

  private void notFound(Caller c, HttpServletResponse resp) throws IOException {
    pages.message(resp, 404, c, "Not found", "Not found", "No such page or transmission.", false);
  }

  private static byte[] resource(String name) {
    try (InputStream in = OpsUiServlet.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name, e);
    }
  }
}
