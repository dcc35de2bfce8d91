package se.peppolgw.punchout.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.field.LineDetails;
import se.peppolgw.punchout.cart.field.LineField;

/** A stored cart keeps the JSON shape it had before the line fields were declared, both ways. */
class StoredCartLineFieldsTest {
  private final SessionCodec codec = new SessionCodec();

  @Test
  void detailsAreStoredAsPlainPropertiesAndReadBack() {
    CartLine line = new CartLine("L1", "100-2001", "Papper", BigDecimal.ONE, "PK", new BigDecimal("49.00"), "SEK",
        new BigDecimal("25"), "14111507", 2, null,
        LineDetails.of(Map.of(LineField.GTIN, "7310000000011", LineField.MANUFACTURER_PART_NUMBER, "PB-A4-80")));
    String json = codec.cart(List.of(line));
    assertTrue(json.contains("\"manufacturerPartNumber\":\"PB-A4-80\",\"gtin\":\"7310000000011\""), json);
    assertTrue(!json.contains("details"), json);
    assertEquals(List.of(line), codec.cart(json));
  }

  @Test
  void aCartStoredBeforeTheChangeIsReadAndAFieldOnlyANewerNodeKnowsIsDropped() {
    String stored = "[{\"lineId\":\"L1\",\"articleNumber\":\"A\",\"name\":\"N\",\"quantity\":2,\"unit\":\"EA\","
        + "\"price\":10.5,\"currency\":\"SEK\",\"vatRate\":25,\"unspsc\":null,\"leadTimeDays\":null,"
        + "\"longDescription\":null,\"gtin\":\"7310000000028\",\"manufacturer\":\"M AB\",\"manufacturerPartNumber\":null,"
        + "\"countryOfOrigin\":\"SE\"}]";
    CartLine line = codec.cart(stored).get(0);
    assertEquals(LineDetails.of(Map.of(LineField.GTIN, "7310000000028", LineField.MANUFACTURER, "M AB")), line.details());
    assertEquals(new BigDecimal("10.5"), line.price());
  }
}
