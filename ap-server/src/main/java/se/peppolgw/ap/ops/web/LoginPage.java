package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import se.peppolgw.ap.ops.security.LoginForms;
import se.peppolgw.ap.ops.security.OpsAuth;

/** {@code /ops/login}: the form (with its login CSRF cookie) and the login itself. */
public final class LoginPage {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LoginPage.class);

  /** The model of ops/login.jte. */
  public record View(String next, String token, String error) {}

  private final OpsContext ctx;
  private final PageWriter pages;

  LoginPage(OpsContext ctx, PageWriter pages) {
    this.ctx = ctx;
    this.pages = pages;
  }

  void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    // checked before any session exists: a refused target falls back to the dashboard
    String next = OpsRedirects.nextOrHome(req.getParameter("next"));
    if (req.getMethod().equals("POST")) {
      String refusal = LoginForms.refusal(req);
      if (!refusal.isEmpty()) {
        LOG.info("Login form refused from {}: {}", req.getRemoteAddr(), refusal.replaceAll("\\p{Cntrl}", "?"));
        form(req, resp, 403, next, "This login form expired or was not sent from this site; log in again.");
        return;
      }
      OpsAuth.LoginResult result =
          ctx.auth().login(req.getParameter("username"), req.getParameter("password"), req, resp);
      if (result instanceof OpsAuth.LoginResult.LoggedIn) {
        resp.addHeader("Set-Cookie", LoginForms.clearCookie());
        resp.sendRedirect(next);
      } else if (result instanceof OpsAuth.LoginResult.Throttled t) {
        long seconds = Math.max(1, (t.retryAfter().toMillis() + 999) / 1000);
        resp.setHeader("Retry-After", Long.toString(seconds));
        form(req, resp, 429, next,
            "Too many failed logins from here: wait " + seconds + " seconds before the next try.");
      } else {
        form(req, resp, 401, next, "Wrong name or password.");
      }
      return;
    }
    form(req, resp, 200, next, null);
  }

  private void form(HttpServletRequest req, HttpServletResponse resp, int status, String next, String error)
      throws IOException {
    String token = LoginForms.issue(req, resp);
    pages.write(resp, status, "ops/login.jte", pages.frame(null, "Log in", ""), new View(next, token, error));
  }
}
