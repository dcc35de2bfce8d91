package se.peppolgw.ap.catalogue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.punchout.catalogue.Catalogue;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/**
 * Checks the shop's catalogue against the buyers' catalogue rules ({@link CatalogueRule}): every
 * problem of every article, not just the first. The gateway runs it at start-up (each problem in
 * the log) and shows the result on the desk's catalogue page.
 */
public final class CatalogueCheck {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogueCheck.class);

  private CatalogueCheck() {}

  public static List<CatalogueProblem> check(Catalogue catalogue) {
    List<CatalogueProblem> out = new ArrayList<>();
    List<CatalogueItem> items = catalogue.items();
    for (int i = 0; i < items.size(); i++) {
      check(items.get(i), i, out);
    }
    return List.copyOf(out);
  }

  /** Checks and logs: a warning per problem, one line when all is well. */
  public static List<CatalogueProblem> checkAndLog(Catalogue catalogue, String source) {
    List<CatalogueProblem> problems = check(catalogue);
    if (problems.isEmpty()) {
      LOG.info("Catalogue {}: {} article(s), all pass the buyers' catalogue rules", source, catalogue.items().size());
    } else {
      LOG.warn("Catalogue {}: {} problem(s) with the buyers' catalogue rules (the desk's catalogue page lists them)",
          source, problems.size());
      problems.forEach(p -> LOG.warn("Catalogue {}: {}", source, p.message()));
    }
    return problems;
  }

  static void check(CatalogueItem item, int index, List<CatalogueProblem> out) {
    String article = blank(item.articleNumber()) ? "#" + (index + 1) : item.articleNumber();
    if (blank(item.articleNumber())) {
      out.add(new CatalogueProblem(article, CatalogueRule.ARTICLE_NUMBER, null));
    }
    if (blank(item.name())) {
      out.add(new CatalogueProblem(article, CatalogueRule.NAME, null));
    }
    if (item.price() == null || item.price().signum() < 0) {
      out.add(new CatalogueProblem(article, CatalogueRule.PRICE, plain(item.price())));
    }
    if (blank(item.unit())) {
      out.add(new CatalogueProblem(article, CatalogueRule.UNIT, null));
    }
    if (item.vatRate() == null || item.vatRate().signum() < 0) {
      out.add(new CatalogueProblem(article, CatalogueRule.VAT_RATE, plain(item.vatRate())));
    }
    if (!levelFour(item.unspsc())) {
      out.add(new CatalogueProblem(article, CatalogueRule.UNSPSC, item.unspsc()));
    }
    if (item.imageUrl() != null && !image(item.imageUrl())) {
      out.add(new CatalogueProblem(article, CatalogueRule.IMAGE_URL, item.imageUrl()));
    }
    if (item.productSheetUrl() != null && https(item.productSheetUrl()) == null) {
      out.add(new CatalogueProblem(article, CatalogueRule.PRODUCT_SHEET_URL, item.productSheetUrl()));
    }
  }

  /** UNSPSC level 4 (commodity): 8 digits, neither the class nor the commodity pair 00. */
  static boolean levelFour(String unspsc) {
    return unspsc != null && unspsc.matches("[0-9]{8}") && !unspsc.startsWith("00") && !unspsc.substring(2, 4).equals("00")
        && !unspsc.substring(4, 6).equals("00") && !unspsc.substring(6, 8).equals("00");
  }

  /** A direct https link to a picture: no spaces (not even encoded), the path ends in .jpg, .png or .gif. */
  static boolean image(String url) {
    if (url.chars().anyMatch(Character::isWhitespace) || url.contains("%20")) {
      return false;
    }
    URI u = https(url);
    if (u == null || u.getRawPath() == null) {
      return false;
    }
    String path = u.getRawPath().toLowerCase(Locale.ROOT);
    return path.endsWith(".jpg") || path.endsWith(".png") || path.endsWith(".gif");
  }

  /** The URL when it is an absolute https URL with a host, else null. */
  static URI https(String url) {
    try {
      URI u = new URI(url.trim());
      return "https".equalsIgnoreCase(u.getScheme()) && u.getHost() != null ? u : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String plain(BigDecimal d) {
    return d == null ? null : d.toPlainString();
  }
}
