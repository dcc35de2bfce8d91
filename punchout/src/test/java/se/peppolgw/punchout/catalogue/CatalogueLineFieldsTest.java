package se.peppolgw.punchout.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.field.LineField;
import se.peppolgw.punchout.json.PunchoutJson;

/** The catalogue's line fields: read by their declared names, carried onto the cart line, a misspelt one refused. */
class CatalogueLineFieldsTest {
  @TempDir
  Path dir;

  private Catalogue load(String item) throws IOException {
    Path file = dir.resolve("catalogue.json");
    Files.writeString(file, "{\"currency\":\"SEK\",\"items\":[{\"articleNumber\":\"A-1\",\"name\":\"Namn\","
        + "\"unit\":\"EA\",\"vatRate\":25" + item + "}]}", StandardCharsets.UTF_8);
    return Catalogue.load(file, PunchoutJson.mapper());
  }

  @Test
  void fieldsComeFromTheCatalogueOntoTheLine() throws IOException {
    Catalogue catalogue = load(",\"price\":12.5,\"manufacturer\":\"Tillverkaren AB\",\"gtin\":7310000000028");
    CatalogueItem item = catalogue.item("A-1").orElseThrow();
    CartLine line = item.toCartLine("L1", BigDecimal.ONE, "SEK");
    assertEquals("Tillverkaren AB", line.detail(LineField.MANUFACTURER));
    assertEquals("7310000000028", line.detail(LineField.GTIN));
    assertEquals(item.details(), line.details());
    // written back in the catalogue's own shape, and read again to the same article
    String json = PunchoutJson.mapper().writeValueAsString(item);
    assertTrue(json.contains("\"manufacturer\":\"Tillverkaren AB\",\"gtin\":\"7310000000028\""), json);
    assertEquals(item, PunchoutJson.mapper().readValue(json, CatalogueItem.class));
  }

  @Test
  void aMisspeltFieldStopsTheLoadNamingIt() {
    RuntimeException e = assertThrows(RuntimeException.class, () -> load(",\"price\":12.5,\"manufacturerPartNo\":\"X\""));
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertTrue(root.getMessage().contains("unknown field \"manufacturerPartNo\""), root.getMessage());
  }

  @Test
  void aPriceStillGoesThroughItsBoundedReader() {
    RuntimeException e = assertThrows(RuntimeException.class, () -> load(",\"gtin\":\"1\",\"price\":1e400"));
    assertTrue(e.getMessage().contains("catalogue"), e.getMessage());
  }
}
