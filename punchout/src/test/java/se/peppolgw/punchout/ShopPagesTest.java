package se.peppolgw.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import se.peppolgw.punchout.session.SessionState;
import se.peppolgw.punchout.support.BuyerSimulator;
import se.peppolgw.punchout.support.BuyerSimulator.Page;
import se.peppolgw.punchout.support.BuyerSimulator.TransferForm;
import se.peppolgw.punchout.support.CxmlDtd;
import se.peppolgw.punchout.support.CxmlRequests;
import se.peppolgw.punchout.support.TestGateway;

/** The built-in shop's pages over real HTTP: language, prices, units, product page, add/checkout/cancel flows. */
class ShopPagesTest {
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

  private Page oci(String buyerId, String returnName) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("username", TestGateway.OCI4_USER);
    p.put("password", TestGateway.OCI4_SECRET);
    p.put("HOOK_URL", gw.returnUrl(returnName));
    p.put("~OkCode", "ADDI");
    return buyer.ociLogin(buyerId, p, true);
  }

  private static String plain(String s) {
    return s.replace('\u00a0', ' ');
  }

  private static String priceOf(Page page, String article) {
    return plain(page.doc().selectFirst("tr[data-article=" + article + "] td.price").text());
  }

  @Test
  void aSwedishBuyerGetsASwedishShop() {
    Page shop = oci("t-oci4", "oci4");
    assertEquals(200, shop.status(), shop.text());
    assertEquals("sv", shop.doc().selectFirst("html").attr("lang"));
    assertEquals("Katalog", shop.doc().title());
    assertEquals("49,00 kr", priceOf(shop, "100-2001"));
    assertEquals("0,123456 kr", priceOf(shop, "T-DEC"), "a unit price keeps the catalogue's decimals");
    assertEquals("förpackning", shop.doc().selectFirst("tr[data-article=100-2001] td.unit").text());
    assertEquals("timme", shop.doc().selectFirst("tr[data-article=500-6001] td.unit").text());
    assertEquals("Lägg i varukorgen", shop.doc().selectFirst("tr[data-article=100-2001] form.add button").text());
    assertFalse(shop.text().contains("Add to cart"));
  }

  @Test
  void anEnglishBuyerGetsAnEnglishShop() {
    Page shop = oci("t-oci-en", "oci-en");
    assertEquals("en", shop.doc().selectFirst("html").attr("lang"));
    assertEquals("Catalogue", shop.doc().title());
    assertEquals("SEK 49.00", priceOf(shop, "100-2001"));
    assertEquals("pack", shop.doc().selectFirst("tr[data-article=100-2001] td.unit").text());
    assertEquals("box", shop.doc().selectFirst("tr[data-article=100-2004] td.unit").text());
    assertEquals("Add to cart", shop.doc().selectFirst("tr[data-article=100-2001] form.add button").text());
    Page cart = buyer.add(shop, "100-2001", "3");
    assertEquals("Cart", cart.doc().title());
    assertEquals("SEK 147.00", plain(cart.doc().selectFirst("#total").text()));
    Page results = buyer.search(shop, "kaffe");
    assertEquals("Search: kaffe", results.doc().title());
  }

  @Test
  void amountsAreRoundedPerLineAndTheTotalIsTheirSum() {
    Page shop = oci("t-oci4", "oci4");
    buyer.add(shop, "T-DEC", "7"); // 7 x 0.123456 = 0.864192 -> 0,86
    Page cart = buyer.add(shop, "400-5001", "3"); // 3 x 7.125 = 21.375 -> 21,38 (half-up)
    List<String> amounts = cart.doc().select("td.line-amount").eachText().stream().map(ShopPagesTest::plain).toList();
    assertEquals(List.of("0,86 kr", "21,38 kr"), amounts);
    assertEquals("22,24 kr", plain(cart.doc().selectFirst("#total").text()));
  }

  @Test
  void theProductPageShowsWhatABuyerNeedsAndImagesComeFromTheCatalogue() {
    Page shop = oci("t-oci4", "oci4");
    Page product = buyer.get(shop.doc().selectFirst("tr[data-article=100-2001] a.product-link").absUrl("href"));
    assertEquals(200, product.status());
    assertEquals("Kopieringspapper A4 80 g, 500 ark", product.doc().selectFirst("#product-name").text());
    assertEquals("49,00 kr per förpackning", plain(product.doc().selectFirst("#product-price").text()));
    assertEquals("Vitt kopieringspapper för laser och bläckstråle, FSC-märkt.", product.doc().selectFirst(".long-description").text());
    assertEquals("Papperbruket AB", product.doc().selectFirst("#manufacturer").text());
    assertEquals("7310000000011", product.doc().selectFirst("#gtin").text());
    assertEquals("https://images.example.se/sheets/100-2001.pdf", product.doc().selectFirst("#product-sheet").attr("href"));
    assertEquals("https://images.example.se/catalogue/100-2001.jpg", product.doc().selectFirst("img.product").attr("src"));
    assertEquals("https://images.example.se/catalogue/100-2001.jpg", shop.doc().selectFirst("tr[data-article=100-2001] img.thumb").attr("src"));
    String csp = headers(product.url()).firstValue("Content-Security-Policy").orElseThrow();
    assertTrue(csp.contains("img-src 'self' https:"), csp);
    assertFalse(csp.contains("script-src"), "the shop pages run no script: " + csp);
    assertTrue(product.doc().select("script").isEmpty());
    Page missing = buyer.get(product.url().replace("/product/100-2001", "/product/NO-SUCH"));
    assertEquals(404, missing.status());
    assertEquals("Artikeln finns inte", missing.doc().selectFirst("h1").text());
  }

  private java.net.http.HttpHeaders headers(String url) {
    HttpResponse<byte[]> r = buyer.raw(HttpRequest.newBuilder(URI.create(url)).GET().build());
    return r.headers();
  }

  @Test
  void addToCartReturnsToThePageTheBuyerWasOn() {
    Page shop = oci("t-oci4", "oci4");
    // from the product page
    Page product = buyer.get(shop.doc().selectFirst("tr[data-article=100-2002] a.product-link").absUrl("href"));
    Page back = buyer.addStaying(product, "100-2002", "2");
    assertTrue(back.url().contains("/shop/product/100-2002?"), back.url());
    assertEquals("Lagt i varukorgen: Kulspetspenna blå, medium", back.doc().selectFirst("#added").text());
    assertEquals("Varukorg (1)", back.doc().selectFirst("#cart-link").text());
    // from a search result: the same search again
    Page results = buyer.search(shop, "kaffe");
    back = buyer.addStaying(results, "300-4001", "1");
    assertEquals("Sök: kaffe", back.doc().title());
    assertNotNull(back.doc().selectFirst("tr[data-article=300-4001]"));
    // from a category
    Page category = buyer.get(shop.doc().selectFirst("#categories a").absUrl("href"));
    back = buyer.addStaying(category, category.doc().selectFirst("input[name=article]").val(), "1");
    assertEquals(category.doc().title(), back.doc().title());
    assertEquals(3, buyer.openCart(back).doc().select("tr.line").size());
  }

  @Test
  void addToCartNeverRedirectsOutsideTheShop() {
    Page shop = oci("t-oci4", "oci4");
    for (String evil : List.of("https://evil.example/", "//evil.example/x", "/../../punchout/api", "/product/a?x=1#y", "")) {
      Element form = shop.doc().selectFirst("tr[data-article=100-2001] form.add");
      List<String[]> fields = new ArrayList<>(BuyerSimulator.formFields(form));
      fields.removeIf(f -> f[0].equals("back"));
      fields.add(new String[] {"back", evil});
      HttpResponse<byte[]> r = buyer.raw(HttpRequest.newBuilder(URI.create(form.absUrl("action")))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(BuyerSimulator.encode(fields, StandardCharsets.UTF_8))).build());
      assertEquals(303, r.statusCode());
      String location = r.headers().firstValue("Location").orElseThrow();
      assertTrue(location.startsWith(gw.base + "/shop/?"), evil + " -> " + location);
    }
  }

  @Test
  void anEmptyCartCannotBeCheckedOut() {
    Page shop = oci("t-oci4", "oci4");
    Page cart = buyer.openCart(shop);
    assertNotNull(cart.doc().selectFirst("#cart-empty"));
    assertTrue(cart.doc().selectFirst("#checkout-button").hasAttr("disabled"), "the button is disabled");
    Page refused = buyer.checkout(cart); // posted anyway (another tab, a script)
    assertEquals(422, refused.status());
    assertEquals("Varukorgen är tom: lägg till minst en artikel innan du skickar den.", refused.doc().selectFirst("#error").text());
    assertTrue(refused.doc().select("form#punchout-return").isEmpty());
    assertTrue(gw.events.transfers().isEmpty(), "nothing was rendered or logged");
    // with a line the button is enabled again
    Page filled = buyer.add(shop, "100-2001", "1");
    assertFalse(filled.doc().selectFirst("#checkout-button").hasAttr("disabled"));
  }

  @Test
  void cancelInOciPostsAnEmptyCartToTheHookUrl() {
    Page shop = oci("t-oci-en", "oci-en");
    Page cart = buyer.add(shop, "100-2001", "2");
    assertEquals("Cancel sends an empty cart back to your procurement system.", cart.doc().selectFirst("#cancel-hint").text());
    Page cancelled = cancel(cart);
    assertEquals("Cancelling punch-out", cancelled.doc().title());
    TransferForm form = BuyerSimulator.transferForm(cancelled);
    assertTrue(form.hasAutoSubmitScript() && form.hasNoscriptButton());
    assertEquals("ADDI", form.field("~OkCode"));
    assertEquals(0, form.count("NEW_ITEM-"));
    var received = buyer.submit(form);
    assertNull(received.field(StandardCharsets.UTF_8, "NEW_ITEM-VENDORMAT[1]"));
    assertEquals("ADDI", received.field(StandardCharsets.UTF_8, "~OkCode"));
    assertEquals(SessionState.CANCELLED, gw.gateway.sessions().findById(sessionId(cart)).orElseThrow().state());
    assertEquals("CANCELLED", gw.events.transfers().get(0).outcome());
    assertEquals(0, gw.events.transfers().get(0).lineCount());
    // a second cancel (back button) is refused: the session is closed
    assertEquals(410, cancel(cart).status());
  }

  private Page cancel(Page cart) {
    Element form = cart.doc().selectFirst("form#cancel");
    return buyer.postForm(form.absUrl("action"), BuyerSimulator.formFields(form), StandardCharsets.UTF_8);
  }

  private static String sessionId(Page page) {
    return page.url().replaceAll(".*[?&]s=([0-9a-f]+).*", "$1");
  }

  private String cxmlStart(String operation, String itemsOut) {
    Page answer = buyer.postXml(gw.base + "/punchout/cxml", CxmlRequests.setup(operation, "NetworkID", "buyer-cxml",
        TestGateway.CXML_SECRET, "cookie-" + operation, gw.returnUrl("cxml"), itemsOut));
    Document d = CxmlDtd.parse(new String(answer.body(), StandardCharsets.UTF_8));
    return d.getElementsByTagName("URL").item(0).getTextContent();
  }

  private static Document orderMessage(TransferForm form) {
    String xml = new String(Base64.getDecoder().decode(form.field("cxml-base64")), StandardCharsets.UTF_8);
    assertEquals(List.of(), CxmlDtd.validate(xml), xml);
    return CxmlDtd.parse(xml);
  }

  @Test
  void cancelInACxmlCreateSessionSendsAnEmptyPunchOutOrderMessage() {
    Page shop = buyer.get(cxmlStart("create", null));
    Page cart = buyer.add(shop, "100-2001", "2");
    Document message = orderMessage(BuyerSimulator.transferForm(cancel(cart)));
    assertEquals(0, message.getElementsByTagName("ItemIn").getLength());
    assertEquals("cookie-create", message.getElementsByTagName("BuyerCookie").item(0).getTextContent());
    assertEquals("0.00", message.getElementsByTagName("Total").item(0).getTextContent().trim());
  }

  @Test
  void aCxmlEditLandsOnTheCartAndItsCancelSendsNothing() {
    // a cart to edit: create and check out first
    Page shop = buyer.get(cxmlStart("create", null));
    buyer.add(shop, "T-DEC", "7");
    Page created = buyer.add(shop, "400-5001", "3");
    Document first = orderMessage(BuyerSimulator.transferForm(buyer.checkout(created)));
    assertEquals("21.38", ((org.w3c.dom.Element) first.getElementsByTagName("ItemIn").item(1))
        .getElementsByTagName("TaxableAmount").item(0).getTextContent().trim(), "line amount rounded half-up");
    assertEquals("22.24", first.getElementsByTagName("Total").item(0).getTextContent().trim(), "sum of the rounded lines");
    StringBuilder itemsOut = new StringBuilder();
    for (int i = 0; i < first.getElementsByTagName("ItemIn").getLength(); i++) {
      org.w3c.dom.Element in = (org.w3c.dom.Element) first.getElementsByTagName("ItemIn").item(i);
      itemsOut.append("<ItemOut quantity=\"").append(in.getAttribute("quantity")).append("\"><ItemID><SupplierPartID>")
          .append(in.getElementsByTagName("SupplierPartID").item(0).getTextContent()).append("</SupplierPartID><SupplierPartAuxiliaryID>")
          .append(in.getElementsByTagName("SupplierPartAuxiliaryID").item(0).getTextContent())
          .append("</SupplierPartAuxiliaryID></ItemID></ItemOut>\n");
    }
    Page edit = buyer.get(cxmlStart("edit", itemsOut.toString()));
    assertTrue(edit.url().contains("/shop/cart?"), edit.url());
    assertEquals(2, edit.doc().select("tr.line").size(), edit.text());
    assertEquals("Avbryt stänger butiken utan att skicka något; det ni redan har i ert inköpssystem ändras inte.",
        edit.doc().selectFirst("#cancel-hint").text());
    Page cancelled = cancel(edit);
    assertEquals(200, cancelled.status());
    assertTrue(cancelled.doc().select("form#punchout-return").isEmpty(), "an empty edit message would delete the lines");
    assertEquals("Punch-out avbruten", cancelled.doc().title());
    assertEquals("CANCELLED", gw.events.transfers().get(gw.events.transfers().size() - 1).outcome());
  }

  @Test
  void cancelInPeppolPunchOutSendsNothingBecauseACartNeedsALine() {
    Map<String, String> login = new LinkedHashMap<>();
    login.put("username", TestGateway.PEPPOL_USER);
    login.put("password", TestGateway.PEPPOL_SECRET);
    login.put("returnUrl", gw.returnUrl("peppol"));
    Page shop = buyer.peppolLogin("t-peppol", login);
    Page cart = buyer.add(shop, "100-2001", "1");
    Page cancelled = cancel(cart);
    assertEquals(200, cancelled.status());
    assertTrue(cancelled.doc().select("form#punchout-return").isEmpty());
    assertEquals(SessionState.CANCELLED, gw.gateway.sessions().findById(sessionId(cart)).orElseThrow().state());
  }
}
