package se.peppolgw.punchout.web.page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import se.peppolgw.punchout.i18n.ShopText;
import se.peppolgw.punchout.session.PunchoutSession;
import se.peppolgw.punchout.web.BrowserSession;

/**
 * What every shop page needs: the buyer's texts, links that keep the punch-out session, the CSRF token. The
 * templates read it; they never build a URL themselves.
 */
public final class ShopView {
  private final BrowserSession.Resolved resolved;
  private final String baseUrl;
  private final ShopText text;

  public ShopView(BrowserSession.Resolved resolved, String baseUrl) {
    this.resolved = resolved;
    this.baseUrl = baseUrl;
    this.text = ShopText.forProfile(resolved.session().buyer().language());
  }

  public ShopText t() {
    return text;
  }

  public PunchoutSession session() {
    return resolved.session();
  }

  /** A shop page or action ({@code /cart}, {@code /product/<article>}), with the session in the query. */
  public String link(String path) {
    return baseUrl + "/shop" + path + "?" + resolved.query();
  }

  public String productLink(String articleNumber) {
    return link(productPath(articleNumber));
  }

  public static String productPath(String articleNumber) {
    return "/product/" + URLEncoder.encode(articleNumber, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Where the header's search form goes (a GET form: the session goes as hidden fields). */
  public String searchAction() {
    return baseUrl + "/shop/";
  }

  public String sessionId() {
    return resolved.session().id();
  }

  /** The session secret for a browser that did not send the session cookie back, else null (no field). */
  public String sessionSecret() {
    return resolved.viaCookie() ? null : resolved.session().secret();
  }

  public String csrf() {
    return resolved.session().csrfToken();
  }

  public String buyerName() {
    return resolved.session().buyer().name();
  }

  public String currency() {
    return resolved.session().buyer().currency();
  }

  public int cartSize() {
    return resolved.session().cart().size();
  }

  public boolean readOnly() {
    return resolved.session().isReadOnly();
  }

  /** Only absolute http(s) links from the catalogue are shown (never {@code javascript:} or {@code data:}). */
  public static boolean isWebUrl(String url) {
    if (url == null) {
      return false;
    }
    String u = url.trim().toLowerCase(Locale.ROOT);
    return u.startsWith("https://") || u.startsWith("http://");
  }
}
