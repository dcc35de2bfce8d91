package se.peppolgw.punchout.web;

import static se.peppolgw.punchout.security.Html.esc;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.punchout.cart.BoundedDecimal;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.CartValidator;
import se.peppolgw.punchout.cart.LineProblem;
import se.peppolgw.punchout.catalogue.BuyerCatalogue;
import se.peppolgw.punchout.catalogue.Catalogue;
import se.peppolgw.punchout.catalogue.CatalogueItem;
import se.peppolgw.punchout.session.PunchoutSession;
import se.peppolgw.punchout.session.SessionRegistry;
import se.peppolgw.punchout.session.SessionState;
import se.peppolgw.punchout.transfer.CartTransferService;

/**
 * The built-in catalogue shop under {@code /shop/*}: {@code /} (search with {@code q}), {@code /unspsc/<code>},
 * {@code /product/<article>}, {@code /cart}, and the form targets {@code /cart/add}, {@code /cart/update},
 * {@code /cart/remove}, {@code /checkout}, {@code /cancel}. Every page belongs to one punch-out session
 * ({@code s=} in the URL), every form carries the session's CSRF token.
 */
public final class ShopServlet extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger(ShopServlet.class);
  private final transient Catalogue catalogue;
  private final transient SessionRegistry sessions;
  private final transient BrowserSession browser;
  private final transient CartTransferService transfers;
  private final String baseUrl;

  public ShopServlet(Catalogue catalogue, SessionRegistry sessions, CartTransferService transfers, String baseUrl) {
    this.catalogue = catalogue;
    this.sessions = sessions;
    this.browser = new BrowserSession(sessions);
    this.transfers = transfers;
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
      Responses.message(resp, 403, "No punch-out session",
          "Open the shop from your procurement system. (Your session may have ended.)");
      return;
    }
    BrowserSession.Resolved r = resolved.get();
    PunchoutSession s = r.session();
    if (s.state() != SessionState.ACTIVE) {
      Responses.message(resp, 410, "Punch-out session closed",
          "This punch-out session is " + s.state().name().toLowerCase() + ". Start a new punch-out from your procurement system.");
      return;
    }
    sessions.touch(s);
    String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
    try {
      if (post) {
        if (!BrowserSession.csrfOk(req, s)) {
          Responses.message(resp, 403, "Form expired", "The form could not be verified. Go back, reload the page and try again.");
          return;
        }
        switch (path) {
          case "/cart/add" -> add(req, resp, r);
          case "/cart/update" -> update(req, resp, r);
          case "/cart/remove" -> remove(req, resp, r);
          case "/checkout" -> TransferResponder.respond(resp, s, transfers.transfer(s), link(r, "/cart"));
          case "/cancel" -> {
            sessions.cancel(s, "cancelled by the user in the shop");
            Responses.message(resp, 200, "Punch-out cancelled", "Nothing was sent. You can close this window.");
          }
          default -> Responses.message(resp, 404, "Not found", "No such action.");
        }
        return;
      }
      BuyerCatalogue view = new BuyerCatalogue(catalogue, s.buyer());
      if (path.equals("/") || path.isEmpty()) {
        home(req, resp, r, view);
      } else if (path.startsWith("/unspsc/")) {
        String code = path.substring("/unspsc/".length());
        list(resp, r, view, "UNSPSC " + code + " " + view.unspscCodes().getOrDefault(code, ""), view.byUnspsc(code), null);
      } else if (path.startsWith("/product/")) {
        product(resp, r, view, URLDecoder.decode(path.substring("/product/".length()), StandardCharsets.UTF_8));
      } else if (path.equals("/cart")) {
        cart(resp, r, null);
      } else {
        Responses.message(resp, 404, "Not found", "There is no shop page at this address.");
      }
    } catch (RuntimeException e) {
      LOG.error("shop request failed: {}", path, e);
      failed(resp);
    } catch (StackOverflowError e) {
      // nothing the shop reads is nested; should one get here anyway: one line, not a 1,000-frame trace
      LOG.error("shop request failed: {}: stack overflow", path);
      failed(resp);
    }
  }

  private static void failed(HttpServletResponse resp) throws IOException {
    if (!resp.isCommitted()) {
      resp.reset();
      Responses.message(resp, 500, "Error", "The shop failed. Please try again.");
    }
  }

  private String link(BrowserSession.Resolved r, String path) {
    return baseUrl + "/shop" + path + "?" + r.query();
  }

  private void home(HttpServletRequest req, HttpServletResponse resp, BrowserSession.Resolved r, BuyerCatalogue view)
      throws IOException {
    String q = req.getParameter("q");
    if (q != null && !q.isBlank()) {
      list(resp, r, view, "Search: " + q, view.search(q), q);
      return;
    }
    StringBuilder b = new StringBuilder("<h1>Catalogue</h1><h2>Browse by UNSPSC</h2><ul id=\"categories\">");
    for (Map.Entry<String, String> e : view.unspscCodes().entrySet()) {
      b.append("<li><a href=\"").append(esc(link(r, "/unspsc/" + e.getKey()))).append("\">").append(esc(e.getKey()))
          .append(" ").append(esc(e.getValue())).append("</a></li>");
    }
    b.append("</ul><h2>All articles</h2>").append(itemTable(r, view.items()));
    page(resp, r, "Catalogue", b.toString(), 200);
  }

  private void list(HttpServletResponse resp, BrowserSession.Resolved r, BuyerCatalogue view, String title,
      List<CatalogueItem> items, String query) throws IOException {
    String body = "<h1>" + esc(title) + "</h1>" + (items.isEmpty() ? "<p>No articles found.</p>" : itemTable(r, items));
    page(resp, r, title, body, 200);
  }

  private String itemTable(BrowserSession.Resolved r, List<CatalogueItem> items) {
    StringBuilder b = new StringBuilder("<table class=\"items\"><tr><th>Article</th><th>Name</th><th>Price</th><th>Unit</th><th></th></tr>");
    PunchoutSession s = r.session();
    for (CatalogueItem i : items) {
      b.append("<tr data-article=\"").append(esc(i.articleNumber())).append("\"><td>").append(esc(i.articleNumber()))
          .append("</td><td><a class=\"product-link\" href=\"").append(esc(link(r, "/product/" + BrowserSession.enc(i.articleNumber()))))
          .append("\">").append(esc(i.name())).append("</a></td><td class=\"price\">")
          .append(esc(price(i.price()))).append(' ').append(esc(s.buyer().currency()))
          .append("</td><td>").append(esc(i.unit())).append("</td><td>").append(addForm(r, i)).append("</td></tr>");
    }
    return b.append("</table>").toString();
  }

  private String addForm(BrowserSession.Resolved r, CatalogueItem i) {
    if (r.session().isReadOnly()) {
      return "";
    }
    boolean fractional = se.peppolgw.punchout.cart.UnitCodes.allowsFraction(i.unit()).orElse(false);
    return "<form class=\"add\" method=\"post\" action=\"" + esc(link(r, "/cart/add")) + "\">" + csrf(r)
        + "<input type=\"hidden\" name=\"article\" value=\"" + esc(i.articleNumber()) + "\">"
        + "<input type=\"number\" name=\"quantity\" value=\"1\" min=\"0\" step=\"" + (fractional ? "0.001" : "1") + "\">"
        + "<button type=\"submit\">Add to cart</button></form>";
  }

  private static String csrf(BrowserSession.Resolved r) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(r.session().csrfToken()) + "\">";
  }

  private void product(HttpServletResponse resp, BrowserSession.Resolved r, BuyerCatalogue view, String article)
      throws IOException {
    Optional<CatalogueItem> found = view.item(article);
    if (found.isEmpty()) {
      page(resp, r, "Not found", "<h1>Article not found</h1><p>This article is not in your assortment.</p>", 404);
      return;
    }
    CatalogueItem i = found.get();
    StringBuilder b = new StringBuilder("<h1 id=\"product-name\">").append(esc(i.name())).append("</h1>");
    if (i.imageUrl() != null) {
      b.append("<img class=\"product\" alt=\"").append(esc(i.name())).append("\" src=\"").append(esc(i.imageUrl())).append("\">");
    }
    b.append("<table>");
    row(b, "Article number", i.articleNumber());
    row(b, "Price", price(i.price()) + " " + view.currency() + " / " + i.unit());
    row(b, "VAT", i.vatRate() == null ? "(missing)" : i.vatRate().stripTrailingZeros().toPlainString() + " %");
    row(b, "UNSPSC", i.unspsc());
    row(b, "Manufacturer", i.manufacturer());
    row(b, "Manufacturer part number", i.manufacturerPartNumber());
    row(b, "GTIN", i.gtin());
    row(b, "Lead time (days)", i.leadTimeDays() == null ? null : String.valueOf(i.leadTimeDays()));
    row(b, "Comparison price", i.comparisonPrice());
    b.append("</table>");
    if (i.longDescription() != null) {
      b.append("<p class=\"long-description\">").append(esc(i.longDescription())).append("</p>");
    }
    if (i.productSheetUrl() != null) {
      b.append("<p><a rel=\"noopener noreferrer\" target=\"_blank\" href=\"").append(esc(i.productSheetUrl()))
          .append("\">Product sheet</a></p>");
    }
    b.append(addForm(r, i));
    page(resp, r, i.name(), b.toString(), 200);
  }

  private static void row(StringBuilder b, String label, String value) {
    if (value != null && !value.isBlank()) {
      b.append("<tr><th>").append(esc(label)).append("</th><td>").append(esc(value)).append("</td></tr>");
    }
  }

  private void add(HttpServletRequest req, HttpServletResponse resp, BrowserSession.Resolved r) throws IOException {
    PunchoutSession s = r.session();
    if (s.isReadOnly()) {
      cart(resp, r, "This cart can only be viewed (inspect).");
      return;
    }
    Optional<CatalogueItem> item = new BuyerCatalogue(catalogue, s.buyer()).item(req.getParameter("article"));
    if (item.isEmpty()) {
      cart(resp, r, "That article is not in your assortment.");
      return;
    }
    CatalogueItem i = item.get();
    Typed quantity = typedQuantity(req.getParameter("quantity"), i.articleNumber(), i.unit());
    if (quantity.problem() != null) {
      cart(resp, r, i.name() + ": " + quantity.problem() + ". Nothing was added.");
      return;
    }
    // everything but the quantity comes from the catalogue and the buyer's contract, never from the form
    s.cart().add(new CartLine(null, i.articleNumber(), i.name(), quantity.value(), i.unit(), i.price(), s.buyer().currency(),
        i.vatRate(), i.unspsc(), i.leadTimeDays(), i.longDescription(), i.gtin(), i.manufacturer(), i.manufacturerPartNumber()));
    redirect(resp, link(r, "/cart"));
  }

  private void update(HttpServletRequest req, HttpServletResponse resp, BrowserSession.Resolved r) throws IOException {
    PunchoutSession s = r.session();
    if (s.isReadOnly()) {
      cart(resp, r, "This cart can only be viewed (inspect).");
      return;
    }
    String lineId = req.getParameter("line");
    Optional<CartLine> line = s.cart().find(lineId);
    if (line.isEmpty()) {
      cart(resp, r, "That line is no longer in the cart.");
      return;
    }
    Typed quantity = typedQuantity(req.getParameter("quantity"), line.get().articleNumber(), line.get().unit());
    if (quantity.problem() != null) {
      cart(resp, r, line.get().name() + ": " + quantity.problem() + ". The quantity was not changed.");
      return;
    }
    s.cart().setQuantity(lineId, quantity.value());
    redirect(resp, link(r, "/cart"));
  }

  private void remove(HttpServletRequest req, HttpServletResponse resp, BrowserSession.Resolved r) throws IOException {
    if (r.session().isReadOnly()) {
      cart(resp, r, "This cart can only be viewed (inspect).");
      return;
    }
    r.session().cart().remove(req.getParameter("line"));
    redirect(resp, link(r, "/cart"));
  }

  /** Prices as people read them: at least two decimals, all significant ones kept. */
  static String price(BigDecimal p) {
    if (p == null) {
      return "";
    }
    BigDecimal v = p.stripTrailingZeros();
    return (v.scale() < 2 ? v.setScale(2) : v).toPlainString();
  }

  /** A quantity the user typed, or why it cannot be used. */
  private record Typed(BigDecimal value, String problem) {
  }

  /** Bounded parse (a decimal comma is fine), then the unit's rules (whole numbers, at most 3 decimals). */
  private static Typed typedQuantity(String typed, String article, String unit) {
    BigDecimal quantity;
    try {
      quantity = BoundedDecimal.QUANTITY.parseTyped(typed, "quantity");
    } catch (BoundedDecimal.Refused e) {
      return new Typed(null, e.reason());
    }
    List<LineProblem> problems = CartValidator.quantityProblems(0, article, quantity, unit);
    return problems.isEmpty() ? new Typed(quantity, null) : new Typed(null, problems.get(0).message());
  }

  private void cart(HttpServletResponse resp, BrowserSession.Resolved r, String error) throws IOException {
    PunchoutSession s = r.session();
    List<CartLine> lines = s.cart().lines();
    StringBuilder b = new StringBuilder("<h1>Cart</h1>");
    if (error != null) {
      b.append("<p class=\"problem\" id=\"error\">").append(esc(error)).append("</p>");
    }
    if (s.isReadOnly()) {
      b.append("<p>You are viewing an earlier cart; it cannot be changed here.</p>");
    }
    b.append("<table id=\"cart\"><tr><th>Article</th><th>Name</th><th>Quantity</th><th>Unit</th><th>Price</th><th>VAT %</th><th></th></tr>");
    for (CartLine l : lines) {
      b.append("<tr class=\"line\" data-line=\"").append(esc(l.lineId())).append("\"><td>").append(esc(l.articleNumber()))
          .append("</td><td>").append(esc(l.name())).append("</td><td>");
      if (s.isReadOnly()) {
        b.append(esc(l.quantity() == null ? "" : l.quantity().toPlainString()));
      } else {
        b.append("<form method=\"post\" action=\"").append(esc(link(r, "/cart/update"))).append("\">").append(csrf(r))
            .append("<input type=\"hidden\" name=\"line\" value=\"").append(esc(l.lineId())).append("\">")
            .append("<input type=\"number\" name=\"quantity\" step=\"any\" value=\"")
            .append(esc(l.quantity() == null ? "" : l.quantity().toPlainString())).append("\"><button>Update</button></form>");
      }
      b.append("</td><td>").append(esc(l.unit())).append("</td><td>")
          .append(esc(price(l.price()))).append(' ').append(esc(l.currency()))
          .append("</td><td>").append(esc(l.vatRate() == null ? "" : l.vatRate().stripTrailingZeros().toPlainString()))
          .append("</td><td>");
      if (!s.isReadOnly()) {
        b.append("<form method=\"post\" action=\"").append(esc(link(r, "/cart/remove"))).append("\">").append(csrf(r))
            .append("<input type=\"hidden\" name=\"line\" value=\"").append(esc(l.lineId())).append("\"><button>Remove</button></form>");
      }
      b.append("</td></tr>");
    }
    b.append("</table><p>Total (excl. VAT): <span id=\"total\" class=\"price\">").append(esc(price(s.cart().total())))
        .append(' ').append(esc(s.buyer().currency())).append("</span></p>");
    List<LineProblem> problems = transfers.problems(s, lines);
    if (!problems.isEmpty()) {
      b.append("<ul id=\"problems\">");
      for (LineProblem p : problems) {
        b.append("<li class=\"problem\">").append(esc(p.describe())).append("</li>");
      }
      b.append("</ul>");
    }
    b.append("<form id=\"checkout\" method=\"post\" action=\"").append(esc(link(r, "/checkout"))).append("\">").append(csrf(r))
        .append("<button type=\"submit\" id=\"checkout-button\">Transfer cart to ").append(esc(s.buyer().name()))
        .append("</button></form>");
    b.append("<form method=\"post\" action=\"").append(esc(link(r, "/cancel"))).append("\">").append(csrf(r))
        .append("<button type=\"submit\">Cancel punch-out</button></form>");
    page(resp, r, "Cart", b.toString(), error == null ? 200 : 400);
  }

  private void page(HttpServletResponse resp, BrowserSession.Resolved r, String title, String body, int status)
      throws IOException {
    PunchoutSession s = r.session();
    String html = "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"UTF-8\"><title>" + esc(title) + "</title>"
        + Responses.STYLE + "</head><body><header><strong>Shop</strong><span>for " + esc(s.buyer().name()) + "</span>"
        + "<a href=\"" + esc(link(r, "/")) + "\">Catalogue</a>"
        + "<a id=\"cart-link\" href=\"" + esc(link(r, "/cart")) + "\">Cart (" + s.cart().size() + ")</a>"
        + "<form method=\"get\" action=\"" + esc(baseUrl + "/shop/") + "\">"
        + hiddenSessionFields(r) + "<input type=\"search\" name=\"q\" placeholder=\"Search\"><button>Search</button></form>"
        + "</header><main>" + body + "</main></body></html>";
    Responses.html(resp, status, html, StandardCharsets.UTF_8,
        "default-src 'none'; img-src 'self' https: data:; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors "
            + TransferResponder.frameAncestors(s.buyer()));
  }

  private static String hiddenSessionFields(BrowserSession.Resolved r) {
    String h = "<input type=\"hidden\" name=\"s\" value=\"" + esc(r.session().id()) + "\">";
    if (!r.viaCookie()) {
      h += "<input type=\"hidden\" name=\"sid\" value=\"" + esc(r.session().secret()) + "\">";
    }
    return h;
  }

  private static void redirect(HttpServletResponse resp, String location) {
    Responses.securityHeaders(resp, null);
    resp.setStatus(303);
    resp.setHeader("Location", location);
  }
}
