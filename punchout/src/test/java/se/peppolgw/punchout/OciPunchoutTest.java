package se.peppolgw.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.peppolgw.punchout.event.TransferEvent;
import se.peppolgw.punchout.support.BuyerSimulator;
import se.peppolgw.punchout.support.BuyerSimulator.Page;
import se.peppolgw.punchout.support.BuyerSimulator.TransferForm;
import se.peppolgw.punchout.support.ReturnEndpoint;
import se.peppolgw.punchout.support.TestGateway;

class OciPunchoutTest {
  private TestGateway gw;

  @BeforeEach
  void start() {
    gw = new TestGateway();
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  private Map<String, String> oci3Login() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("USERNAME", TestGateway.OCI3_USER);
    p.put("PASSWORD", TestGateway.OCI3_SECRET);
    p.put("HOOK_URL", gw.returnUrl("oci3"));
    p.put("~OkCode", "ADDI");
    p.put("~TARGET", "_top");
    p.put("~CALLER", "CTLG");
    p.put("sap-client", "100");
    p.put("OCI_VERSION", "3.0");
    return p;
  }

  @Test
  void oci30RoundTripPostWithIso88591AndEchoFields() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    Page shop = buyer.ociLogin("t-oci3", oci3Login(), true);
    assertEquals(200, shop.status(), shop.text());
    assertTrue(shop.text().contains("Kopieringspapper"), "catalogue shown");
    buyer.add(shop, "100-2001", "2");
    buyer.add(shop, "T-EMOJI", "1");
    Page cart = buyer.add(shop, "300-4003", "1.5");
    assertEquals(3, cart.doc().select("tr.line").size(), cart.text());

    Page transfer = buyer.checkout(cart);
    assertEquals(200, transfer.status(), transfer.text());
    TransferForm form = BuyerSimulator.transferForm(transfer);
    assertEquals(gw.returnUrl("oci3"), form.action());
    assertEquals("_top", form.target());
    assertEquals(StandardCharsets.ISO_8859_1, form.charset(), "OCI default charset of this buyer");
    assertTrue(transfer.contentType().toUpperCase().contains("ISO-8859-1"), transfer.contentType());
    assertTrue(form.hasNoscriptButton(), "no-script submit button");
    assertTrue(form.hasAutoSubmitScript(), "auto-submit script");
    assertEquals("ADDI", form.field("~OkCode"));
    assertEquals("_top", form.field("~TARGET"));
    assertEquals("CTLG", form.field("~CALLER"));

    assertEquals("Kopieringspapper A4 80 g, 500 ark", form.field("NEW_ITEM-DESCRIPTION[1]"));
    assertEquals("100-2001", form.field("NEW_ITEM-VENDORMAT[1]"));
    assertEquals("2", form.field("NEW_ITEM-QUANTITY[1]"));
    assertEquals("PK", form.field("NEW_ITEM-UNIT[1]"));
    assertEquals("49.00", form.field("NEW_ITEM-PRICE[1]"));
    assertEquals("SEK", form.field("NEW_ITEM-CURRENCY[1]"));
    assertEquals("4711", form.field("NEW_ITEM-VENDOR[1]"));
    assertEquals("14111507", form.field("NEW_ITEM-MATGROUP[1]"));
    assertEquals("25", form.field("NEW_ITEM-CUST_FIELD1[1]"));
    assertEquals("2", form.field("NEW_ITEM-LEADTIME[1]"));
    assertEquals("Vitt kopieringspapper för laser och bläckstråle, FSC-märkt.", form.field("NEW_ITEM-LONGTEXT_1:132[]"));
    assertNull(form.field("NEW_ITEM-PRICEUNIT[1]"), "empty optional fields are left out for this buyer");
    assertNull(form.field("NEW_ITEM-DESCRIPTION[0]"), "n counts from 1");

    assertEquals("Smörgåstårta 🎂 ÅÄÖ åäö – ½", form.field("NEW_ITEM-DESCRIPTION[2]"), "page holds it as character references");
    assertEquals("12", form.field("NEW_ITEM-CUST_FIELD1[2]"));
    assertEquals("1.5", form.field("NEW_ITEM-QUANTITY[3]"));
    assertEquals("KGM", form.field("NEW_ITEM-UNIT[3]"));
    assertTrue(transfer.doc().html().contains("Smörgåstårta"));

    // posted by the browser in ISO-8859-1: Swedish letters intact, the emoji as the browser's &#...; reference
    ReturnEndpoint.Received received = buyer.submit(form);
    assertEquals("Kopieringspapper A4 80 g, 500 ark", received.field(StandardCharsets.ISO_8859_1, "NEW_ITEM-DESCRIPTION[1]"));
    String name2 = received.field(StandardCharsets.ISO_8859_1, "NEW_ITEM-DESCRIPTION[2]");
    assertTrue(name2.startsWith("Smörgåstårta &#127874; ÅÄÖ åäö"), name2);

