package se.peppolgw.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import se.peppolgw.punchout.support.BuyerSimulator;
import se.peppolgw.punchout.support.BuyerSimulator.Page;
import se.peppolgw.punchout.support.BuyerSimulator.TransferForm;
import se.peppolgw.punchout.support.CxmlDtd;
import se.peppolgw.punchout.support.CxmlRequests;
import se.peppolgw.punchout.support.TestGateway;

/**
 * For a built-in-shop buyer, price, VAT rate, unit and name always come from the catalogue and the buyer's
 * contract: whatever extra fields a browser adds to the shop's forms, whatever an edit request's ItemOut says.
 */
class BuiltInShopPricesTest {
  private TestGateway gw;
  private BuyerSimulator buyer;

  @BeforeEach
  void start() {
    gw = new TestGateway();
    buyer = new BuyerSimulator(gw, true);
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  /** The fields of a shop form plus everything a tampering browser might add. */
  private static List<String[]> tampered(Element form, String quantity) {
    List<String[]> fields = new ArrayList<>(BuyerSimulator.formFields(form));
    fields.removeIf(f -> f[0].equals("quantity"));
    fields.add(new String[] {"quantity", quantity});
    for (String[] extra : new String[][] {{"price", "0.01"}, {"PRICE", "0.01"}, {"vatRate", "0"}, {"vat", "0"},
        {"unit", "KGM"}, {"name", "Gratis"}, {"description", "Gratis"}, {"currency", "EUR"}, {"priceunit", "1000"},
        {"NEW_ITEM-PRICE[1]", "0.01"}, {"line-price", "0.01"}}) {
      fields.add(extra);
    }
    return fields;
  }

  private Page addTampered(Page page, String article, String quantity) {
    Element form = page.doc().select("form.add").stream()
        .filter(f -> article.equals(f.select("input[name=article]").val())).findFirst().orElseThrow();
    Page after = buyer.postForm(form.absUrl("action"), tampered(form, quantity), StandardCharsets.UTF_8);
    // "Add to cart" returns to the page the buyer was on
    return after.url().contains("/shop/cart") ? after : buyer.openCart(after);
  }

  @Test
  void tamperedOciShopFormsYieldTheCataloguePrice() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("username", TestGateway.OCI4_USER);
    p.put("password", TestGateway.OCI4_SECRET);
    p.put("HOOK_URL", gw.returnUrl("oci4"));
    Page shop = buyer.ociLogin("t-oci4", p, true);
    addTampered(shop, "100-2001", "2");
    Page cart = addTampered(shop, "100-2002", "1");
    // the update form as well
    Element update = cart.doc().select("tr.line").get(1).selectFirst("form");
    cart = buyer.postForm(update.absUrl("action"), tampered(update, "3"), StandardCharsets.UTF_8);
    assertEquals(2, cart.doc().select("tr.line").size(), cart.text());
    assertEquals(0, cart.doc().select("#problems").size(), cart.text());
    TransferForm form = BuyerSimulator.transferForm(buyer.checkout(cart));
    assertEquals("49.00", form.field("NEW_ITEM-PRICE[1]"));
    assertEquals("PK", form.field("NEW_ITEM-UNIT[1]"));
    assertEquals("25", form.field("NEW_ITEM-TAX_RATE[1]"));
    assertEquals("SEK", form.field("NEW_ITEM-CURRENCY[1]"));
    assertEquals("Kopieringspapper A4 80 g, 500 ark", form.field("NEW_ITEM-DESCRIPTION[1]"));
    assertEquals("21.50", form.field("NEW_ITEM-PRICE[2]"));
    assertEquals("3", form.field("NEW_ITEM-QUANTITY[2]"));
    assertEquals("EA", form.field("NEW_ITEM-UNIT[2]"));
    assertEquals(null, form.field("NEW_ITEM-PRICEUNIT[1]"));
  }

  private static String status(Document d) {
    return ((org.w3c.dom.Element) d.getElementsByTagName("Status").item(0)).getAttribute("code");
  }

  private String startUrl(String operation, String itemsOut) {
    Page answer = buyer.postXml(gw.base + "/punchout/cxml", CxmlRequests.setup(operation, "NetworkID", "buyer-cxml",
        TestGateway.CXML_SECRET, "c", gw.returnUrl("cxml"), itemsOut));
    Document d = CxmlDtd.parse(new String(answer.body(), StandardCharsets.UTF_8));
    assertEquals("200", status(d));
    return d.getElementsByTagName("URL").item(0).getTextContent();
  }

