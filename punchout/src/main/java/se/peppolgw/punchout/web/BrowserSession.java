package se.peppolgw.punchout.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import se.peppolgw.punchout.security.SecretHasher;
import se.peppolgw.punchout.session.PunchoutSession;
import se.peppolgw.punchout.session.SessionRegistry;

/**
 * Ties a browser to its punch-out session. Each session has its own cookie {@code po_<id>} holding the session
 * secret, and every link carries the public id {@code s=<id>}: two punch-outs in one browser (the same buyer
 * user twice) therefore never share a cart. Clients that keep no cookies get the secret in the URL
 * ({@code sid=}) instead. Cookies are {@code SameSite=None; Secure} over TLS so they work inside the buyer's
 * frame; over plain http (local mode, tests) browsers refuse {@code SameSite=None}, so the default is used.
 */
public final class BrowserSession {
  public static final String ID_PARAM = "s";
  public static final String SECRET_PARAM = "sid";

  /** A resolved session, and whether the browser proved it with the cookie (else URL mode). */
  public record Resolved(PunchoutSession session, boolean viaCookie) {
    /** Query string to append to every link and form action of this session. */
    public String query() {
      String q = ID_PARAM + "=" + session.id();
      return viaCookie ? q : q + "&" + SECRET_PARAM + "=" + enc(session.secret());
    }
  }

  private final SessionRegistry sessions;

  public BrowserSession(SessionRegistry sessions) {
    this.sessions = sessions;
  }

  public static String cookieName(PunchoutSession s) {
    return "po_" + s.id();
  }

  public static void setCookie(HttpServletRequest req, HttpServletResponse resp, PunchoutSession s, boolean tlsBase) {
    boolean secure = req.isSecure() || tlsBase;
    resp.addHeader("Set-Cookie", cookieName(s) + "=" + s.secret() + "; Path=/; HttpOnly"
        + (secure ? "; Secure; SameSite=None" : "; SameSite=Lax"));
  }

  public Optional<Resolved> resolve(HttpServletRequest req) {
    String id = req.getParameter(ID_PARAM);
    if (id == null || !id.matches("[0-9a-f]{1,64}")) {
      return Optional.empty();
    }
    String cookieSecret = null;
    Cookie[] cookies = req.getCookies();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (c.getName().equals("po_" + id)) {
          cookieSecret = c.getValue();
        }
      }
    }
    if (cookieSecret != null) {
      Optional<PunchoutSession> s = sessions.find(id, cookieSecret);
      if (s.isPresent()) {
        return Optional.of(new Resolved(s.get(), true));
      }
    }
    String urlSecret = req.getParameter(SECRET_PARAM);
    return sessions.find(id, urlSecret).map(s -> new Resolved(s, false));
  }

  public static boolean csrfOk(HttpServletRequest req, PunchoutSession s) {
    return SecretHasher.constantTimeEquals(s.csrfToken(), req.getParameter("csrf"));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
