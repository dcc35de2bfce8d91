package se.peppolgw.ap.catalogue;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.validation.PeppolBisValidator;
import se.peppolgw.ap.validation.ValidationReport;
import se.peppolgw.punchout.catalogue.Catalogue;

class BisCatalogueBuilderTest {
  static final PeppolBisValidator VALIDATOR = new PeppolBisValidator();

  @Test
  void theShippedCatalogueBecomesAValidBisCatalogue() throws Exception {
    Catalogue shipped = Catalogue.load(Path.of("..", "config", "punchout", "catalogue.json"), Json.MAPPER);
    byte[] xml = new BisCatalogueBuilder().build(shipped, "CAT-3-0007-2321000131", 3, "0007:5567212344",
        "Kontorsleveranser AB", "0007:2321000131", "Västra Götalandsregionen", LocalDate.of(2026, 12, 6));
    String s = new String(xml, StandardCharsets.UTF_8);
    ValidationReport r = VALIDATOR.validate("Catalogue", BisCatalogueBuilder.CUSTOMIZATION, xml);
    assertTrue(r.isValid(), r.errors() + "\n" + s);
    assertTrue(s.contains("<cbc:ActionCode>Replace</cbc:ActionCode>") && s.contains("100-2001")
        && s.contains(BisCatalogueBuilder.PROFILE), s);
  }
}
