package se.peppolgw.ap.ops.security;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The login form's CSRF defence (login CSRF: another site logging the victim's browser into an
 * account the attacker controls). Serving the form sets a random pre-session cookie (HttpOnly,
 * SameSite=Strict, only for /ops/login) and puts the same value into the form; a login post must
 * carry both, equal, and must not come from another origin ({@link SameOrigin}). Another site can
 * neither read the value nor make the browser send the SameSite=Strict cookie with its post. No
 * server state is kept, so any node can check a form served by another.
 */
public final class LoginForms {
  static final String COOKIE = "gw_ops_login";
  private static final String PATH = "/ops/login";
  private static final int MAX_AGE_SECONDS = 3600;

  private LoginForms() {}

  /** Sets a fresh pre-session cookie and returns the value the form must carry. */
  public static String issue(HttpServletRequest req, HttpServletResponse resp) {
    String token = OpsSessions.random();
    resp.addHeader(
        "Set-Cookie",
        COOKIE + "=" + token + "; Path=" + PATH + "; Max-Age=" + MAX_AGE_SECONDS + "; HttpOnly; SameSite=Strict"
            + (req.isSecure() ? "; Secure" : ""));
    return token;
  }

  /** Why this login post is refused; empty when it is acceptable. */
  public static String refusal(HttpServletRequest req) {
    String origin = SameOrigin.refusal(req);
    if (!origin.isEmpty()) {
      return origin;
    }
    String cookie = cookie(req);
    String field = req.getParameter(OpsAuth.CSRF_FIELD);
    if (cookie == null || field == null) {
      return "no login form token";
    }
    return MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8))
        ? ""
        : "wrong login form token";
  }

  public static String clearCookie() {
    return COOKIE + "=; Path=" + PATH + "; Max-Age=0; HttpOnly; SameSite=Strict";
  }

  private static String cookie(HttpServletRequest req) {
    Cookie[] cs = req.getCookies();
    if (cs != null) {
      for (Cookie c : cs) {
        if (COOKIE.equals(c.getName())) {
          return c.getValue();
        }
      }
    }
    return null;
  }
}
