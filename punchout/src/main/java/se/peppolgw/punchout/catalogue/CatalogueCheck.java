package se.peppolgw.punchout.catalogue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import se.peppolgw.punchout.buyer.BuyerProfile;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.LineProblem;

/**
 * Whether cart lines are what the catalogue and the buyer's contract say: the article exists and is in the
 * buyer's assortment, the price is the contract price (or the catalogue price when there is none), VAT rate,
 * unit and currency match. Applied to every cart of a built-in-shop buyer (defence in depth: the shop only
 * ever builds lines from the catalogue) and to external-shop carts whose profile says
 * {@code priceCheck: CATALOGUE}. Fields a line lacks are left to {@code CartValidator} ("missing").
 */
public final class CatalogueCheck {
  private final Catalogue catalogue;

  public CatalogueCheck(Catalogue catalogue) {
    this.catalogue = catalogue;
  }

  public List<LineProblem> check(BuyerProfile buyer, List<CartLine> lines) {
    BuyerCatalogue view = new BuyerCatalogue(catalogue, buyer);
    List<LineProblem> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      CartLine l = lines.get(i);
      int n = i + 1;
      String article = l.articleNumber();
      if (article == null || article.isBlank()) {
        continue; // CartValidator: article number is missing
      }
      Optional<CatalogueItem> found = view.item(article);
      if (found.isEmpty()) {
        problems.add(new LineProblem(n, article, "articleNumber", catalogue.item(article).isPresent()
            ? "article is not in this buyer's contracted assortment" : "article is not in the catalogue"));
        continue;
      }
      CatalogueItem item = found.get();
      if (l.price() != null && (item.price() == null || l.price().compareTo(item.price()) != 0)) {
        problems.add(new LineProblem(n, article, "price", "price " + plain(l.price()) + " is not the contract price"
            + (item.price() == null ? " (the catalogue has none)" : " " + plain(item.price()))));
      }
      if (l.vatRate() != null && (item.vatRate() == null || l.vatRate().compareTo(item.vatRate()) != 0)) {
        problems.add(new LineProblem(n, article, "vatRate", "VAT rate " + plain(l.vatRate()) + " is not the catalogue's"
            + (item.vatRate() == null ? " (the catalogue has none)" : " " + plain(item.vatRate()))));
      }
      if (l.unit() != null && !l.unit().equals(item.unit())) {
        problems.add(new LineProblem(n, article, "unit", "unit " + l.unit() + " is not the catalogue's " + item.unit()));
      }
      if (l.currency() != null && !l.currency().isBlank() && !l.currency().equals(buyer.currency())) {
        problems.add(new LineProblem(n, article, "currency", "currency " + l.currency() + " is not the buyer's " + buyer.currency()));
      }
    }
    return problems;
  }

  private static String plain(BigDecimal v) {
    return v.toPlainString();
  }
}
