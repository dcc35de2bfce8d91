package se.peppolgw.punchout.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.punchout.catalogue.BuyerCatalogue;
import se.peppolgw.punchout.catalogue.Catalogue;
import se.peppolgw.punchout.catalogue.CatalogueItem;
import se.peppolgw.punchout.html.Templates;
import se.peppolgw.punchout.i18n.ShopText;
import se.peppolgw.punchout.session.PunchoutSession;
import se.peppolgw.punchout.session.SessionRegistry;
import se.peppolgw.punchout.session.SessionState;
import se.peppolgw.punchout.transfer.CartTransferService;
import se.peppolgw.punchout.web.page.ShopPages;
import se.peppolgw.punchout.web.page.ShopView;

/**
 * The built-in catalogue shop under {@code /shop/*}: {@code /} (search with {@code q}), {@code /unspsc/<code>},
 * {@code /product/<article>}, {@code /cart}, and the form targets {@code /cart/add}, {@code /cart/update},
 * {@code /cart/remove}, {@code /checkout}, {@code /cancel} ({@link CartActions}). Every page belongs to one
 * punch-out session ({@code s=} in the URL), every form carries the session's CSRF token. The pages are the
 * templates in {@code src/main/jte/shop}, in the buyer profile's language.
 */
public final class ShopServlet extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger(ShopServlet.class);
  private final transient Catalogue catalogue;
  private final transient SessionRegistry sessions;
  private final transient BrowserSession browser;
  private final transient CartActions actions;
  private final String baseUrl;

  public ShopServlet(Catalogue catalogue, SessionRegistry sessions, CartTransferService transfers, String baseUrl) {
    this.catalogue = catalogue;
    this.sessions = sessions;
    this.browser = new BrowserSession(sessions);
    this.actions = new CartActions(catalogue, transfers);
    this.baseUrl = baseUrl;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    handle(req, resp, false);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    handle(req, resp, true);
  }

  private void handle(HttpServletRequest req, HttpServletResponse resp, boolean post) throws IOException {
    req.setCharacterEncoding("UTF-8");
    Optional<BrowserSession.Resolved> resolved = browser.resolve(req);
    if (resolved.isEmpty()) {
      // no session, so no buyer and no language: Swedish, the language of the gateway's buyers
      Responses.message(resp, 403, ShopText.forProfile(null), "error.nosession");
      return;
    }
    ShopView v = new ShopView(resolved.get(), baseUrl);
    PunchoutSession s = v.session();
    if (s.state() != SessionState.ACTIVE) {
      Responses.message(resp, 410, v.t(), "error.closed", v.t().get("state." + s.state().name()));
      return;
    }
    sessions.touch(s);
    String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
    try {
      if (post) {
        if (!BrowserSession.csrfOk(req, s)) {
          Responses.message(resp, 403, v.t(), "error.form");
          return;
        }
        actions.handle(path, req, resp, v);
        return;
      }
      show(path, req, resp, v);
    } catch (RuntimeException e) {
      LOG.error("shop request failed: {}", path, e);
      failed(resp, v.t());
    } catch (StackOverflowError e) {
      // nothing the shop reads is nested; should one get here anyway: one line, not a 1,000-frame trace
      LOG.error("shop request failed: {}: stack overflow", path);
      failed(resp, v.t());
    }
  }

  private static void failed(HttpServletResponse resp, ShopText t) throws IOException {
    if (!resp.isCommitted()) {
      resp.reset();
      Responses.message(resp, 500, t, "error.failed");
    }
  }

  private void show(String path, HttpServletRequest req, HttpServletResponse resp, ShopView v) throws IOException {
    BuyerCatalogue view = new BuyerCatalogue(catalogue, v.session().buyer());
    String added = addedName(req, view);
    if (path.equals("/") || path.isEmpty()) {
      String q = req.getParameter("q");
      if (q != null && !q.isBlank()) {
        page(resp, v, 200, "shop/list.jte",
            new ShopPages.ItemList(v, v.t().get("list.search", q), view.search(q), "/", q, added));
      } else {
        page(resp, v, 200, "shop/catalogue.jte", new ShopPages.Catalogue(v, view.unspscCodes(), view.items(), added));
      }
    } else if (path.startsWith("/unspsc/")) {
      String code = path.substring("/unspsc/".length());
      page(resp, v, 200, "shop/list.jte", new ShopPages.ItemList(v,
          v.t().get("list.unspsc", code, view.unspscCodes().getOrDefault(code, "")), view.byUnspsc(code), path, null, added));
    } else if (path.startsWith("/product/")) {
      Optional<CatalogueItem> item = view.item(URLDecoder.decode(path.substring("/product/".length()), StandardCharsets.UTF_8));
      if (item.isEmpty()) {
        Responses.message(resp, 404, v.t(), "product.notfound");
      } else {
        page(resp, v, 200, "shop/product.jte", new ShopPages.Product(v, item.get(), added));
      }
    } else if (path.equals("/cart")) {
      actions.showCart(resp, v, null);
    } else {
      Responses.message(resp, 404, v.t(), "error.notfound");
    }
  }

  /** The name of the article "Add to cart" just added ({@code added=} on the page it returned to). */
  private static String addedName(HttpServletRequest req, BuyerCatalogue view) {
    String article = req.getParameter(CartActions.ADDED_PARAM);
    return article == null ? null : view.item(article).map(CatalogueItem::name).orElse(null);
  }

  /** Every shop page: images from https only (the browser loads them; the gateway never fetches them). */
  static void page(HttpServletResponse resp, ShopView v, int status, String template, Object model) throws IOException {
    Responses.html(resp, status, Templates.render(template, model),
        "default-src 'none'; img-src 'self' https: data:; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors "
            + TransferResponder.frameAncestors(v.session().buyer()));
  }
}
