package se.peppolgw.ap.catalogue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import se.peppolgw.punchout.cart.field.LineDetails;
import se.peppolgw.punchout.cart.field.LineField;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/**
 * Turns one uploaded article's raw values (from a JSON object or a CSV row) into a catalogue item,
 * bounding every length and number and noting each bad field. Presence of the mandatory fields is
 * not checked here: that is the buyers' catalogue rules' job ({@link CatalogueCheck}), shown
 * beside the differences.
 */
final class ArticleFields {
  /** The fields of an article, in the order of {@code catalogue.json} (and of the CSV columns). */
  static final List<String> FIELDS = fields();
  private static final Set<String> CODES = Set.of("articleNumber", "unit", "unspsc",
      LineField.MANUFACTURER_PART_NUMBER.json(), LineField.GTIN.json());

  /** The fixed fields, then the descriptive ones the punch-out declares ({@link LineField}). */
  private static List<String> fields() {
    List<String> out = new ArrayList<>(List.of("articleNumber", "name", "price", "unit", "vatRate", "unspsc",
        "longDescription", "keywords", "imageUrl", "productSheetUrl", "leadTimeDays", "comparisonPrice"));
    for (LineField f : LineField.values()) {
      out.add(f.json());
    }
    return List.copyOf(out);
  }

  /** A raw value: a string, a number (BigDecimal), a list of strings, or null. */
  private final Map<String, Object> values;
  private final String where;
  private final List<UploadProblem> problems;

  /** @param where how a field of this article is named in a problem, with {@code %s} for the field */
  ArticleFields(Map<String, Object> values, String where, List<UploadProblem> problems) {
    this.values = values;
    this.where = where;
    this.problems = problems;
  }

  CatalogueItem item() {
    Map<LineField, String> details = new EnumMap<>(LineField.class);
    for (LineField f : LineField.values()) {
      details.put(f, text(f.json()));
    }
    return new CatalogueItem(
        text("articleNumber"), text("name"), decimal("price", UploadLimits.MAX_PRICE), text("unit"),
        decimal("vatRate", UploadLimits.MAX_VAT_RATE), text("unspsc"), text("longDescription"), keywords(),
        text("imageUrl"), text("productSheetUrl"), leadTime(), text("comparisonPrice"), LineDetails.of(details));
  }

  private String text(String field) {
    Object v = values.get(field);
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d && CODES.contains(field)) {
      v = d.toPlainString(); // an article number or GTIN written as a JSON number
    }
    if (!(v instanceof String s)) {
      problem(field, "must be text");
      return null;
    }
    String t = s.strip();
    int max = field.equals("longDescription") ? UploadLimits.MAX_DESCRIPTION
        : CODES.contains(field) ? UploadLimits.MAX_CODE : UploadLimits.MAX_TEXT;
    if (t.length() > max) {
      problem(field, "longer than " + max + " characters");
      return null;
    }
    if (t.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
      problem(field, "contains control characters");
      return null;
    }
    return t.isEmpty() ? null : t;
  }

  private BigDecimal decimal(String field, BigDecimal max) {
    Object v = values.get(field);
    BigDecimal d = number(field, v);
    if (d == null) {
      return null;
    }
    if (d.signum() < 0 || d.compareTo(max) > 0) {
      problem(field, "must be between 0 and " + max.toPlainString());
      return null;
    }
    if (Math.max(0, d.stripTrailingZeros().scale()) > UploadLimits.MAX_PRICE_DECIMALS) {
      problem(field, "at most " + UploadLimits.MAX_PRICE_DECIMALS + " decimals");
      return null;
    }
    return d;
  }

  private BigDecimal number(String field, Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof String s) {
      String t = s.strip();
      if (t.isEmpty()) {
        return null;
      }
      // a Swedish spreadsheet writes 49,50
      if (t.matches("-?[0-9]{1,12},[0-9]{1,6}")) {
        t = t.replace(',', '.');
      }
      if (t.matches("-?[0-9]{1,12}(\\.[0-9]{1,6})?")) {
        return new BigDecimal(t);
      }
      problem(field, "'" + (t.length() > 30 ? t.substring(0, 30) + "…" : t) + "' is not a number");
      return null;
    }
    problem(field, "must be a number");
    return null;
  }

  private Integer leadTime() {
    BigDecimal d = number("leadTimeDays", values.get("leadTimeDays"));
    if (d == null) {
      return null;
    }
    if (d.signum() < 0 || d.stripTrailingZeros().scale() > 0 || d.compareTo(BigDecimal.valueOf(UploadLimits.MAX_LEAD_TIME_DAYS)) > 0) {
      problem("leadTimeDays", "must be a whole number of days from 0 to " + UploadLimits.MAX_LEAD_TIME_DAYS);
      return null;
    }
    return d.intValueExact();
  }

  private List<String> keywords() {
    Object v = values.get("keywords");
    if (v == null) {
      return List.of();
    }
    List<?> raw = v instanceof List<?> l ? l : List.of(((String) (v instanceof String ? v : "")).split("\\|"));
    if (!(v instanceof List<?>) && !(v instanceof String)) {
      problem("keywords", "must be a list of words");
      return List.of();
    }
    if (raw.size() > UploadLimits.MAX_KEYWORDS) {
      problem("keywords", "at most " + UploadLimits.MAX_KEYWORDS + " keywords");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object k : raw) {
      if (!(k instanceof String s)) {
        problem("keywords", "every keyword must be text");
        return List.of();
      }
      if (s.strip().length() > UploadLimits.MAX_TEXT) {
        problem("keywords", "a keyword is longer than " + UploadLimits.MAX_TEXT + " characters");
        return List.of();
      }
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }

  private void problem(String field, String problem) {
    problems.add(new UploadProblem(String.format(where, field), problem));
  }
}
