package se.peppolgw.ap.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.api.Json;
import se.peppolgw.punchout.catalogue.Catalogue;

class CatalogueUploadTest {
  static final Catalogue SHIPPED = Catalogue.load(Path.of("..", "config", "punchout", "catalogue.json"), Json.MAPPER);

  static Catalogue json(String s) throws CatalogueUploadException {
    return CatalogueUpload.read(s.getBytes(StandardCharsets.UTF_8), UploadFormat.JSON, SHIPPED);
  }

  static Catalogue csv(String s) throws CatalogueUploadException {
    return CatalogueUpload.read(s.getBytes(StandardCharsets.UTF_8), UploadFormat.CSV, SHIPPED);
  }

  static List<String> problems(CatalogueUploadException e) {
    return e.problems().stream().map(UploadProblem::message).toList();
  }

  @Test
  void theShippedJsonReadsBackUnchanged() throws Exception {
    byte[] shipped = java.nio.file.Files.readAllBytes(Path.of("..", "config", "punchout", "catalogue.json"));
    Catalogue c = CatalogueUpload.read(shipped, UploadFormat.JSON, SHIPPED);
    assertTrue(CatalogueDiff.between(SHIPPED, c).empty(), CatalogueDiff.between(SHIPPED, c).summary());
    assertEquals(SHIPPED.unspscNames(), c.unspscNames());
  }

  @Test
  void csvWithEitherSeparatorQuotesAndCommaDecimals() throws Exception {
    Catalogue c = csv("articleNumber,name,price,unit,vatRate,unspsc,keywords\r\n"
        + "A-1,\"Papper, A4 \"\"vitt\"\"\",49.50,PK,25,14111507,papper|A4\r\n"
        + "A-2,Penna,12,EA,25,44121704,\n\n");
    assertEquals(2, c.items().size());
    assertEquals("Papper, A4 \"vitt\"", c.item("A-1").orElseThrow().name());
    assertEquals(List.of("papper", "A4"), c.item("A-1").orElseThrow().keywords());
    assertEquals("SEK", c.currency());
    Catalogue s = csv("articleNumber;name;price;vatRate\nA-1;Papper;49,50;12\n");
    assertEquals(0, new BigDecimal("49.50").compareTo(s.item("A-1").orElseThrow().price()));
  }

  @Test
  void everyBadRowAndFieldIsNamed() {
    CatalogueUploadException e = assertThrows(CatalogueUploadException.class, () -> csv(
        "articleNumber,name,price,vatRate,leadTimeDays\n"
            + "A-1,Papper,abc,25,2\n"
            + "A-2,Penna,-1,101,2.5\n"
            + "A-1,Igen,1,25,1\n"
            + ",Utan nummer,1,25,1\n"
            + "A-3,För få kolumner\n"));
    assertEquals(List.of(
        "row 2, price: 'abc' is not a number",
        "row 3, price: must be between 0 and 100000000",
        "row 3, vatRate: must be between 0 and 100",
        "row 3, leadTimeDays: must be a whole number of days from 0 to 3650",
        "row 6: 2 columns, the header has 5",
        "row 4, articleNumber: article A-1 appears twice",
        "row 5, articleNumber: required (CAT-01): every article needs a number"), problems(e));
    CatalogueUploadException h = assertThrows(CatalogueUploadException.class, () -> csv("sku,name\nA,B\n"));
    assertEquals(2, h.problems().size(), problems(h).toString());
    assertTrue(problems(h).get(0).startsWith("row 1, column 1: unknown column 'sku'"), problems(h).toString());
  }

  @Test
  void jsonProblemsArePointers() {
    CatalogueUploadException e = assertThrows(CatalogueUploadException.class, () -> json("""
        {"currency":"kronor","extra":1,"items":[{"articleNumber":"A-1","price":"x","colour":"red"},
         {"articleNumber":"A-2","name":{"a":1},"price":1.123456,"keywords":"not a list"}, 7]}"""));
    assertEquals(List.of(
        "/extra: unknown field",
        "/currency: must be an ISO 4217 code, e.g. SEK",
        "/items/0/colour: unknown field",
        "/items/0/price: 'x' is not a number",
        "/items/1/keywords: must be a list of words",
        "/items/1/name: must be text",
        "/items/1/price: at most 4 decimals",
        "/items/2: must be an object"), problems(e));
    assertEquals(List.of("/: not JSON: Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1])"),
        problems(assertThrows(CatalogueUploadException.class, () -> json("{"))).stream().map(s -> s.replaceAll("\\s+", " ")).toList());
  }

  @Test
  void limitsAreEnforced() {
    byte[] big = new byte[UploadLimits.MAX_BYTES + 1];
    assertEquals(List.of("/: larger than 2097152 bytes"),
        problems(assertThrows(CatalogueUploadException.class, () -> CatalogueUpload.read(big, UploadFormat.CSV, SHIPPED))));
    StringBuilder many = new StringBuilder("articleNumber\n");
    for (int i = 0; i <= UploadLimits.MAX_ARTICLES; i++) {
      many.append("A-").append(i).append('\n');
    }
    assertEquals(List.of("row 5002: more than 5000 articles"),
        problems(assertThrows(CatalogueUploadException.class, () -> csv(many.toString()))));
    String longName = "x".repeat(UploadLimits.MAX_TEXT + 1);
    assertEquals(List.of("row 2, name: longer than 500 characters"),
        problems(assertThrows(CatalogueUploadException.class, () -> csv("articleNumber,name\nA-1," + longName + "\n"))));
    assertEquals(List.of("row 2: a quoted field opened on line 2 is not closed"),
        problems(assertThrows(CatalogueUploadException.class, () -> csv("articleNumber,name\n\"A-1,x\n"))));
    assertEquals(List.of("/: empty: upload the whole catalogue"),
        problems(assertThrows(CatalogueUploadException.class, () -> csv(""))));
  }

  @Test
  void theDiffNamesAddedRemovedAndChangedFields() throws Exception {
    Catalogue before = new Catalogue("SEK", Map.of(), List.of(
        CatalogueCheckTest.item("A-1", "49.00", "25", "14111507", null, null),
        CatalogueCheckTest.item("A-2", "10", "25", "14111507", null, null),
        CatalogueCheckTest.item("A-3", "10", "25", "14111507", null, null)));
    Catalogue after = new Catalogue("SEK", Map.of(), List.of(
        CatalogueCheckTest.item("A-1", "49", "25", "14111507", null, null),
        CatalogueCheckTest.item("A-2", "12", "12", "14111507", "https://img.example.se/a.jpg", null),
        CatalogueCheckTest.item("A-4", "1", "25", "14111507", null, null)));
    CatalogueDiff d = CatalogueDiff.between(before, after);
    assertEquals(List.of("A-4"), d.added().stream().map(i -> i.articleNumber()).toList());
    assertEquals(List.of("A-3"), d.removed().stream().map(i -> i.articleNumber()).toList());
    assertEquals(1, d.changed().size(), "49.00 and 49 are the same price");
    assertEquals("A-2", d.changed().get(0).after().articleNumber());
    assertEquals(List.of("price", "vatRate", "imageUrl"), d.changed().get(0).fields());
    assertEquals("1 added, 1 removed, 1 changed", d.summary());
  }
}
