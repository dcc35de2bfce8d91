package se.peppolgw.punchout.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import se.peppolgw.punchout.cart.BoundedDecimal;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.CartValidator;
import se.peppolgw.punchout.cart.LineProblem;
import se.peppolgw.punchout.catalogue.BuyerCatalogue;
import se.peppolgw.punchout.catalogue.Catalogue;
import se.peppolgw.punchout.catalogue.CatalogueItem;
import se.peppolgw.punchout.session.PunchoutSession;
import se.peppolgw.punchout.transfer.AutoSubmitPage;
import se.peppolgw.punchout.transfer.CancelReturn;
import se.peppolgw.punchout.transfer.CartTransferService;
import se.peppolgw.punchout.web.page.ShopPages;
import se.peppolgw.punchout.web.page.ShopView;

/** The shop's form targets (POST, CSRF already checked) and the cart page they show on a problem. */
final class CartActions {
  /** On the page "Add to cart" returns to: the article just added. */
  static final String ADDED_PARAM = "added";
  /** The shop pages "Add to cart" may return to; anything else returns to the catalogue (no open redirect). */
  private static final Pattern BACK = Pattern.compile("/|/cart|/(unspsc|product)/[A-Za-z0-9%._~+-]{1,400}");
  private final Catalogue catalogue;
  private final CartTransferService transfers;

  CartActions(Catalogue catalogue, CartTransferService transfers) {
    this.catalogue = catalogue;
    this.transfers = transfers;
  }

  void handle(String path, HttpServletRequest req, HttpServletResponse resp, ShopView v) throws IOException {
    switch (path) {
      case "/cart/add" -> add(req, resp, v);
      case "/cart/update" -> update(req, resp, v);
      case "/cart/remove" -> remove(req, resp, v);
      case "/checkout" -> checkout(resp, v);
      case "/cancel" -> cancel(resp, v);
      default -> Responses.message(resp, 404, v.t(), "error.notfound");
    }
  }

  void showCart(HttpServletResponse resp, ShopView v, String error) throws IOException {
    showCart(resp, v, error, error == null ? 200 : 400);
  }

  private void showCart(HttpServletResponse resp, ShopView v, String error, int status) throws IOException {
    PunchoutSession s = v.session();
    List<CartLine> lines = s.cart().lines();
    boolean canCheckout = !lines.isEmpty() || CartTransferService.emptyCartAllowed(s);
    ShopServlet.page(resp, v, status, "shop/cart.jte", new ShopPages.Cart(v, lines, s.cart().total(),
        transfers.problems(s, lines), error, canCheckout, CancelReturn.of(s) == CancelReturn.EMPTY_CART));
  }

  private void add(HttpServletRequest req, HttpServletResponse resp, ShopView v) throws IOException {
    PunchoutSession s = v.session();
    if (s.isReadOnly()) {
      showCart(resp, v, v.t().get("cart.readonly.refused"));
      return;
    }
    Optional<CatalogueItem> item = new BuyerCatalogue(catalogue, s.buyer()).item(req.getParameter("article"));
    if (item.isEmpty()) {
      showCart(resp, v, v.t().get("cart.notinassortment"));
      return;
    }
    CatalogueItem i = item.get();
    Typed quantity = typedQuantity(req.getParameter("quantity"), i.articleNumber(), i.unit());
    if (quantity.problem() != null) {
      showCart(resp, v, v.t().get("cart.add.refused", i.name(), quantity.problem()));
      return;
    }
    // everything but the quantity comes from the catalogue and the buyer's contract, never from the form
    s.cart().add(i.toCartLine(null, quantity.value(), s.buyer().currency()));
    redirect(resp, backTo(req, v, i.articleNumber()));
  }

  /** The page the buyer added from (list, search or product page), with a note of what was added. */
  static String backTo(HttpServletRequest req, ShopView v, String articleNumber) {
    String back = req.getParameter("back");
    String path = back != null && BACK.matcher(back).matches() ? back : "/";
    String q = req.getParameter("q");
    String query = path.equals("/") && q != null && !q.isBlank() ? "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) : "";
    return v.link(path) + query + "&" + ADDED_PARAM + "=" + URLEncoder.encode(articleNumber, StandardCharsets.UTF_8);
  }

  private void update(HttpServletRequest req, HttpServletResponse resp, ShopView v) throws IOException {
    PunchoutSession s = v.session();
    if (s.isReadOnly()) {
      showCart(resp, v, v.t().get("cart.readonly.refused"));
      return;
    }
    String lineId = req.getParameter("line");
    Optional<CartLine> line = s.cart().find(lineId);
    if (line.isEmpty()) {
      showCart(resp, v, v.t().get("cart.linegone"));
      return;
    }
    Typed quantity = typedQuantity(req.getParameter("quantity"), line.get().articleNumber(), line.get().unit());
    if (quantity.problem() != null) {
      showCart(resp, v, v.t().get("cart.update.refused", line.get().name(), quantity.problem()));
      return;
    }
    s.cart().setQuantity(lineId, quantity.value());
    redirect(resp, v.link("/cart"));
  }

  private void remove(HttpServletRequest req, HttpServletResponse resp, ShopView v) throws IOException {
    if (v.readOnly()) {
      showCart(resp, v, v.t().get("cart.readonly.refused"));
      return;
    }
    v.session().cart().remove(req.getParameter("line"));
    redirect(resp, v.link("/cart"));
  }

  private void checkout(HttpServletResponse resp, ShopView v) throws IOException {
    PunchoutSession s = v.session();
    if (s.cart().size() == 0 && !CartTransferService.emptyCartAllowed(s)) {
      // the button is disabled; a post anyway (another tab, a script) gets the same words
      showCart(resp, v, v.t().get("cart.empty.refused"), 422);
      return;
    }
    TransferResponder.respond(resp, s, transfers.transfer(s), v.link("/cart"));
  }

  private void cancel(HttpServletResponse resp, ShopView v) throws IOException {
    TransferResponder.respond(resp, v.session(), transfers.cancel(v.session()), null, AutoSubmitPage.Purpose.CANCEL);
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

  private static void redirect(HttpServletResponse resp, String location) {
    Responses.securityHeaders(resp, null);
    resp.setStatus(303);
    resp.setHeader("Location", location);
  }
}
