package se.peppolgw.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import se.peppolgw.punchout.support.BuyerSimulator;
import se.peppolgw.punchout.support.BuyerSimulator.Page;
import se.peppolgw.punchout.support.BuyerSimulator.TransferForm;
import se.peppolgw.punchout.support.CxmlDtd;
import se.peppolgw.punchout.support.PeppolRules;
import se.peppolgw.punchout.support.ReturnEndpoint;
import se.peppolgw.punchout.support.TestGateway;

class PeppolPunchoutTest {
  private static TestGateway gw;

  @BeforeAll
  static void start() {
    gw = new TestGateway();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void theValidatorAcceptsTheOfficialExampleAndRejectsABrokenCart() throws Exception {
    byte[] example = Files.readAllBytes(CxmlDtd.sharedDir().resolve("testdata/peppol-bis/poacc/PunchOut_Example.xml"));
    assertEquals(List.of(), PeppolRules.errors(example));
    String broken = new String(example, StandardCharsets.ISO_8859_1).replaceFirst("<cbc:Percent>18</cbc:Percent>", "");
    assertFalse(PeppolRules.errors(broken.getBytes(StandardCharsets.ISO_8859_1)).isEmpty());
  }

  @Test
  void peppolPunchOutRoundTripIsAValidT77Cart() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    Map<String, String> login = new LinkedHashMap<>();
    login.put("username", TestGateway.PEPPOL_USER);
    login.put("password", TestGateway.PEPPOL_SECRET);
    login.put("returnUrl", gw.returnUrl("peppol"));
    login.put("buyerReference", "Beställare Åsa 42");
    Page shop = buyer.peppolLogin("t-peppol", login);
    assertEquals(200, shop.status(), shop.text());
    Page results = buyer.search(shop, "tårta");
    assertEquals(1, results.doc().select("tr[data-article]").size(), results.text());
    buyer.add(results, "T-EMOJI", "1");
    buyer.add(shop, "T-DEC", "250");
    Page cart = buyer.add(shop, "300-4003", "2.5");
    TransferForm form = BuyerSimulator.transferForm(buyer.checkout(cart));
    assertEquals(gw.returnUrl("peppol"), form.action());
    String b64 = form.field("cart");
    assertNotNull(b64);
    byte[] xml = Base64.getDecoder().decode(b64);
    assertEquals(List.of(), PeppolRules.errors(xml), new String(xml, StandardCharsets.UTF_8));

    Document doc = CxmlDtd.parse(new String(xml, StandardCharsets.UTF_8));
    assertEquals("urn:fdc:peppol.eu:poacc:trns:punch_out:3", text(doc, "cbc:CustomizationID"));
    assertEquals("urn:fdc:peppol.eu:poacc:bis:punch_out:3", text(doc, "cbc:ProfileID"));
    assertEquals("Beställare Åsa 42", text(doc, "cbc:ID", "cac:Contact"));
    assertEquals("Smörgåstårta 🎂 ÅÄÖ åäö – ½", text(doc, "cbc:Name", "cac:Item"));
    assertEquals("0.123456", doc.getElementsByTagName("cbc:PriceAmount").item(1).getTextContent());
    Element batch = (Element) doc.getElementsByTagName("cbc:BatchQuantity").item(2);
    assertEquals("2.5", batch.getTextContent());
    assertEquals("KGM", batch.getAttribute("unitCode"));
    assertEquals("12", doc.getElementsByTagName("cbc:Percent").item(0).getTextContent());
    assertEquals("TST", ((Element) doc.getElementsByTagName("cbc:ItemClassificationCode").item(0)).getAttribute("listID"));

    ReturnEndpoint.Received received = buyer.submit(form);
    assertTrue(new String(Base64.getDecoder().decode(received.field(StandardCharsets.UTF_8, "cart")), StandardCharsets.UTF_8)
        .contains("Smörgåstårta 🎂"));
  }

  private static String text(Document d, String tag) {
    return d.getElementsByTagName(tag).item(0).getTextContent();
  }

  private static String text(Document d, String tag, String parentTag) {
    Element parent = (Element) d.getElementsByTagName(parentTag).item(0);
    return parent.getElementsByTagName(tag).item(0).getTextContent();
  }
}
