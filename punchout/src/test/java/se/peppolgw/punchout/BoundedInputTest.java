package se.peppolgw.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import se.peppolgw.punchout.support.BuyerSimulator;
import se.peppolgw.punchout.support.BuyerSimulator.Page;
import se.peppolgw.punchout.support.CxmlDtd;
import se.peppolgw.punchout.support.CxmlRequests;
import se.peppolgw.punchout.support.TestGateway;

/**
 * Every decimal the punch-out parses goes through one bounded parser: shop forms, OCI fields, cXML, the
 * configuration (the cart API: {@link CartApiTest}). Peppol punch-out reads no number at login (its cart is
 * only written), so it has no entry point here.
 */
class BoundedInputTest {
  private static final String FORTY = "1234567890123456789012345678901234567890";
  /** Hostile or malformed numbers and a word the refusal must contain. */
  private static final Map<String, String> BAD = new LinkedHashMap<>();

  static {
    BAD.put("1e100000", "exponent notation");
    BAD.put("1E5", "exponent notation");
    BAD.put(FORTY, "longer than 32 characters");
    BAD.put("-2", "greater than 0");
    BAD.put("NaN", "not a number");
    BAD.put("1.1234567", "at most 6 decimals");
  }

  private TestGateway gw;

  @BeforeEach
  void start() {
    gw = new TestGateway();
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  private Map<String, String> oci4() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("username", TestGateway.OCI4_USER);
    p.put("password", TestGateway.OCI4_SECRET);
    p.put("HOOK_URL", gw.returnUrl("oci4"));
    return p;
  }

