package se.peppolgw.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jsoup.nodes.Element;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import se.peppolgw.punchout.support.BuyerSimulator;
import se.peppolgw.punchout.support.BuyerSimulator.Page;
import se.peppolgw.punchout.support.BuyerSimulator.TransferForm;
import se.peppolgw.punchout.support.CartJson;
import se.peppolgw.punchout.support.CxmlDtd;
import se.peppolgw.punchout.support.CxmlRequests;
import se.peppolgw.punchout.support.PeppolRules;
import se.peppolgw.punchout.support.TestGateway;

/**
 * The declared cart line fields ({@code cart.field.LineField}: manufacturer, manufacturer part number, GTIN) carried
 * from the sample catalogue's article 100-2002 to the cart page and into each protocol, where its standard puts
 * them; and through the cart API, where a misspelt field is refused.
 */
class CartLineFieldsTest {
  private static final String ARTICLE = "100-2002";
  private static final String MPN = "SD-KP-07B";
  private static final String MANUFACTURER = "Skrivdon AB";
  private static final String GTIN = "7310000000028";
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
  void ociSendsTheManufacturerPartNumberAndTheCartShowsIt() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    Map<String, String> login = new LinkedHashMap<>();
    login.put("USERNAME", TestGateway.OCI3_USER);
    login.put("PASSWORD", TestGateway.OCI3_SECRET);
    login.put("HOOK_URL", gw.returnUrl("oci3"));
    Page shop = buyer.ociLogin("t-oci3", login, true);
    assertEquals(200, shop.status(), shop.text());
    Page cart = buyer.add(shop, ARTICLE, "2");
    Element shown = cart.doc().selectFirst("tr.line small.line-field[data-field=manufacturerPartNumber]");
    assertNotNull(shown, cart.text());
    assertEquals("Tillverkarens artikelnummer: " + MPN, shown.text());
    // only the fields declared for the cart are shown there
    assertNull(cart.doc().selectFirst("tr.line small.line-field[data-field=gtin]"));