  private static Document orderMessage(TransferForm form) {
    String xml = new String(Base64.getDecoder().decode(form.field("cxml-base64")), StandardCharsets.UTF_8);
    assertEquals(List.of(), CxmlDtd.validate(xml), xml);
    return CxmlDtd.parse(xml);
  }

  private static String text(org.w3c.dom.Element parent, String tag) {
    return parent.getElementsByTagName(tag).item(0).getTextContent();
  }

  @Test
  void tamperedCxmlShopFormsYieldTheCataloguePrice() {
    Page shop = buyer.get(startUrl("create", null));
    Page cart = addTampered(shop, "100-2001", "2");
    Document poom = orderMessage(BuyerSimulator.transferForm(buyer.checkout(cart)));
    org.w3c.dom.Element item = (org.w3c.dom.Element) poom.getElementsByTagName("ItemIn").item(0);
    assertEquals("49", text(item, "Money"));
    assertEquals("SEK", ((org.w3c.dom.Element) item.getElementsByTagName("Money").item(0)).getAttribute("currency"));
    assertEquals("PK", text(item, "UnitOfMeasure"));
    assertEquals("25", ((org.w3c.dom.Element) item.getElementsByTagName("TaxDetail").item(0)).getAttribute("percentageRate"));
    assertEquals("Kopieringspapper A4 80 g, 500 ark", text(item, "ShortName"));
  }

  private static String itemOut(String article, String quantity, String price, String unit, String vat) {
    return "<ItemOut quantity=\"" + quantity + "\"><ItemID><SupplierPartID>" + article + "</SupplierPartID>"
        + "<SupplierPartAuxiliaryID>L-" + article + "</SupplierPartAuxiliaryID></ItemID>"
        + "<ItemDetail><UnitPrice><Money currency=\"EUR\">" + price + "</Money></UnitPrice>"
        + "<Description xml:lang=\"sv\">Gratis<ShortName>Gratis</ShortName></Description><UnitOfMeasure>" + unit
        + "</UnitOfMeasure></ItemDetail><Tax><Money currency=\"EUR\">0</Money><Description xml:lang=\"sv\">Moms</Description>"
        + "<TaxDetail category=\"vat\" percentageRate=\"" + vat + "\"/></Tax></ItemOut>\n";
  }

  @Test
  void anEditCartIsRepricedFromTheCatalogueAndUnknownArticlesCannotBeSent() {
    String lines = itemOut("100-2001", "2", "0.01", "EA", "0") + itemOut("NO-SUCH-ARTICLE", "1", "0.00", "EA", "25");
    Page cart = buyer.openCart(buyer.get(startUrl("edit", lines)));
    assertEquals(2, cart.doc().select("tr.line").size(), cart.text());
    String problems = cart.doc().selectFirst("#problems").text();
    assertTrue(problems.contains("Line 2 (NO-SUCH-ARTICLE): article is not in the catalogue"), problems);
    Page refused = buyer.checkout(cart);
    assertEquals(422, refused.status(), refused.text());
    assertTrue(gw.returnEndpoint.received().isEmpty());

    // remove the unknown line: the rest goes out at the catalogue's price, unit, VAT rate and name
    Element remove = cart.doc().select("tr.line").get(1).select("form").last();
    Page after = buyer.postForm(remove.absUrl("action"), BuyerSimulator.formFields(remove), StandardCharsets.UTF_8);
    Document poom = orderMessage(BuyerSimulator.transferForm(buyer.checkout(after)));
    org.w3c.dom.Element item = (org.w3c.dom.Element) poom.getElementsByTagName("ItemIn").item(0);
    assertEquals("2", item.getAttribute("quantity"), "the quantity is the buyer's");
    assertEquals("L-100-2001", text(item, "SupplierPartAuxiliaryID"), "so is the line id");
    assertEquals("49", text(item, "Money"));
    assertEquals("SEK", ((org.w3c.dom.Element) item.getElementsByTagName("Money").item(0)).getAttribute("currency"));
    assertEquals("PK", text(item, "UnitOfMeasure"));
    assertEquals("25", ((org.w3c.dom.Element) item.getElementsByTagName("TaxDetail").item(0)).getAttribute("percentageRate"));
    assertEquals("Kopieringspapper A4 80 g, 500 ark", text(item, "ShortName"));
  }
}