    TransferEvent event = gw.events.transfers().get(gw.events.transfers().size() - 1);
    assertEquals("SENT", event.outcome());
    assertEquals(3, event.lineCount());
    assertEquals("t-oci3", event.buyerId());
    assertTrue(event.payload().contains("NEW_ITEM-VENDORMAT%5B1%5D=100-2001"), event.payload());
    assertEquals(0, new java.math.BigDecimal("98.00").add(new java.math.BigDecimal("455.00")).add(new java.math.BigDecimal("37.35"))
        .compareTo(event.total()));
    assertTrue(gw.events.setups().stream().noneMatch(s -> s.detail().contains(TestGateway.OCI3_SECRET)), "no secret in the setup log");
    assertTrue(gw.events.setups().get(0).detail().contains("sap-client"), "unknown parameter kept in the log by name");
  }

  @Test
  void oci40RoundTripGetWithUtf8ReturnTargetAndHookUrlQuery() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    Map<String, String> p = new LinkedHashMap<>();
    p.put("username", TestGateway.OCI4_USER);
    p.put("password", TestGateway.OCI4_SECRET);
    p.put("HOOK_URL", gw.returnUrl("oci4") + "?sap-client=100&kund=Åby");
    p.put("~OkCode", "ADDI");
    p.put("~TARGET", "_top");
    p.put("returntarget", "_parent");
    p.put("http_content_charset", "UTF-8");
    p.put("OCI_VERSION", "4.0");
    p.put("OPI_VERSION", "1.0");
    p.put("SOMETHING_NEW", "kept");
    Page shop = buyer.ociLogin("t-oci4", p, false);
    assertEquals(200, shop.status(), shop.text());
    buyer.add(shop, "T-EMOJI", "2");
    Page product = buyer.get(shop.doc().select("tr[data-article=200-3001] a.product-link").first().absUrl("href"));
    assertTrue(product.doc().selectFirst("img.product") != null, "product page shows the image");
    Page cart = buyer.add(product, "200-3001", "3");
    TransferForm form = BuyerSimulator.transferForm(buyer.checkout(cart));

    assertEquals(gw.returnUrl("oci4"), form.action(), "query moved into hidden fields for this buyer");
    assertEquals("100", form.field("sap-client"));
    assertEquals("Åby", form.field("kund"));
    assertEquals("_parent", form.target(), "returntarget wins over ~TARGET");
    assertEquals(StandardCharsets.UTF_8, form.charset());
    assertEquals("Smörgåstårta 🎂 ÅÄÖ åäö – ½", form.field("NEW_ITEM-DESCRIPTION[1]"));
    assertEquals("Räcker till 12 personer 😀, «beställ» <i>senast</i> & i tid", form.field("NEW_ITEM-LONGTEXT_1:132[]"));
    assertEquals("12", form.field("NEW_ITEM-TAX_RATE[1]"));
    assertEquals("50192100", form.field("NEW_ITEM-EXT_CATEGORY[1]"));
    assertEquals("UNSPSC", form.field("NEW_ITEM-EXT_SCHEMA_TYPE[1]"));
    // 44 characters: DESCRIPTION is cut at 40, the full name leads the long text
    assertEquals("Nitrilhandskar, puderfria, storlek M, 10", form.field("NEW_ITEM-DESCRIPTION[2]"));
    assertTrue(form.field("NEW_ITEM-LONGTEXT_2:132[]").startsWith("Nitrilhandskar, puderfria, storlek M, 100 st\n"));
    assertEquals("MS-NIT-M", form.field("NEW_ITEM-MANUFACTMAT[2]"));

    ReturnEndpoint.Received received = buyer.submit(form);
    assertEquals("Smörgåstårta 🎂 ÅÄÖ åäö – ½", received.field(StandardCharsets.UTF_8, "NEW_ITEM-DESCRIPTION[1]"));
    assertEquals("Åby", received.field(StandardCharsets.UTF_8, "kund"));
    assertTrue(transferPageEscapes(form));
  }

  private static boolean transferPageEscapes(TransferForm form) {
    return form.fields().stream().anyMatch(f -> f[1].contains("<i>"));
  }

  @Test
  void functionsValidateAndBackgroundSearchAnswerAtOnceDetailOpensTheProductSourcingIsNotSupported() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    Map<String, String> p = oci3Login();
    p.put("FUNCTION", "VALIDATE");
    p.put("PRODUCTID", "100-2001");
    p.put("QUANTITY", "3");
    Page validate = buyer.ociLogin("t-oci3", p, true);
    assertEquals(200, validate.status(), validate.text());
    assertEquals(gw.base + "/punchout/oci/t-oci3", validate.url(), "answered on the same URL, no redirect");
    TransferForm form = BuyerSimulator.transferForm(validate);
    assertEquals("100-2001", form.field("NEW_ITEM-VENDORMAT[1]"));
    assertEquals("3", form.field("NEW_ITEM-QUANTITY[1]"));
    assertEquals("49.00", form.field("NEW_ITEM-PRICE[1]"));
    assertEquals(1, form.count("NEW_ITEM-VENDORMAT"));

    p.remove("PRODUCTID");
    p.remove("QUANTITY");
    p.put("FUNCTION", "BACKGROUND_SEARCH");
    p.put("SEARCHSTRING", "papper");
    TransferForm hits = BuyerSimulator.transferForm(buyer.ociLogin("t-oci3", p, true));
    assertEquals("100-2001", hits.field("NEW_ITEM-VENDORMAT[1]"));
    assertEquals(1, hits.count("NEW_ITEM-VENDORMAT"));
    p.put("SEARCHSTRING", "momssats");
    assertEquals(404, buyer.ociLogin("t-oci3", p, true).status(), "the only hit cannot be sent (no VAT rate)");

    p.put("FUNCTION", "SOURCING");
    Page sourcing = buyer.ociLogin("t-oci3", p, true);
    assertEquals(501, sourcing.status());
    assertTrue(sourcing.text().contains("FUNCTION=SOURCING is not supported"), sourcing.text());

    p.put("FUNCTION", "DETAIL");
    p.put("PRODUCTID", "100-2001");
    Page detail = buyer.ociLogin("t-oci3", p, true);
    assertEquals(200, detail.status(), detail.text());
    assertNotNull(detail.doc().selectFirst("#product-name"));
    assertTrue(detail.doc().selectFirst("#product-name").text().contains("Kopieringspapper"));
  }
}
