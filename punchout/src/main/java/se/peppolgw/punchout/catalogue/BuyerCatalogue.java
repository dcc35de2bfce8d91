package se.peppolgw.punchout.catalogue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import se.peppolgw.punchout.buyer.BuyerProfile;

/** The catalogue as one buyer sees it: limited to the contracted assortment, with the contracted prices. */
public final class BuyerCatalogue {
  private final Catalogue catalogue;
  private final BuyerProfile buyer;

  public BuyerCatalogue(Catalogue catalogue, BuyerProfile buyer) {
    this.catalogue = catalogue;
    this.buyer = buyer;
  }

  public Optional<CatalogueItem> item(String articleNumber) {
    if (buyer.hasContractedAssortment() && !buyer.assortment().contains(articleNumber)) {
      return Optional.empty();
    }
    return catalogue.item(articleNumber).map(this::priced);
  }

  public List<CatalogueItem> items() {
    return catalogue.items().stream()
        .filter(i -> !buyer.hasContractedAssortment() || buyer.assortment().contains(i.articleNumber()))
        .map(this::priced).toList();
  }

  /** Case-insensitive search over article number, name, long description, keywords, every line field, UNSPSC. */
  public List<CatalogueItem> search(String query) {
    if (query == null || query.isBlank()) {
      return items();
    }
    String[] terms = query.toLowerCase(Locale.ROOT).trim().split("\\s+");
    return items().stream().filter(i -> {
      String hay = String.join(" ", nz(i.articleNumber()), nz(i.name()), nz(i.longDescription()),
          String.join(" ", i.keywords()), String.join(" ", i.details().present().values()),
          nz(i.unspsc())).toLowerCase(Locale.ROOT);
      for (String t : terms) {
        if (!hay.contains(t)) {
          return false;
        }
      }
      return true;
    }).toList();
  }

  /** Items whose UNSPSC code starts with the given prefix (2 = segment, 4 = family, 6 = class, 8 = commodity). */
  public List<CatalogueItem> byUnspsc(String prefix) {
    return items().stream().filter(i -> i.unspsc() != null && i.unspsc().startsWith(prefix)).toList();
  }

  /** UNSPSC commodity codes present in the visible assortment, with their names where configured. */
  public Map<String, String> unspscCodes() {
    Map<String, String> codes = new TreeMap<>();
    for (CatalogueItem i : items()) {
      if (i.unspsc() != null && !i.unspsc().isBlank()) {
        codes.put(i.unspsc(), catalogue.unspscNames().getOrDefault(i.unspsc(), i.unspsc()));
      }
    }
    return codes;
  }

  public String currency() {
    return buyer.currency();
  }

  private CatalogueItem priced(CatalogueItem item) {
    BigDecimal contracted = buyer.prices().get(item.articleNumber());
    return contracted == null ? item : item.withPrice(contracted);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
