package se.peppolgw.ap.ops.security;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;

/**
 * Whether a state-changing browser request came from a page of this gateway, by its {@code Origin}
 * (or, without one, its {@code Referer}) compared with the {@code Host} it was sent to.
 *
 * <p>{@code Origin: null} is refused: browsers send it for sandboxed frames, data: URLs and some
 * cross-site redirects, all ways to forge a request. Our own pages set {@code Referrer-Policy:
 * same-origin}, under which browsers send the real origin with same-origin posts. A request with
 * neither header (a script, an old browser) is left to the CSRF token every such form carries.
 */
public final class SameOrigin {
  private SameOrigin() {}

  /** Empty when acceptable, else why not (for the one log line). */
  public static String refusal(HttpServletRequest req) {
    String origin = req.getHeader("Origin");
    if (origin != null) {
      if (origin.trim().equals("null")) {
        return "Origin null";
      }
      return matches(origin, req) ? "" : "cross-origin (Origin " + cut(origin) + ")";
    }
    String referer = req.getHeader("Referer");
    if (referer != null) {
      return matches(referer, req) ? "" : "cross-origin (Referer " + cut(referer) + ")";
    }
    return "";
  }

  static boolean allowed(HttpServletRequest req) {
    return refusal(req).isEmpty();
  }

  private static boolean matches(String url, HttpServletRequest req) {
    String host = req.getHeader("Host");
    if (host == null) {
      return false;
    }
    try {
      URI u = new URI(url.trim());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getRawAuthority() == null
          || u.getRawUserInfo() != null) {
        return false;
      }
      return authority(u.getRawAuthority(), scheme).equals(authority(host.trim(), scheme));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** host[:port] in lower case, without the scheme's default port. */
  private static String authority(String a, String scheme) {
    String s = a.toLowerCase(Locale.ROOT);
    String dflt = scheme.equals("https") ? ":443" : ":80";
    return s.endsWith(dflt) ? s.substring(0, s.length() - dflt.length()) : s;
  }

  private static String cut(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "…" : s;
  }
}
