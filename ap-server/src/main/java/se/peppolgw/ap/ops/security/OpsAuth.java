package se.peppolgw.ap.ops.security;


import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import se.peppolgw.ap.ops.AuditTrail;
import se.peppolgw.ap.ops.security.OpsSessions.Session;

/**
 * Who is asking: an operator's API bearer token, or a browser session cookie (HttpOnly,
 * SameSite=Strict, Secure over HTTPS). Session-authenticated state changes must carry the
 * session's CSRF token.
 */
public final class OpsAuth {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OpsAuth.class);
  public static final String COOKIE = "gw_ops";
  public static final String CSRF_FIELD = "_csrf";

  private final OperatorDirectory directory;
  private final OpsSessions sessions;
  private final LoginThrottle throttle;
  private final AuditTrail audit;

  public OpsAuth(OperatorDirectory directory, OpsSessions sessions, LoginThrottle throttle, AuditTrail audit) {
    this.directory = directory;
    this.sessions = sessions;
    this.audit = audit;
    this.throttle = throttle;
  }

  /** The caller, if authenticated by token or session. */
  public Optional<Caller> caller(HttpServletRequest req) {
    String h = req.getHeader("Authorization");
    if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return directory.byToken(h.substring(7)).map(o -> new Caller(o, null));
    }
    return sessions.find(cookie(req))
        .flatMap(s -> directory.current(s.operator().name())
            // the configuration decides: a removed operator's sessions end, a changed role applies
            .map(o -> new Caller(o, new Session(s.id(), o, s.csrfToken(), s.lastSeen()))));
  }

  /** An authenticated caller; {@code session} is null for token callers. */
  public record Caller(Operator operator, Session session) {
    public String csrf() {
      return session == null ? "" : session.csrfToken();
    }

    /**
     * A state-changing request is allowed: token callers always, sessions from a page of this
     * origin (see {@link SameOrigin}) with the right token.
     */
    public boolean csrfOk(HttpServletRequest req) {
      if (session == null) {
        return true;
      }
      if (!SameOrigin.allowed(req)) {
        return false;
      }
      String presented = req.getParameter(CSRF_FIELD);
      if (presented == null) {
        presented = req.getHeader("X-CSRF-Token");
      }
      return presented != null
          && MessageDigest.isEqual(
              presented.getBytes(StandardCharsets.UTF_8),
              session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** What a login attempt came to. */
  public sealed interface LoginResult {
    /** Logged in: the session is open and its cookie set. */
    record LoggedIn(Session session) implements LoginResult {}

    /** Wrong name or password. */
    record Refused() implements LoginResult {}

    /** Too many recent failures for this account at this address, or from this address. */
    record Throttled(java.time.Duration retryAfter) implements LoginResult {}
  }

  /** Checks the password and opens a session (cookie set) unless throttled or refused. */
  public LoginResult login(String name, String password, HttpServletRequest req, HttpServletResponse resp) {
    String remote = req.getRemoteAddr();
    java.time.Duration wait = throttle.wait(name, remote);
    if (!wait.isZero()) {
      // a log line, not an audit row: throttled tries cost the guesser nothing, so they must not
      // cost the database a row each
      LOG.info("Login throttled for '{}' from {}: wait {} s", printable(safe(name)), remote, wait.toSeconds());
      return new LoginResult.Throttled(wait);
    }
    Optional<Operator> op = directory.login(name, password);
    if (op.isEmpty()) {
      throttle.failed(name, remote);
      audit.record(safe(name), "LOGIN", null, "FAILED", "wrong name or password", remote);
      return new LoginResult.Refused();
    }
    throttle.succeeded(name, remote);
    Session s = sessions.open(op.get());
    resp.addHeader(
        "Set-Cookie",
        COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict" + (req.isSecure() ? "; Secure" : ""));
    audit.record(op.get().name(), "LOGIN", null, "OK", "role " + op.get().role().label(), remote);
    return new LoginResult.LoggedIn(s);
  }

  public void logout(Caller c, HttpServletRequest req, HttpServletResponse resp) {
    if (c.session() != null) {
      sessions.close(c.session().id());
      audit.record(c.operator().name(), "LOGOUT", null, "OK", null, req.getRemoteAddr());
    }
    resp.addHeader("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
  }

  private static String cookie(HttpServletRequest req) {
    Cookie[] cs = req.getCookies();
    if (cs == null) {
      return null;
    }
    for (Cookie c : cs) {
      if (COOKIE.equals(c.getName())) {
        return c.getValue();
      }
    }
    return null;
  }

  /** For a log line: control characters (CR/LF could forge lines) replaced. */
  private static String printable(String s) {
    return s.replaceAll("\\p{Cntrl}", "?");
  }

  private static String safe(String name) {
    return name == null || name.isBlank() ? "(none)" : Names.cut(name.trim(), 100);
  }
}