    TransferForm form = BuyerSimulator.transferForm(buyer.checkout(cart));
    assertEquals(MPN, form.field("NEW_ITEM-MANUFACTMAT[1]"));
    // OCI has no field for the GTIN or the manufacturer's name: neither is sent in any field
    for (String[] f : form.fields()) {
      assertTrue(!f[1].equals(GTIN) && !f[1].equals(MANUFACTURER), f[0] + "=" + f[1]);
    }
  }

  @Test
  void cxmlPutsTheFieldsInItemDetailInTheDtdsOrder() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    Page answer = buyer.postXml(gw.base + "/punchout/cxml", CxmlRequests.setup("create", "NetworkID", "buyer-cxml",
        TestGateway.CXML_SECRET, "cookie", gw.returnUrl("cxml"), null));
    String url = CxmlDtd.parse(new String(answer.body(), StandardCharsets.UTF_8)).getElementsByTagName("URL").item(0)
        .getTextContent();
    Page shop = buyer.get(url);
    TransferForm form = BuyerSimulator.transferForm(buyer.checkout(buyer.add(shop, ARTICLE, "1")));
    String xml = new String(Base64.getDecoder().decode(form.field("cxml-base64")), StandardCharsets.UTF_8);
    assertEquals(List.of(), CxmlDtd.validate(xml), xml);
    org.w3c.dom.Element detail = (org.w3c.dom.Element) CxmlDtd.parse(xml).getElementsByTagName("ItemDetail").item(0);
    assertEquals(List.of("UnitPrice", "Description", "UnitOfMeasure", "Classification", "ManufacturerPartID",
        "ManufacturerName", "LeadTime", "Extrinsic"), childNames(detail));
    assertEquals(MPN, child(detail, "ManufacturerPartID").getTextContent());
    assertEquals(MANUFACTURER, child(detail, "ManufacturerName").getTextContent());
    assertEquals("sv", child(detail, "ManufacturerName").getAttribute("xml:lang"));
    assertEquals("GTIN", child(detail, "Extrinsic").getAttribute("name"));
    assertEquals(GTIN, child(detail, "Extrinsic").getTextContent());
  }

  @Test
  void peppolPutsTheFieldsInTheItemInTheSchemasOrderAndStaysAValidT77Cart() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    Map<String, String> login = new LinkedHashMap<>();
    login.put("username", TestGateway.PEPPOL_USER);
    login.put("password", TestGateway.PEPPOL_SECRET);
    login.put("returnUrl", gw.returnUrl("peppol"));
    Page shop = buyer.peppolLogin("t-peppol", login);
    assertEquals(200, shop.status(), shop.text());
    TransferForm form = BuyerSimulator.transferForm(buyer.checkout(buyer.add(shop, ARTICLE, "1")));
    byte[] xml = Base64.getDecoder().decode(form.field("cart"));
    assertEquals(List.of(), PeppolRules.errors(xml), new String(xml, StandardCharsets.UTF_8));
    Document doc = CxmlDtd.parse(new String(xml, StandardCharsets.UTF_8));
    org.w3c.dom.Element item = (org.w3c.dom.Element) doc.getElementsByTagName("cac:Item").item(0);
    assertEquals(List.of("cbc:Description", "cbc:Name", "cac:SellersItemIdentification",
        "cac:ManufacturersItemIdentification", "cac:StandardItemIdentification", "cac:CommodityClassification",
        "cac:ClassifiedTaxCategory", "cac:ManufacturerParty"), childNames(item));
    assertEquals(MPN, child(item, "cac:ManufacturersItemIdentification").getTextContent().trim());
    org.w3c.dom.Element gtin = child(child(item, "cac:StandardItemIdentification"), "cbc:ID");
    assertEquals(GTIN, gtin.getTextContent());
    assertEquals("0160", gtin.getAttribute("schemeID"));
    assertEquals(MANUFACTURER, child(item, "cac:ManufacturerParty").getTextContent().trim());
  }

  @Test
  void theCartApiCarriesTheFieldsAndRefusesAMisspeltOne() {
    BuyerSimulator buyer = new BuyerSimulator(gw, false);
    String[] session = shopSession(buyer);
    String line = CartJson.line("EXT-1", "Extern artikel", "1", "EA", "10", "25");
    String withFields = line.substring(0, line.length() - 1)
        + ",\"manufacturerPartNumber\":\"X-77\",\"gtin\":7310000000028,\"manufacturer\":\"Extern AB\"}";

    HttpResponse<String> misspelt = postCart(buyer, session[0], "{\"lines\":[" + line.replace("\"leadTimeDays\"",
        "\"manufacturerPartNo\":\"X-77\",\"leadTimeDays\"") + "]}");
    assertEquals(400, misspelt.statusCode(), misspelt.body());
    assertTrue(misspelt.body().contains("unknown field \\\"manufacturerPartNo\\\""), misspelt.body());
    assertTrue(misspelt.body().contains("manufacturerPartNumber"), "names the known fields: " + misspelt.body());
    HttpResponse<String> notText = postCart(buyer, session[0], "{\"lines\":[" + withFields.replace("\"gtin\":7310000000028",
        "\"gtin\":[\"7310000000028\"]") + "]}");
    assertEquals(400, notText.statusCode(), notText.body());
    assertTrue(notText.body().contains("field \\\"gtin\\\" must be text"), notText.body());

    HttpResponse<String> stored = postCart(buyer, session[0], "{\"lines\":[" + withFields + "]}");
    assertEquals(200, stored.statusCode(), stored.body());
    TransferForm form = BuyerSimulator.transferForm(buyer.get(session[1]));
    assertEquals("X-77", form.field("NEW_ITEM-MANUFACTMAT[1]"));
  }

  @Test
  void anOciFieldLongerThanItsDeclaredLengthStopsTheTransferNamingTheField() {
    BuyerSimulator buyer = new BuyerSimulator(gw, false);
    String[] session = shopSession(buyer);
    String line = CartJson.line("EXT-2", "Extern artikel", "1", "EA", "10", "25");
    String tooLong = line.substring(0, line.length() - 1) + ",\"manufacturerPartNumber\":\"" + "M".repeat(41) + "\"}";
    HttpResponse<String> refused = postCart(buyer, session[0], "{\"lines\":[" + tooLong + "]}");
    assertEquals(422, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("\"field\":\"manufacturerPartNumber\""), refused.body());
    assertTrue(refused.body().contains("manufacturer part number longer than 40 characters (OCI MANUFACTMAT)"),
        refused.body());
    String forty = line.substring(0, line.length() - 1) + ",\"manufacturerPartNumber\":\"" + "M".repeat(40) + "\"}";
    assertEquals(200, postCart(buyer, session[0], "{\"lines\":[" + forty + "]}").statusCode());
  }

  /** An OCI 4.0 session of the external shop trusted with its prices: {id, transfer URL}. */
  private static String[] shopSession(BuyerSimulator buyer) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("username", TestGateway.OCI4_USER);
    p.put("password", TestGateway.OCI4_SECRET);
    p.put("HOOK_URL", gw.returnUrl("shop-trust"));
    HttpResponse<byte[]> login = buyer.raw(HttpRequest.newBuilder(URI.create(gw.base + "/punchout/oci/t-shop-trust"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(BuyerSimulator.encode(
            p.entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue()}).toList(), StandardCharsets.UTF_8)))
        .build());
    assertEquals(303, login.statusCode());
    HttpResponse<byte[]> start = buyer.raw(HttpRequest.newBuilder(URI.create(
        login.headers().firstValue("Location").orElseThrow())).GET().build());
    String location = start.headers().firstValue("Location").orElseThrow();
    String id = location.replaceAll(".*[?&]punchout_session=([0-9a-f]+).*", "$1");
    String transfer = URLDecoder.decode(location.replaceAll(".*[?&]punchout_transfer=([^&]+).*", "$1"),
        StandardCharsets.UTF_8);
    return new String[] {id, transfer};
  }

  private static HttpResponse<String> postCart(BuyerSimulator buyer, String id, String body) {
    return buyer.postJson(gw.base + "/punchout/api/sessions/" + id + "/cart", TestGateway.SHOP_API_SECRET, body);
  }

  private static List<String> childNames(org.w3c.dom.Element parent) {
    List<String> names = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof org.w3c.dom.Element e) {
        names.add(e.getNodeName());
      }
    }
    return names;
  }

  private static org.w3c.dom.Element child(org.w3c.dom.Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof org.w3c.dom.Element e && e.getNodeName().equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no " + name + " in " + parent.getNodeName());
  }
}
