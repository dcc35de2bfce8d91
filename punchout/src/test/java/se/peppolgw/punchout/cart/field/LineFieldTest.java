package se.peppolgw.punchout.cart.field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.catalogue.CatalogueItem;
import se.peppolgw.punchout.cxml.CxmlSetupRequestParser;
import se.peppolgw.punchout.i18n.ShopLanguage;
import se.peppolgw.punchout.i18n.ShopText;
import se.peppolgw.punchout.support.CxmlRequests;

/** The declarations are consistent, and their JSON and cXML reading keeps what they promise. */
class LineFieldTest {

  @Test
  void everyFieldHasItsLabelInBothLanguages() {
    for (LineField f : LineField.values()) {
      for (ShopLanguage language : ShopLanguage.values()) {
        String label = ShopText.of(language).get(f.label()); // throws when the bundle lacks the key
        assertFalse(label.isBlank(), f + " " + language);
      }
    }
    assertEquals("Manufacturer part number", ShopText.of(ShopLanguage.EN).get(LineField.MANUFACTURER_PART_NUMBER.label()));
  }

  @Test
  void namesAndPlacesAreUniqueAndNoNameShadowsATypedComponent() {
    Set<String> typed = new HashSet<>();
    for (Class<?> record : List.of(CartLine.class, CatalogueItem.class)) {
      Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).forEach(typed::add);
    }
    Set<String> json = new HashSet<>();
    Set<String> oci = new HashSet<>();
    Set<CxmlPlace> cxml = new HashSet<>();
    Set<UblSlot> ubl = new HashSet<>();
    for (LineField f : LineField.values()) {
      assertFalse(typed.contains(f.json()), f + " would never be read: a typed component has its name");
      assertTrue(json.add(f.json()), f.json());
      f.oci().ifPresent(p -> assertTrue(oci.add(p.name()), p.name()));
      f.cxml().ifPresent(p -> assertTrue(cxml.add(p), p.toString()));
      // UBL allows one StandardItemIdentification per item: one field per slot keeps every slot valid
      f.ubl().ifPresent(p -> assertTrue(ubl.add(p.slot()), p.toString()));
      assertFalse(f.words().isBlank());
    }
  }

  @Test
  void placesRefuseHalfDeclarations() {
    assertThrows(IllegalArgumentException.class, () -> new OciPlace("manufactmat", 40));
    assertThrows(IllegalArgumentException.class, () -> new OciPlace("MANUFACTMAT", 0));
    assertThrows(IllegalArgumentException.class, () -> new CxmlPlace(CxmlSlot.EXTRINSIC, null));
    assertThrows(IllegalArgumentException.class, () -> new CxmlPlace(CxmlSlot.MANUFACTURER_PART_ID, "GTIN"));
    assertThrows(IllegalArgumentException.class, () -> new UblPlace(UblSlot.STANDARD_ITEM_ID, " "));
    assertThrows(IllegalArgumentException.class, () -> new UblPlace(UblSlot.MANUFACTURERS_ITEM_ID, "0160"));
  }

  @Test
  void jsonPropertiesBecomeDetailsAndAnUnknownOneIsRefusedOrIgnoredAsAsked() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("gtin", 7310000000011L);
    props.put("manufacturerPartNumber", "PB-A4-80");
    props.put("manufacturer", null);
    LineDetails d = LineDetails.fromJson(props, LineDetails.Unknown.REFUSE);
    assertEquals("7310000000011", d.get(LineField.GTIN));
    assertEquals("PB-A4-80", d.get(LineField.MANUFACTURER_PART_NUMBER));
    assertNull(d.get(LineField.MANUFACTURER));
    assertEquals(List.of("manufacturerPartNumber", "gtin"), List.copyOf(d.byJsonName().keySet()), "declaration order");
    assertEquals("1000", LineDetails.fromJson(Map.of("gtin", new BigDecimal("1E+3")), LineDetails.Unknown.REFUSE)
        .get(LineField.GTIN));

    Map<String, Object> misspelt = Map.of("manufacturerPartNo", "X");
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> LineDetails.fromJson(misspelt, LineDetails.Unknown.REFUSE));
    assertTrue(refused.getMessage().startsWith("unknown field \"manufacturerPartNo\""), refused.getMessage());
    assertEquals(LineDetails.NONE, LineDetails.fromJson(misspelt, LineDetails.Unknown.IGNORE));
    IllegalArgumentException list = assertThrows(IllegalArgumentException.class,
        () -> LineDetails.fromJson(Map.of("gtin", List.of("1")), LineDetails.Unknown.IGNORE));
    assertEquals("field \"gtin\" must be text", list.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> LineDetails.fromJson(Map.of("manufacturer", Map.of("name", "X")), LineDetails.Unknown.REFUSE));
  }

  @Test
  void aLinesOwnValuesWinOverTheCataloguesWhenCompleted() {
    LineDetails own = LineDetails.of(Map.of(LineField.GTIN, "1"));
    LineDetails catalogue = LineDetails.of(Map.of(LineField.GTIN, "2", LineField.MANUFACTURER, "M"));
    LineDetails merged = own.orElse(catalogue);
    assertEquals("1", merged.get(LineField.GTIN));
    assertEquals("M", merged.get(LineField.MANUFACTURER));
    assertEquals(LineDetails.of(Map.of(LineField.GTIN, "1", LineField.MANUFACTURER, "M")), merged);
  }

  @Test
  void aCxmlEditRequestGivesTheFieldsBackFromWhereTheyWereSent() throws Exception {
    String itemOut = "<ItemOut quantity=\"2\"><ItemID><SupplierPartID>X-1</SupplierPartID>"
        + "<SupplierPartAuxiliaryID>L1</SupplierPartAuxiliaryID></ItemID><ItemDetail>"
        + "<UnitPrice><Money currency=\"SEK\">10</Money></UnitPrice><Description xml:lang=\"sv\">Namn</Description>"
        + "<UnitOfMeasure>EA</UnitOfMeasure><Classification domain=\"UNSPSC\">44121704</Classification>"
        + "<ManufacturerPartID> MPN-9 </ManufacturerPartID><ManufacturerName xml:lang=\"sv\">Tillverkaren AB</ManufacturerName>"
        + "<LeadTime>3</LeadTime><Extrinsic name=\"Colour\">red</Extrinsic><Extrinsic name=\"GTIN\">7310000000028</Extrinsic>"
        + "</ItemDetail></ItemOut>";
    byte[] request = CxmlRequests.setup("edit", "NetworkID", "buyer", "s", "c", "https://buyer.example/r", itemOut)
        .getBytes(StandardCharsets.UTF_8);
    CartLine line = new CxmlSetupRequestParser().parse(request).itemsOut().get(0);
    assertEquals(LineDetails.of(Map.of(LineField.MANUFACTURER_PART_NUMBER, "MPN-9", LineField.MANUFACTURER,
        "Tillverkaren AB", LineField.GTIN, "7310000000028")), line.details());
    assertEquals(3, line.leadTimeDays());
  }
}
