package se.peppolgw.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

/** The supplier's own shop: it gets the session at start, posts the cart as JSON, sends the browser to transfer. */
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

  /** Session id and secret as the start redirect hands them to a shop (query of the first shop URL). */
  private String[] ociSession(BuyerSimulator buyer) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("username", TestGateway.OCI4_USER);
    p.put("password", TestGateway.OCI4_SECRET);
    p.put("HOOK_URL", gw.returnUrl("oci4"));
    HttpResponse<byte[]> login = buyer.raw(HttpRequest.newBuilder(URI.create(gw.base + "/punchout/oci/t-oci4"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(BuyerSimulator.encode(
            p.entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue()}).toList(), StandardCharsets.UTF_8))).build());
    HttpResponse<byte[]> start = buyer.raw(HttpRequest.newBuilder(URI.create(login.headers().firstValue("Location").orElseThrow())).GET().build());
    String shopUrl = start.headers().firstValue("Location").orElseThrow();
    String id = shopUrl.replaceAll(".*[?&]s=([0-9a-f]+).*", "$1");
    String secret = java.net.URLDecoder.decode(shopUrl.replaceAll(".*[?&]sid=([^&]+).*", "$1"), StandardCharsets.UTF_8);
    return new String[] {id, secret};
  }

  private HttpResponse<String> postCart(BuyerSimulator buyer, String[] session, String body) {
    return buyer.postJson(gw.base + "/punchout/api/sessions/" + session[0] + "/cart", session[1], body);
  }

  @Test
  void fiveHundredLineCartWithManyDecimalsGoesThroughTheApi() throws Exception {
    BuyerSimulator buyer = new BuyerSimulator(gw, false);
    String[] session = ociSession(buyer);
    HttpResponse<String> stored = postCart(buyer, session, CartJson.lines(500));
    assertEquals(200, stored.statusCode(), stored.body());
    JsonNode ok = json.readTree(stored.body());
    assertEquals(500, ok.get("lines").asInt());
    Page transfer = buyer.get(ok.get("transferUrl").asText());
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
    String[] session = ociSession(buyer);
    String body = "{\"lines\":[" + CartJson.line("P1", "Skruv", "1000", "EA", "0.123456", "25") + ","
        + CartJson.line("P2", "Mutter", "1", "EA", "1.23456789", "25") + ","
        + CartJson.line("P3", "Bricka", "1", "EA", "19.999", "25") + "]}";
    HttpResponse<String> stored = postCart(buyer, session, body);
    assertEquals(200, stored.statusCode(), stored.body());
    TransferForm form = BuyerSimulator.transferForm(buyer.get(json.readTree(stored.body()).get("transferUrl").asText()));
    assertEquals("123.456", form.field("NEW_ITEM-PRICE[1]"));
    assertEquals("1000", form.field("NEW_ITEM-PRICEUNIT[1]"));
    // 8 decimals would need PRICEUNIT 100000: too long for OCI 4.0 (5 characters), so rounded to 3 decimals
    assertEquals("1.235", form.field("NEW_ITEM-PRICE[2]"));
    assertEquals(null, form.field("NEW_ITEM-PRICEUNIT[2]"));
    assertEquals("19.999", form.field("NEW_ITEM-PRICE[3]"));
  }

  @Test
  void linesWithoutMandatoryFieldsAreRefusedWithReasons() throws Exception {
    BuyerSimulator buyer = new BuyerSimulator(gw, false);
    String[] session = ociSession(buyer);
    String body = "{\"lines\":[" + CartJson.line("OK1", "Bra rad", "1", "EA", "10", "25") + ","
        + CartJson.line("NOVAT", "Rad utan moms", "1", "EA", "10", null) + ","
        + CartJson.line("ZERO", "Noll", "0", "EA", "10", "25") + ","
        + CartJson.line("NEG", "Negativ", "-2", "EA", "10", "25") + ","
        + CartJson.line("FRAC", "Bråkdel", "1.5", "EA", "10", "25") + ","
        + CartJson.line("PCE", "Fel enhet", "1", "PCE", "10", "25") + "]}";
    HttpResponse<String> refused = postCart(buyer, session, body);
    assertEquals(422, refused.statusCode());
    JsonNode problems = json.readTree(refused.body()).get("problems");
    List<String> text = new java.util.ArrayList<>();
    problems.forEach(p -> text.add(p.get("articleNumber").asText() + ":" + p.get("field").asText()));
    assertEquals(List.of("NOVAT:vatRate", "ZERO:quantity", "NEG:quantity", "FRAC:quantity", "PCE:unit"), text);
    assertEquals(404, postCart(buyer, new String[] {session[0], "wrong-secret"}, body).statusCode());
    assertEquals(400, postCart(buyer, session, "{\"lines\":[{\"bogus\":1}]}").statusCode());
  }

  @Test
  void cxmlSessionWithTheApiAndAFiveHundredLineOrderMessageIsDtdValid() throws Exception {
    BuyerSimulator buyer = new BuyerSimulator(gw, false);
    Page answer = buyer.postXml(gw.base + "/punchout/cxml", CxmlRequests.setup("create", "NetworkID", "buyer-cxml",
        TestGateway.CXML_SECRET, "big", gw.returnUrl("cxml"), null));
    String startUrl = CxmlDtd.parse(new String(answer.body(), StandardCharsets.UTF_8)).getElementsByTagName("URL").item(0).getTextContent();
    HttpResponse<byte[]> start = buyer.raw(HttpRequest.newBuilder(URI.create(startUrl)).GET().build());
    String shopUrl = start.headers().firstValue("Location").orElseThrow();
    String id = shopUrl.replaceAll(".*[?&]s=([0-9a-f]+).*", "$1");
    String secret = java.net.URLDecoder.decode(shopUrl.replaceAll(".*[?&]sid=([^&]+).*", "$1"), StandardCharsets.UTF_8);
    HttpResponse<String> stored = postCart(buyer, new String[] {id, secret}, CartJson.lines(500));
    assertEquals(200, stored.statusCode(), stored.body());
    TransferForm form = BuyerSimulator.transferForm(buyer.get(json.readTree(stored.body()).get("transferUrl").asText()));
    String xml = new String(Base64.getDecoder().decode(form.field("cxml-base64")), StandardCharsets.UTF_8);
    assertEquals(List.of(), CxmlDtd.validate(xml));
    assertEquals(500, CxmlDtd.parse(xml).getElementsByTagName("ItemIn").getLength());
  }
}
