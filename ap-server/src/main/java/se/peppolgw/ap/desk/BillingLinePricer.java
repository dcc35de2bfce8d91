package se.peppolgw.ap.desk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import se.peppolgw.ap.desk.DeskInputException.FieldProblem;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/**
 * Prices the picked lines of an order for billing: net = price x quantity / base quantity, rounded
 * to two decimals per line (EN 16931 sums the rounded lines). The VAT percent is the order line's,
 * else the catalogue article's, else the supplier's default; the category defaults to S (standard).
 */
final class BillingLinePricer {
  private final SupplierSettings supplier;
  private final Function<String, Optional<CatalogueItem>> catalogue;

  BillingLinePricer(SupplierSettings supplier, Function<String, Optional<CatalogueItem>> catalogue) {
    this.supplier = supplier;
    this.catalogue = catalogue;
  }

  /** The picked lines (line id to quantity) priced; a 409 naming every line that has no price. */
  List<BillingLine> price(ReceivedOrder order, OrderProgress progress, Map<String, BigDecimal> picked)
      throws DeskInputException {
    List<BillingLine> out = new ArrayList<>();
    List<FieldProblem> problems = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, BigDecimal> e : picked.entrySet()) {
      OrderedLine l = order.line(e.getKey()).orElseThrow();
      String article = progress.article(l);
      Optional<CatalogueItem> fromCatalogue = article == null ? Optional.empty() : catalogue.apply(article);
      if (l.price() == null) {
        problems.add(new FieldProblem("/lines/" + i, "order line " + l.lineId() + " has no price to invoice"));
        i++;
        continue;
      }
      BigDecimal net = Ubl.money(l.price().multiply(e.getValue()).divide(l.baseQuantity(), 10, RoundingMode.HALF_UP));
      String category = l.taxCategory() != null ? l.taxCategory() : "S";
      BigDecimal percent =
          l.taxPercent() != null
              ? l.taxPercent()
              : fromCatalogue.map(CatalogueItem::vatRate).orElse(supplier.defaultVatPercent());
      out.add(new BillingLine(l, article, e.getValue(), net, category, percent));
      i++;
    }
    if (!problems.isEmpty()) {
      throw new DeskInputException(409, problems);
    }
    return out;
  }

  /** The order's currency; SEK when the order names none. */
  static String currency(ReceivedOrder order) {
    return order.currency() == null ? "SEK" : order.currency();
  }
}
