package se.peppolgw.ap.catalogue;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import se.peppolgw.ap.api.Json;
import se.peppolgw.punchout.catalogue.Catalogue;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/**
 * Reads an uploaded catalogue, JSON in the shop's {@code catalogue.json} format or CSV ({@link
 * CatalogueCsv}), within {@link UploadLimits}. Every problem is collected (per article and field)
 * before the upload is refused; an upload that reads is then checked against the buyers' rules
 * and compared with the current catalogue by the caller.
 */
public final class CatalogueUpload {
  private static final Set<String> TOP = Set.of("currency", "unspscNames", "items");

  private CatalogueUpload() {}

  /**
   * @param current the catalogue in use: a CSV upload keeps its currency and UNSPSC names
   */
  public static Catalogue read(byte[] body, UploadFormat format, Catalogue current) throws CatalogueUploadException {
    if (body.length > UploadLimits.MAX_BYTES) {
      throw CatalogueUploadException.of("/", "larger than " + UploadLimits.MAX_BYTES + " bytes");
    }
    if (body.length == 0) {
      throw CatalogueUploadException.of("/", "empty: upload the whole catalogue");
    }
    return format == UploadFormat.CSV ? CatalogueCsv.read(body, current) : json(body);
  }

  static Catalogue json(byte[] body) throws CatalogueUploadException {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw CatalogueUploadException.of("/", "not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw CatalogueUploadException.of("/", "unreadable: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw CatalogueUploadException.of("/", "must be a JSON object with \"currency\" and \"items\"");
    }
    List<UploadProblem> problems = new ArrayList<>();
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String n = names.next();
      if (!TOP.contains(n)) {
        problems.add(new UploadProblem("/" + shorten(n), "unknown field"));
      }
    }
    String currency = "SEK";
    JsonNode c = root.get("currency");
    if (c != null && !c.isNull()) {
      if (!c.isTextual() || !c.asText().matches("[A-Z]{3}")) {
        problems.add(new UploadProblem("/currency", "must be an ISO 4217 code, e.g. SEK"));
      } else {
        currency = c.asText();
      }
    }
    Map<String, String> unspscNames = unspscNames(root.get("unspscNames"), problems);
    JsonNode items = root.get("items");
    if (items == null || !items.isArray()) {
      problems.add(new UploadProblem("/items", "required: the list of articles"));
      throw new CatalogueUploadException(problems);
    }
    if (items.size() > UploadLimits.MAX_ARTICLES) {
      problems.add(new UploadProblem("/items", "more than " + UploadLimits.MAX_ARTICLES + " articles"));
      throw new CatalogueUploadException(problems);
    }
    List<CatalogueItem> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode a = items.get(i);
      String where = "/items/" + i;
      if (!a.isObject()) {
        problems.add(new UploadProblem(where, "must be an object"));
        continue;
      }
      Map<String, Object> values = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        if (!ArticleFields.FIELDS.contains(e.getKey())) {
          problems.add(new UploadProblem(where + "/" + shorten(e.getKey()), "unknown field"));
        } else if (e.getKey().equals("keywords") && !e.getValue().isArray() && !e.getValue().isNull()) {
          problems.add(new UploadProblem(where + "/keywords", "must be a list of words"));
        } else {
          values.put(e.getKey(), raw(e.getValue()));
        }
      }
      out.add(new ArticleFields(values, where + "/%s", problems).item());
    }
    return catalogue(currency, unspscNames, out, i -> "/items/" + i + "/articleNumber", problems);
  }

  /** The catalogue when nothing was wrong; article numbers must be present and unique to be compared. */
  static Catalogue catalogue(
      String currency, Map<String, String> unspscNames, List<CatalogueItem> items,
      java.util.function.IntFunction<String> articleNumberAt, List<UploadProblem> problems)
      throws CatalogueUploadException {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String no = items.get(i).articleNumber();
      if (no == null) {
        problems.add(new UploadProblem(articleNumberAt.apply(i), "required (CAT-01): every article needs a number"));
      } else if (!seen.add(no)) {
        problems.add(new UploadProblem(articleNumberAt.apply(i), "article " + no + " appears twice"));
      }
    }
    if (!problems.isEmpty()) {
      throw new CatalogueUploadException(problems);
    }
    return new Catalogue(currency, unspscNames, items);
  }

  private static Map<String, String> unspscNames(JsonNode n, List<UploadProblem> problems) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isObject() || n.size() > UploadLimits.MAX_UNSPSC_NAMES) {
      problems.add(new UploadProblem("/unspscNames", "must be an object of at most " + UploadLimits.MAX_UNSPSC_NAMES
          + " UNSPSC code → name pairs"));
      return out;
    }
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      if (!e.getKey().matches("[0-9]{8}") || !e.getValue().isTextual() || e.getValue().asText().length() > UploadLimits.MAX_TEXT) {
        problems.add(new UploadProblem("/unspscNames/" + shorten(e.getKey()), "must map an 8-digit code to a name"));
      } else {
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  private static Object raw(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isNumber()) {
      return v.decimalValue();
    }
    if (v.isArray()) {
      List<Object> out = new ArrayList<>();
      for (JsonNode e : v) {
        out.add(e.isTextual() ? e.asText() : e.toString());
        if (out.size() > UploadLimits.MAX_KEYWORDS) {
          break;
        }
      }
      return v.size() > out.size() ? java.util.Collections.nCopies(UploadLimits.MAX_KEYWORDS + 1, "") : out;
    }
    return Boolean.valueOf(v.isBoolean() && v.asBoolean());
  }

  static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