  @Test
  void shopFormsRefuseUnboundedQuantitiesAndTheCartStaysAsItWas() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    Page shop = buyer.ociLogin("t-oci4", oci4(), true);
    for (Map.Entry<String, String> bad : BAD.entrySet()) {
      Page refused = buyer.add(shop, "300-4003", bad.getKey()); // KGM: fractions allowed, so the bound speaks
      assertEquals(400, refused.status(), bad.getKey());
      String error = refused.doc().selectFirst("#error").text();
      assertTrue(error.contains("quantity") && error.contains(bad.getValue()) && error.contains("Ingenting lades till"),
          bad.getKey() + " -> " + error);
      assertEquals(0, refused.doc().select("tr.line").size());
    }
    Page cart = buyer.add(shop, "300-4003", "1,5"); // a person may type a decimal comma
    assertEquals(1, cart.doc().select("tr.line").size());
    var update = cart.doc().selectFirst("tr.line form");
    for (Map.Entry<String, String> bad : BAD.entrySet()) {
      List<String[]> fields = new ArrayList<>(BuyerSimulator.formFields(update));
      fields.removeIf(f -> f[0].equals("quantity"));
      fields.add(new String[] {"quantity", bad.getKey()});
      Page refused = buyer.postForm(update.absUrl("action"), fields, StandardCharsets.UTF_8);
      assertEquals(400, refused.status(), bad.getKey());
      String error = refused.doc().selectFirst("#error").text();
      assertTrue(error.contains(bad.getValue()) && error.contains("Antalet ändrades inte"), bad.getKey() + " -> " + error);
      assertEquals("1.5", refused.doc().selectFirst("tr.line input[name=quantity]").val());
    }
  }

  @Test
  void ociValidateRefusesAnUnboundedQuantity() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    for (Map.Entry<String, String> bad : BAD.entrySet()) {
      Map<String, String> p = oci4();
      p.put("FUNCTION", "VALIDATE");
      p.put("PRODUCTID", "300-4003");
      p.put("QUANTITY", bad.getKey());
      Page refused = buyer.ociLogin("t-oci4", p, true);
      assertEquals(400, refused.status(), bad.getKey() + " -> " + refused.text());
      assertTrue(refused.text().contains("QUANTITY: quantity") && refused.text().contains(bad.getValue()), refused.text());
    }
    assertTrue(gw.returnEndpoint.received().isEmpty());
    assertEquals(BAD.size(), gw.events.sessionEvents().stream().filter(e -> "CANCELLED".equals(e.toState())).count());
  }

  private String cxmlStatus(String itemsOut) {
    Page answer = new BuyerSimulator(gw, false).postXml(gw.base + "/punchout/cxml", CxmlRequests.setup("edit", "NetworkID",
        "buyer-cxml", TestGateway.CXML_SECRET, "c", gw.returnUrl("cxml"), itemsOut));
    Element status = (Element) CxmlDtd.parse(new String(answer.body(), StandardCharsets.UTF_8)).getElementsByTagName("Status").item(0);
    return status.getAttribute("code") + " " + status.getAttribute("text");
  }

  private static String itemOut(String quantity, String price, String vat) {
    return "<ItemOut quantity=\"" + quantity + "\"><ItemID><SupplierPartID>100-2001</SupplierPartID></ItemID>"
        + "<ItemDetail><UnitPrice><Money currency=\"SEK\">" + price + "</Money></UnitPrice>"
        + "<Description xml:lang=\"sv\">Papper</Description><UnitOfMeasure>PK</UnitOfMeasure></ItemDetail>"
        + "<Tax><Money currency=\"SEK\">0</Money><Description xml:lang=\"sv\">Moms</Description>"
        + "<TaxDetail category=\"vat\" percentageRate=\"" + vat + "\"/></Tax></ItemOut>";
  }

  @Test
  void cxmlItemOutNumbersAreBounded() {
    assertTrue(cxmlStatus(itemOut("2", "49.00", "25")).startsWith("200"));
    for (Map.Entry<String, String> bad : BAD.entrySet()) {
      String q = cxmlStatus(itemOut(bad.getKey(), "49.00", "25"));
      assertTrue(q.startsWith("406") && q.contains("ItemOut 1: quantity: quantity") && q.contains(bad.getValue()), q);
      if (!bad.getKey().equals("-2")) {
        String p = cxmlStatus(itemOut("1", bad.getKey(), "25"));
        assertTrue(p.startsWith("406") && p.contains("UnitPrice/Money: price") && p.contains(bad.getValue()), p);
      }
    }
    String vat = cxmlStatus(itemOut("1", "49.00", "1e100000"));
    assertTrue(vat.startsWith("406") && vat.contains("TaxDetail/@percentageRate: VAT rate in exponent notation"), vat);
    assertTrue(cxmlStatus(itemOut("1", "49.00", "25.123")).contains("at most 2 decimals"));
    assertTrue(cxmlStatus(itemOut("1", "-0.01", "25")).contains("price must not be negative"));
    String lead = cxmlStatus(itemOut("1", "49.00", "25").replace("</ItemDetail>", "<LeadTime>" + FORTY + "</LeadTime></ItemDetail>"));
    assertTrue(lead.startsWith("406") && lead.contains("LeadTime"), lead);
  }

  // ---- configuration ----

  private static void writeConfig(Path dir, String catalogueItemPrice, String contractPrice) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Files.createDirectories(dir.resolve("buyers"));
    ObjectNode catalogue = json.createObjectNode();
    ArrayNode items = catalogue.putArray("items");
    items.addObject().put("articleNumber", "A1").put("name", "Artikel").put("unit", "EA").put("vatRate", 25)
        .putRawValue("price", new com.fasterxml.jackson.databind.util.RawValue(catalogueItemPrice));
    Files.writeString(dir.resolve("catalogue.json"), json.writeValueAsString(catalogue));
    Files.writeString(dir.resolve("buyers/b.json"), "{\"id\":\"b\",\"name\":\"B\",\"protocol\":\"OCI\",\"prices\":{\"A1\":"
        + contractPrice + "}}");
  }

  private static String loadFailure(Path dir) {
    RuntimeException e = assertThrows(RuntimeException.class, () -> new PunchoutGateway(
        PunchoutSettings.of(URI.create("https://gw.example.se"), dir), new InMemoryPunchoutEventLog()));
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append(" | ");
    }
    return all.toString();
  }

  @Test
  void configurationWithUnboundedNumbersDoesNotLoad(@TempDir Path tmp) throws IOException {
    int n = 0;
    for (Map.Entry<String, String> bad : BAD.entrySet()) {
      String value = bad.getKey().equals("NaN") ? "\"NaN\"" : bad.getKey();
      String expected = bad.getKey().equals("-2") ? "must not be negative" : bad.getValue();
      Path catalogueBad = tmp.resolve("c" + n++);
      writeConfig(catalogueBad, value, "10");
      String m = loadFailure(catalogueBad);
      assertTrue(m.contains("catalogue") && m.contains("price: price") && m.contains(expected), m);
      Path profileBad = tmp.resolve("p" + n++);
      writeConfig(profileBad, "10", value);
      m = loadFailure(profileBad);
      assertTrue(m.contains("buyer profile") && m.contains("A1: price") && m.contains(expected), m);
    }
    Path vat = tmp.resolve("vat");
    writeConfig(vat, "10", "10");
    Files.writeString(vat.resolve("catalogue.json"), Files.readString(vat.resolve("catalogue.json")).replace("25", "125"));
    assertTrue(loadFailure(vat).contains("vatRate: VAT rate must be between 0 and 100"), loadFailure(vat));
    // the parser itself is bounded too, whatever the target type (the records above stop binding earlier)
    ObjectMapper bounded = se.peppolgw.punchout.json.PunchoutJson.mapper();
    Exception deep = assertThrows(IOException.class, () -> bounded.readTree("[".repeat(5000) + "]".repeat(5000)));
    assertTrue(deep.getMessage().contains("nesting depth"), deep.getMessage());
    Exception longNumber = assertThrows(IOException.class, () -> bounded.readTree("[" + "9".repeat(65) + "]"));
    assertTrue(longNumber.getMessage().contains("Number value length"), longNumber.getMessage());
    Exception longString = assertThrows(IOException.class, () -> bounded.readTree("[\"" + "x".repeat(100_001) + "\"]"));
    assertTrue(longString.getMessage().contains("String value length"), longString.getMessage());
    Path fine = tmp.resolve("fine");
    writeConfig(fine, "0.123456", "18.9");
    new PunchoutGateway(PunchoutSettings.of(URI.create("https://gw.example.se"), fine), new InMemoryPunchoutEventLog());
  }
}
