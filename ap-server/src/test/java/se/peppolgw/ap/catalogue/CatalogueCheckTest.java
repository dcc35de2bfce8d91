package se.peppolgw.ap.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.api.Json;
import se.peppolgw.punchout.catalogue.Catalogue;
import se.peppolgw.punchout.catalogue.CatalogueItem;

class CatalogueCheckTest {
  static CatalogueItem item(String no, String price, String vat, String unspsc, String image, String sheet) {
    return new CatalogueItem(no, "Kopieringspapper", price == null ? null : new BigDecimal(price), "EA",
        vat == null ? null : new BigDecimal(vat), unspsc, null, List.of(), image, sheet, 2, null, null);
  }

  static List<String> rules(CatalogueItem i) {
    return CatalogueCheck.check(new Catalogue("SEK", Map.of(), List.of(i))).stream().map(p -> p.rule().id()).toList();
  }

  @Test
  void aCorrectArticlePasses() {
    assertEquals(List.of(), rules(item("100-1", "49.00", "25", "14111507", "https://img.example.se/a/100-1.JPG",
        "https://img.example.se/sheets/100-1.pdf")));
    assertEquals(List.of(), rules(item("100-1", "0", "0", "14111507", null, null)), "image and sheet are optional");
  }

  @Test
  void aBadImageUrlIsReportedForItsArticle() {
    for (String bad : List.of("http://img.example.se/a.jpg", "https://img.example.se/my picture.jpg",
        "https://img.example.se/my%20picture.jpg", "https://img.example.se/show?id=1", "https://img.example.se/a.pdf",
        "//img.example.se/a.jpg", "https:///a.jpg")) {
      List<CatalogueProblem> ps =
          CatalogueCheck.check(new Catalogue("SEK", Map.of(), List.of(item("100-7", "1", "25", "14111507", bad, null))));
      assertEquals(1, ps.size(), bad);
      assertEquals("100-7", ps.get(0).articleNumber());
      assertEquals(CatalogueRule.IMAGE_URL, ps.get(0).rule());
      assertTrue(ps.get(0).message().contains("CAT-07 100-7 imageUrl"), ps.get(0).message());
    }
  }

  @Test
  void aMissingVatRateAndEveryOtherProblemOfOneArticleAreAllReported() {
    CatalogueItem bad = new CatalogueItem("100-8", " ", null, null, null, "44121700", null, List.of(),
        "https://img.example.se/a.gif", "http://img.example.se/a.pdf", null, null, null);
    assertEquals(List.of("CAT-02", "CAT-03", "CAT-04", "CAT-05", "CAT-06", "CAT-08"), rules(bad));
    assertEquals(List.of("CAT-03", "CAT-05"), rules(item("100-9", "-1", "-25", "14111507", null, null)));
  }

  @Test
  void unspscMustBeACommodityCode() {
    assertTrue(CatalogueCheck.levelFour("44121704"));
    for (String bad : new String[] {"44121700", "44120004", "4412170", "441217041", "4412170A", "00121704", null}) {
      assertFalse(CatalogueCheck.levelFour(bad), bad);
    }
  }

  @Test
  void theShippedCatalogueKeepsTheBuyersRules() {
    Catalogue shipped = Catalogue.load(Path.of("..", "config", "punchout", "catalogue.json"), Json.MAPPER);
    assertTrue(shipped.items().size() > 10);
    assertEquals(List.of(), CatalogueCheck.check(shipped));
  }
}
