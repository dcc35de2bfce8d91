package se.peppolgw.punchout.web.page;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.LineProblem;
import se.peppolgw.punchout.catalogue.CatalogueItem;
import se.peppolgw.punchout.i18n.ShopText;

/**
 * The model of each shop page: one record per template in {@code src/main/jte/shop/} (the template declares
 * it as its only parameter, so a field missing on either side is a build error).
 */
public final class ShopPages {
  private ShopPages() {
  }

  /**
   * The start page: categories and every article.
   *
   * @param added the name of the article just added to the cart, or null
   */
  public record Catalogue(ShopView v, Map<String, String> categories, List<CatalogueItem> items, String added) {
  }

  /**
   * A category or a search result.
   *
   * @param back  the shop path of this page, where "Add to cart" returns to
   * @param query the search text (kept by "Add to cart"), or null
   */
  public record ItemList(ShopView v, String title, List<CatalogueItem> items, String back, String query, String added) {
  }

  public record Product(ShopView v, CatalogueItem item, String added) {
  }

  /**
   * @param error         what the buyer's last action could not do, or null
   * @param problems      why the cart cannot be sent as it is
   * @param canCheckout   false for an empty cart that may not be sent empty
   * @param cancelReturnsEmptyCart whether cancel gives the buyer's system an empty cart (else nothing is sent)
   */
  public record Cart(ShopView v, List<CartLine> lines, BigDecimal total, List<LineProblem> problems, String error,
      boolean canCheckout, boolean cancelReturnsEmptyCart) {
  }

  /** Checkout refused: the lines to fix. */
  public record TransferProblems(ShopText t, String buyerName, List<LineProblem> problems, String backLink) {
  }

  /** A page with a title and one sentence (errors, "cancelled"), in the buyer's language when known. */
  public record Message(ShopText t, String title, String text) {
  }
}
