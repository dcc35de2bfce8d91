package se.peppolgw.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.peppolgw.punchout.support.BuyerSimulator;
import se.peppolgw.punchout.support.BuyerSimulator.Page;
import se.peppolgw.punchout.support.BuyerSimulator.TransferForm;
import se.peppolgw.punchout.support.CartJson;
import se.peppolgw.punchout.support.CxmlDtd;
import se.peppolgw.punchout.support.CxmlRequests;
import se.peppolgw.punchout.support.ReturnEndpoint;
import se.peppolgw.punchout.support.TestGateway;

/**
 * The supplier's own shop: the start redirect hands it the session id, it posts the cart server to server with
 * its own API secret, then sends the browser to the transfer URL. Built-in-shop buyers and the browser's
 * session secret are refused; under {@code priceCheck: CATALOGUE} every line must match the contract.
 */
class CartApiTest {
  private final ObjectMapper json = new ObjectMapper();
  private TestGateway gw;

  @BeforeEach
  void start() {
    gw = new TestGateway();
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  /** What the start redirect hands the external shop, plus the secret the browser holds. */
  record ShopSession(String id, String transferUrl, String browserSecret, String location) {
  }

  private ShopSession ociShopSession(BuyerSimulator buyer, String buyerId, String returnName) {
    HttpResponse<byte[]> login = buyer.raw(ociLogin(buyerId, gw.returnUrl(returnName)));
    assertEquals(303, login.statusCode(), new String(login.body(), StandardCharsets.UTF_8));
    return fromStart(buyer, login.headers().firstValue("Location").orElseThrow());
  }

  private HttpRequest ociLogin(String buyerId, String hookUrl) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("username", TestGateway.OCI4_USER);
    p.put("password", TestGateway.OCI4_SECRET);
    p.put("HOOK_URL", hookUrl);
    return HttpRequest.newBuilder(URI.create(gw.base + "/punchout/oci/" + buyerId))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(BuyerSimulator.encode(
            p.entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue()}).toList(), StandardCharsets.UTF_8))).build();
  }

  private ShopSession fromStart(BuyerSimulator buyer, String startUrl) {
    HttpResponse<byte[]> start = buyer.raw(HttpRequest.newBuilder(URI.create(startUrl)).GET().build());
    String location = start.headers().firstValue("Location").orElseThrow();
    String id = location.replaceAll(".*[?&]punchout_session=([0-9a-f]+).*", "$1");
    String transfer = URLDecoder.decode(location.replaceAll(".*[?&]punchout_transfer=([^&]+).*", "$1"), StandardCharsets.UTF_8);
    String secret = URLDecoder.decode(transfer.replaceAll(".*[?&]sid=([^&]+).*", "$1"), StandardCharsets.UTF_8);
    return new ShopSession(id, transfer, secret, location);
  }

  private HttpResponse<String> postCart(BuyerSimulator buyer, String id, String bearer, String body) {
    return buyer.postJson(gw.base + "/punchout/api/sessions/" + id + "/cart", bearer, body);
  }

  private HttpResponse<String> postCart(BuyerSimulator buyer, ShopSession s, String body) {
    return postCart(buyer, s.id(), TestGateway.SHOP_API_SECRET, body);
  }

  private List<String> problems(HttpResponse<String> r) throws Exception {
    List<String> out = new ArrayList<>();
    json.readTree(r.body()).get("problems").forEach(p -> out.add(p.get("index").asInt() + ":" + p.get("field").asText()));
    return out;
  }

  @Test
  void theStartRedirectGivesTheShopTheSessionButNoSecret() {
    ShopSession s = ociShopSession(new BuyerSimulator(gw, false), "t-shop-trust", "shop-trust");
    assertTrue(s.location().startsWith(gw.shopUrl() + "?punchout_session=" + s.id() + "&punchout_transfer="), s.location());
    assertFalse(s.location().contains("punchout_secret"), s.location());
    assertTrue(s.transferUrl().startsWith(gw.base + "/punchout/transfer?s=" + s.id()), s.transferUrl());
  }

  @Test
  void fiveHundredLineCartWithManyDecimalsGoesThroughTheApi() throws Exception {
    BuyerSimulator buyer = new BuyerSimulator(gw, false);
    ShopSession session = ociShopSession(buyer, "t-shop-trust", "shop-trust");
    HttpResponse<String> stored = postCart(buyer, session, CartJson.lines(500));
    assertEquals(200, stored.statusCode(), stored.body());
    JsonNode ok = json.readTree(stored.body());
    assertEquals(500, ok.get("lines").asInt());
    // the API's own link carries no session secret: the shop is not the browser
    assertEquals(gw.base + "/punchout/transfer?s=" + session.id(), ok.get("transferUrl").asText());
    Page transfer = buyer.get(session.transferUrl());
    TransferForm form = BuyerSimulator.transferForm(transfer);
    assertEquals(500, form.count("NEW_ITEM-VENDORMAT["));
    assertEquals("ART-500", form.field("NEW_ITEM-VENDORMAT[500]"));
    assertEquals("Artikel nr 500 – åäö", form.field("NEW_ITEM-DESCRIPTION[500]"));
    ReturnEndpoint.Received received = buyer.submit(form);
    assertEquals("ART-500", received.field(StandardCharsets.UTF_8, "NEW_ITEM-VENDORMAT[500]"));
    assertEquals(form.fields().size(), received.fields(StandardCharsets.UTF_8).size(), "every field arrives");
  }

  @Test
  void pricesWithManyDecimalsUsePriceUnitInOci() throws Exception {
    BuyerSimulator buyer = new BuyerSimulator(gw, false);
    ShopSession session = ociShopSession(buyer, "t-shop-trust", "shop-trust");
    String body = "{\"lines\":[" + CartJson.line("P1", "Skruv", "1000", "EA", "0.123456", "25") + ","
        + CartJson.line("P2", "Mutter", "1", "EA", "1.234567", "25") + ","
        + CartJson.line("P3", "Bricka", "1", "EA", "19.999", "25") + "]}";
    HttpResponse<String> stored = postCart(buyer, session, body);
    assertEquals(200, stored.statusCode(), stored.body());
    TransferForm form = BuyerSimulator.transferForm(buyer.get(session.transferUrl()));
    assertEquals("123.456", form.field("NEW_ITEM-PRICE[1]"));
    assertEquals("1000", form.field("NEW_ITEM-PRICEUNIT[1]"));
    assertEquals("1234.567", form.field("NEW_ITEM-PRICE[2]"));
    assertEquals("1000", form.field("NEW_ITEM-PRICEUNIT[2]"));
    assertEquals("19.999", form.field("NEW_ITEM-PRICE[3]"));
    assertEquals(null, form.field("NEW_ITEM-PRICEUNIT[3]"));
  }

  @Test
  void linesWithoutMandatoryFieldsAreRefusedWithReasons() throws Exception {
    BuyerSimulator buyer = new BuyerSimulator(gw, false);
    ShopSession session = ociShopSession(buyer, "t-shop-trust", "shop-trust");
    String body = "{\"lines\":[" + CartJson.line("OK1", "Bra rad", "1", "EA", "10", "25") + ","
        + CartJson.line("NOVAT", "Rad utan moms", "1", "EA", "10", null) + ","
        + CartJson.line("ZERO", "Noll", "0", "EA", "10", "25") + ","
        + CartJson.line("NEG", "Negativ", "-2", "EA", "10", "25") + ","
        + CartJson.line("FRAC", "Bråkdel", "1.5", "EA", "10", "25") + ","
        + CartJson.line("PCE", "Fel enhet", "1", "PCE", "10", "25") + "]}";
    HttpResponse<String> refused = postCart(buyer, session, body);
    assertEquals(422, refused.statusCode());
    assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElseThrow());
    JsonNode problems = json.readTree(refused.body()).get("problems");
    List<String> text = new ArrayList<>();
    problems.forEach(p -> text.add(p.get("articleNumber").asText() + ":" + p.get("field").asText()));
    assertEquals(List.of("NOVAT:vatRate", "ZERO:quantity", "NEG:quantity", "FRAC:quantity", "PCE:unit"), text);
    assertEquals("/lines/1/vatRate", problems.get(0).get("pointer").asText());
    assertEquals(2, problems.get(0).get("line").asInt());
    assertEquals(1, problems.get(0).get("index").asInt());
    assertEquals(401, postCart(buyer, session.id(), "wrong-secret", body).statusCode());
    assertEquals(400, postCart(buyer, session, "{\"lines\":[{\"bogus\":1}]}").statusCode());
    assertEquals(404, postCart(buyer, "0123456789abcdef01", TestGateway.SHOP_API_SECRET, body).statusCode());
  }

  @Test
  void theBrowsersSessionSecretIsRefusedAtTheCartApi() throws Exception {
    BuyerSimulator buyer = new BuyerSimulator(gw, false);
    ShopSession session = ociShopSession(buyer, "t-shop-trust", "shop-trust");
    String cart = "{\"lines\":[" + CartJson.line("X1", "Rad", "1", "EA", "0.01", "0") + "]}";
    HttpResponse<String> withSessionSecret = postCart(buyer, session.id(), session.browserSecret(), cart);
    assertEquals(401, withSessionSecret.statusCode(), withSessionSecret.body());
    assertEquals("Bearer realm=\"punchout-cart-api\"", withSessionSecret.headers().firstValue("WWW-Authenticate").orElseThrow());
    assertEquals("application/problem+json", withSessionSecret.headers().firstValue("Content-Type").orElseThrow());
    HttpResponse<byte[]> noAuth = buyer.raw(HttpRequest.newBuilder(URI.create(gw.base + "/punchout/api/sessions/" + session.id() + "/cart"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(cart)).build());
    assertEquals(401, noAuth.statusCode());
    HttpResponse<byte[]> cookie = buyer.raw(HttpRequest.newBuilder(URI.create(gw.base + "/punchout/api/sessions/" + session.id() + "/cart"))
        .header("Content-Type", "application/json").header("Cookie", "po_" + session.id() + "=" + session.browserSecret())
        .POST(HttpRequest.BodyPublishers.ofString(cart)).build());
    assertEquals(401, cookie.statusCode(), "the session cookie is no credential either");
    // the browser can still use its secret where it belongs: the cart is empty, nothing was stored
    assertEquals(0, gw.gateway.sessions().findById(session.id()).orElseThrow().cart().size());
  }

  @Test
  void aBuiltInShopBuyerHasNoCartApi() throws Exception {
    BuyerSimulator buyer = new BuyerSimulator(gw, false);
    HttpResponse<byte[]> login = buyer.raw(ociLogin("t-oci4", gw.returnUrl("oci4")));
    HttpResponse<byte[]> start = buyer.raw(HttpRequest.newBuilder(URI.create(login.headers().firstValue("Location").orElseThrow())).GET().build());
    String shopUrl = start.headers().firstValue("Location").orElseThrow();
    assertTrue(shopUrl.startsWith(gw.base + "/shop/"), shopUrl);
    String id = shopUrl.replaceAll(".*[?&]s=([0-9a-f]+).*", "$1");
    String secret = URLDecoder.decode(shopUrl.replaceAll(".*[?&]sid=([^&]+).*", "$1"), StandardCharsets.UTF_8);
    String cart = "{\"lines\":[" + CartJson.line("100-2001", "Kopieringspapper", "1", "PK", "0.01", "0") + "]}";
    HttpResponse<String> withSessionSecret = postCart(buyer, id, secret, cart);
    assertEquals(403, withSessionSecret.statusCode(), withSessionSecret.body());
    assertEquals(403, postCart(buyer, id, TestGateway.SHOP_API_SECRET, cart).statusCode());
    assertEquals(0, gw.gateway.sessions().findById(id).orElseThrow().cart().size());
  }

  /** Price 0.01 for an article whose contract price is 42.50, VAT 0, an unknown article at 0.00, ... */
  private static String tamperedCart() {
    return "{\"lines\":[" + CartJson.line("100-2001", "Kopieringspapper A4", "2", "PK", "0.01", "25") + ","
        + CartJson.line("100-2002", "Kulspetspenna", "1", "EA", "21.50", "0") + ","
        + CartJson.line("NO-SUCH-1", "Påhittad artikel", "1", "EA", "0.00", "25") + ","
        + CartJson.line("500-6001", "Konsulttimme", "1", "HUR", "950", "25") + ","
        + CartJson.line("100-2002", "Kulspetspenna", "1", "PK", "21.50", "25") + ","
        + CartJson.line("300-4003", "Bananer", "0.5", "KGM", "24.90", "12").replace("}", ",\"currency\":\"EUR\"}") + "]}";
  }

  @Test
  void underCatalogueEveryLineMustMatchTheContract() throws Exception {
    BuyerSimulator buyer = new BuyerSimulator(gw, false);
    ShopSession session = ociShopSession(buyer, "t-shop-cat", "shop-cat");
    HttpResponse<String> refused = postCart(buyer, session, tamperedCart());
    assertEquals(422, refused.statusCode(), refused.body());
    assertEquals(List.of("0:price", "1:vatRate", "2:articleNumber", "3:articleNumber", "4:unit", "5:currency"), problems(refused));
    JsonNode p = json.readTree(refused.body()).get("problems");
    assertEquals("price 0.01 is not the contract price 42.50", p.get(0).get("message").asText());
    assertEquals("/lines/0/price", p.get(0).get("pointer").asText());
    assertEquals("article is not in the catalogue", p.get(2).get("message").asText());
    assertEquals("article is not in this buyer's contracted assortment", p.get(3).get("message").asText());
    assertEquals(0, gw.gateway.sessions().findById(session.id()).orElseThrow().cart().size(), "nothing stored");

    String contract = "{\"lines\":[" + CartJson.line("100-2001", "Papper (butikens namn)", "2", "PK", "42.5", "25") + ","
        + CartJson.line("300-4003", "Bananer", "0.5", "KGM", "24.90", "12") + "]}";
    HttpResponse<String> stored = postCart(buyer, session, contract);
    assertEquals(200, stored.statusCode(), stored.body());
    TransferForm form = BuyerSimulator.transferForm(buyer.get(session.transferUrl()));
    assertEquals("42.50", form.field("NEW_ITEM-PRICE[1]"));
    assertEquals("24.90", form.field("NEW_ITEM-PRICE[2]"));
    assertEquals("12", form.field("NEW_ITEM-TAX_RATE[2]"));
  }

  @Test
  void underTrustShopTheShopsPricesAreSent() throws Exception {
    BuyerSimulator buyer = new BuyerSimulator(gw, false);
    ShopSession session = ociShopSession(buyer, "t-shop-trust", "shop-trust");
    HttpResponse<String> stored = postCart(buyer, session, tamperedCart().replace(",\"currency\":\"EUR\"", ""));
    assertEquals(200, stored.statusCode(), stored.body());
    TransferForm form = BuyerSimulator.transferForm(buyer.get(session.transferUrl()));
    assertEquals("0.01", form.field("NEW_ITEM-PRICE[1]"));
    assertEquals("0", form.field("NEW_ITEM-TAX_RATE[2]"));
    assertEquals("NO-SUCH-1", form.field("NEW_ITEM-VENDORMAT[3]"));
    assertEquals("0.00", form.field("NEW_ITEM-PRICE[3]"));
  }

  @Test
  void everyNumberIsBoundedAndARefusalNamesLineAndField() throws Exception {
    BuyerSimulator buyer = new BuyerSimulator(gw, false);
    ShopSession session = ociShopSession(buyer, "t-shop-trust", "shop-trust");
    String forty = "1234567890123456789012345678901234567890";
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("1e100000", "exponent notation");
    bad.put("1E5", "exponent notation");
    bad.put(forty, "longer than 32 characters");
    bad.put("-1", "must");
    bad.put("\"NaN\"", "is not a number");
    bad.put("\"Infinity\"", "is not a number");
    bad.put("1.1234567", "at most 6 decimals");
    bad.put("1234567890123", "digits before the decimal point");
    for (Map.Entry<String, String> b : bad.entrySet()) {
      for (String field : List.of("quantity", "price", "vatRate")) {
        String line = CartJson.line("A1", "Rad", field.equals("quantity") ? b.getKey() : "1", "KGM",
            field.equals("price") ? b.getKey() : "10", field.equals("vatRate") ? b.getKey() : "25");
        String body = "{\"lines\":[" + CartJson.line("A0", "Bra rad", "1", "EA", "10", "25") + "," + line + "]}";
        HttpResponse<String> r = postCart(buyer, session, body);
        if (field.equals("vatRate") && (b.getKey().equals("1.1234567") || b.getKey().equals("1234567890123"))) {
          assertEquals(422, r.statusCode(), r.body());
          continue; // VAT rate: refused as well, with its own limits (2 decimals, at most 100)
        }
        assertEquals(422, r.statusCode(), field + "=" + b.getKey() + " -> " + r.body());
        assertEquals(List.of("1:" + field), problems(r), field + "=" + b.getKey() + " -> " + r.body());
        String message = json.readTree(r.body()).get("problems").get(0).get("message").asText();
        assertTrue(message.contains(b.getValue()), field + "=" + b.getKey() + " -> " + message);
      }
    }
    // the parser itself: numbers beyond 64 characters, NaN literals, nesting, trailing garbage -> 400
    String seventy = forty + forty.substring(0, 30);
    for (String body : List.of("{\"lines\":[" + CartJson.line("A1", "Rad", seventy, "EA", "10", "25") + "]}",
        "{\"lines\":[" + CartJson.line("A1", "Rad", "NaN", "EA", "10", "25") + "]}",
        "{\"lines\":[" + "[".repeat(100_000) + "]".repeat(100_000) + "]}",
        "{\"lines\":[]} {}", "{\"lines\":[" + CartJson.line("A1", "Rad", "1", "EA", "10", "25").replace("\"leadTimeDays\":3", "\"leadTimeDays\":2.5") + "]}")) {
      HttpResponse<String> r = postCart(buyer, session, body);
      assertEquals(400, r.statusCode(), r.body());
      assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
    }
    assertEquals(0, gw.gateway.sessions().findById(session.id()).orElseThrow().cart().size(), "nothing stored");
  }

  @Test
  void cxmlSessionWithTheApiAndAFiveHundredLineOrderMessageIsDtdValid() throws Exception {
    BuyerSimulator buyer = new BuyerSimulator(gw, false);
    Page answer = buyer.postXml(gw.base + "/punchout/cxml", CxmlRequests.setup("create", "NetworkID", "buyer-cxml-shop",
        TestGateway.CXML_SECRET, "big", gw.returnUrl("shop-cxml"), null));
    String startUrl = CxmlDtd.parse(new String(answer.body(), StandardCharsets.UTF_8)).getElementsByTagName("URL").item(0).getTextContent();
    ShopSession session = fromStart(buyer, startUrl);
    HttpResponse<String> stored = postCart(buyer, session, CartJson.lines(500));
    assertEquals(200, stored.statusCode(), stored.body());
    TransferForm form = BuyerSimulator.transferForm(buyer.get(session.transferUrl()));
    String xml = new String(Base64.getDecoder().decode(form.field("cxml-base64")), StandardCharsets.UTF_8);
    assertEquals(List.of(), CxmlDtd.validate(xml));
    assertEquals(500, CxmlDtd.parse(xml).getElementsByTagName("ItemIn").getLength());
  }
}
