package se.peppolgw.ap.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import se.peppolgw.punchout.catalogue.Catalogue;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/**
 * What an uploaded catalogue changes against the current one: articles added, removed, and changed
 * (with the fields that differ; prices and VAT rates compare by value, 49 = 49.00).
 */
public record CatalogueDiff(
    List<CatalogueItem> added, List<CatalogueItem> removed, List<Changed> changed, boolean currencyChanged) {

  /** An article in both, with the fields whose values differ. */
  public record Changed(CatalogueItem before, CatalogueItem after, List<String> fields) {}

  public static CatalogueDiff between(Catalogue current, Catalogue upload) {
    List<CatalogueItem> added = new ArrayList<>();
    List<Changed> changed = new ArrayList<>();
    for (CatalogueItem a : upload.items()) {
      var before = current.item(a.articleNumber());
      if (before.isEmpty()) {
        added.add(a);
      } else {
        List<String> fields = fields(before.get(), a);
        if (!fields.isEmpty()) {
          changed.add(new Changed(before.get(), a, fields));
        }
      }
    }
    List<CatalogueItem> removed =
        current.items().stream().filter(b -> upload.item(b.articleNumber()).isEmpty()).toList();
    return new CatalogueDiff(List.copyOf(added), removed, List.copyOf(changed), !current.currency().equals(upload.currency()));
  }

  public boolean empty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && !currencyChanged;
  }

  /** "2 added, 1 removed, 3 changed" */
  public String summary() {
    if (empty()) {
      return "no differences";
    }
    return added.size() + " added, " + removed.size() + " removed, " + changed.size() + " changed"
        + (currencyChanged ? ", currency changed" : "");
  }

  static List<String> fields(CatalogueItem b, CatalogueItem a) {
    List<String> out = new ArrayList<>();
    same(out, "name", b.name(), a.name());
    if (!sameNumber(b.price(), a.price())) {
      out.add("price");
    }
    same(out, "unit", b.unit(), a.unit());
    if (!sameNumber(b.vatRate(), a.vatRate())) {
      out.add("vatRate");
    }
    same(out, "unspsc", b.unspsc(), a.unspsc());
    same(out, "longDescription", b.longDescription(), a.longDescription());
    same(out, "keywords", b.keywords(), a.keywords());
    same(out, "imageUrl", b.imageUrl(), a.imageUrl());
    same(out, "productSheetUrl", b.productSheetUrl(), a.productSheetUrl());
    same(out, "leadTimeDays", b.leadTimeDays(), a.leadTimeDays());
    same(out, "comparisonPrice", b.comparisonPrice(), a.comparisonPrice());
    for (se.peppolgw.punchout.cart.field.LineField f : se.peppolgw.punchout.cart.field.LineField.values()) {
      same(out, f.json(), b.details().get(f), a.details().get(f));
    }
    return out;
  }

  private static void same(List<String> out, String field, Object b, Object a) {
    if (!Objects.equals(b, a)) {
      out.add(field);
    }
  }

  private static boolean sameNumber(java.math.BigDecimal b, java.math.BigDecimal a) {
    return b == null ? a == null : a != null && b.compareTo(a) == 0;
  }
}
