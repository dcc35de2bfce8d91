package se.peppolgw.punchout.peppol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import se.peppolgw.punchout.buyer.BuyerProfile;
import se.peppolgw.punchout.buyer.SupplierIdentity;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.UnitCodes;
import se.peppolgw.punchout.support.PeppolRules;

/** Every unit the shop accepts gives a valid T77 cart (the Peppol code list wants Rec 21 packages X-prefixed). */
class PeppolCartUnitsTest {
  @Test
  void everyAcceptedUnitIsInThePeppolCodeList() throws Exception {
    BuyerProfile buyer = new ObjectMapper().readValue("{\"id\":\"b\",\"name\":\"B\",\"protocol\":\"PEPPOL\","
        + "\"protocolVersion\":\"3\",\"peppol\":{\"receiverEndpointScheme\":\"0007\",\"receiverEndpointId\":\"2321000016\"}}",
        BuyerProfile.class);
    List<CartLine> lines = new ArrayList<>();
    for (String unit : new TreeSet<>(UnitCodes.known())) {
      lines.add(new CartLine("L-" + unit, "A-" + unit, "Artikel " + unit, BigDecimal.ONE, unit, BigDecimal.TEN, "SEK",
          new BigDecimal("25"), null, null, null, null));
    }
    String xml = new PeppolCartDocument(Clock.systemUTC()).render("cart-1", new SupplierIdentity("Leverantören AB",
        "0007", "5567321707", null, null, null), buyer, null, lines);
    assertEquals(List.of(), PeppolRules.errors(xml.getBytes(StandardCharsets.UTF_8)), xml);
    assertTrue(xml.contains("<cbc:BatchQuantity unitCode=\"XPK\">1</cbc:BatchQuantity>"), xml);
    assertTrue(xml.contains("<cbc:BatchQuantity unitCode=\"EA\">1</cbc:BatchQuantity>"), xml);
  }
}
