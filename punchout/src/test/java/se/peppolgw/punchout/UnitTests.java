package se.peppolgw.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.peppolgw.punchout.buyer.Protocol;
import se.peppolgw.punchout.oci.OciPrice;
import se.peppolgw.punchout.oci.OciVersion;
import se.peppolgw.punchout.html.Templates;
import se.peppolgw.punchout.i18n.ShopLanguage;
import se.peppolgw.punchout.i18n.ShopText;
import se.peppolgw.punchout.security.ReturnUrlPolicy;
import se.peppolgw.punchout.security.SecretHasher;
import se.peppolgw.punchout.support.TestGateway;
import se.peppolgw.punchout.web.page.ShopPages;
import se.peppolgw.punchout.xml.XmlWriter;

class UnitTests {
  @Test
  void ociPriceUsesPriceUnitWithinTheVersionsFieldLength() {
    assertEquals(new OciPrice(new BigDecimal("12.345"), new BigDecimal("100"), false), OciPrice.of(new BigDecimal("0.12345"), OciVersion.V4_0));
    OciPrice v4 = OciPrice.of(new BigDecimal("0.12345678"), OciVersion.V4_0);
    assertTrue(v4.rounded());
    assertEquals("0.123", v4.price().toPlainString());
    OciPrice v3 = OciPrice.of(new BigDecimal("0.12345678"), OciVersion.V3_0);
    assertEquals("12345.678", v3.price().toPlainString());
    assertEquals("100000", v3.priceUnit().toPlainString());
    assertEquals("49.00", OciPrice.formatPrice(new BigDecimal("49")));
    assertEquals("1200", OciPrice.formatQuantity(new BigDecimal("1.2E+3")));
  }

  @Test
  void returnUrlPolicyMatchesSchemeHostPortAndPathPrefix() {
    ReturnUrlPolicy p = new ReturnUrlPolicy(List.of("https://buyer.example/return"), true);
    assertTrue(p.check("https://buyer.example/return").isEmpty());
    assertTrue(p.check("https://BUYER.example/return/sub?x=1").isEmpty());
    assertTrue(p.check("https://buyer.example:443/return").isEmpty());
    assertFalse(p.check("https://buyer.example/returnX").isEmpty());
    assertFalse(p.check("https://buyer.example:8443/return").isEmpty());
    assertFalse(p.check("http://buyer.example/return").isEmpty());
    assertFalse(p.check("https://buyer.example.evil/return").isEmpty());
    assertFalse(p.check("https://evil@buyer.example/return").isEmpty());
    assertFalse(p.check("JavaScript:alert(1)//https://buyer.example/return").isEmpty());
    assertFalse(p.check("//buyer.example/return").isEmpty());
    assertFalse(new ReturnUrlPolicy(List.of(), false).check("https://buyer.example/return").isEmpty(), "empty list allows nothing");
  }

  @Test
  void secretsAreHashedAndVerified() {
    String hash = SecretHasher.hash("hemligt-å", 1000);
    assertTrue(hash.startsWith("pbkdf2-sha256$1000$"));
    assertTrue(SecretHasher.verify("hemligt-å", hash));
    assertFalse(SecretHasher.verify("hemligt-a", hash));
    assertFalse(SecretHasher.verify("x", "plain-text-secret"));
    assertFalse(SecretHasher.verify(null, hash));
  }

  @Test
  void escaping() {
    // the pages: jte escapes text; Templates.encode writes what the charset cannot hold as references
    String page = Templates.render("shop/message.jte", new ShopPages.Message(ShopText.of(ShopLanguage.EN),
        "t", "<a href=\"x\">&'"));
    assertTrue(page.contains("&lt;a href=\"x\"&gt;&amp;'"), page);
    assertEquals("å&#128512;<b>", new String(Templates.encode("å😀<b>", java.nio.charset.StandardCharsets.ISO_8859_1),
        java.nio.charset.StandardCharsets.ISO_8859_1));
    assertEquals("å😀", new String(Templates.encode("å😀", java.nio.charset.StandardCharsets.UTF_8),
        java.nio.charset.StandardCharsets.UTF_8));
    String xml = new XmlWriter(true).start("a").attr("b", "å\"<").text("😀&").end().toString();
    assertTrue(xml.contains("<a b=\"&#xE5;&quot;&lt;\">&#x1F600;&amp;</a>"), xml);
  }

  @Test
  void ociEmitsEmptyOptionalFieldsWhenTheBuyerWantsThem() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    se.peppolgw.punchout.buyer.BuyerProfile buyer = json.readValue("{\"id\":\"b\",\"name\":\"B\",\"protocol\":\"OCI\","
        + "\"protocolVersion\":\"4.0\",\"oci\":{\"emitEmptyOptionalFields\":true,\"unspscField\":\"MATGROUP\"}}",
        se.peppolgw.punchout.buyer.BuyerProfile.class);
    java.time.Instant now = java.time.Instant.now();
    se.peppolgw.punchout.session.PunchoutSession session = new se.peppolgw.punchout.session.PunchoutSession(buyer, now, now,
        "https://buyer.example/return", "_top", java.nio.charset.StandardCharsets.UTF_8, java.util.Map.of(), java.util.Map.of(), null, null);
    se.peppolgw.punchout.cart.CartLine line = new se.peppolgw.punchout.cart.CartLine("L1", "A1", "Namn", BigDecimal.ONE, "EA",
        new BigDecimal("10"), "SEK", new BigDecimal("25"), null, null, null, null);
    var form = new se.peppolgw.punchout.oci.OciCartRenderer().render(session, List.of(line));
    java.util.Map<String, String> f = new java.util.LinkedHashMap<>();
    form.fields().forEach(x -> f.put(x.name(), x.value()));
    assertEquals("", f.get("NEW_ITEM-LEADTIME[1]"));
    assertEquals("", f.get("NEW_ITEM-PRICEUNIT[1]"));
    assertEquals("", f.get("NEW_ITEM-MATGROUP[1]"));
    assertEquals("", f.get("NEW_ITEM-LONGTEXT_1:132[]"));
    assertEquals("25", f.get("NEW_ITEM-CUST_FIELD1[1]"));
  }

  @Test
  void contractedAssortmentAndPricesApply() {
    PunchoutGateway gateway = new PunchoutGateway(PunchoutSettings.of(URI.create("https://gw.example.se"),
        TestGateway.sampleConfigDir()), new InMemoryPunchoutEventLog());
    var marks = new se.peppolgw.punchout.catalogue.BuyerCatalogue(gateway.catalogue(), gateway.buyers().byId("marks-oci4").orElseThrow());
    assertEquals(6, marks.items().size());
    assertEquals(0, new BigDecimal("18.9").compareTo(marks.item("100-2002").orElseThrow().price()));
    assertTrue(marks.item("500-6001").isEmpty(), "outside the contracted assortment");
    var vgr = new se.peppolgw.punchout.catalogue.BuyerCatalogue(gateway.catalogue(), gateway.buyers().byId("vgr-oci3").orElseThrow());
    assertEquals(0, new BigDecimal("42.50").compareTo(vgr.item("100-2001").orElseThrow().price()));
    assertEquals(0, new BigDecimal("21.50").compareTo(vgr.item("100-2002").orElseThrow().price()));
    assertEquals(gateway.catalogue().items().size(), vgr.items().size());
    assertEquals(1, vgr.search("KULSPETS blå").size());
    assertEquals(3, vgr.byUnspsc("4412").size(), "UNSPSC family prefix");
  }

  @Test
  void anExternalShopNeedsAUrlAndAHashedApiSecretAndDefaultsToCataloguePrices() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = se.peppolgw.punchout.json.PunchoutJson.mapper();
    String head = "{\"id\":\"b\",\"name\":\"B\",\"protocol\":\"OCI\",";
    String hash = SecretHasher.hash("api", 1000);
    var ok = json.readValue(head + "\"externalShop\":{\"url\":\"https://shop.example/p\",\"apiSecretHash\":\"" + hash + "\"}}",
        se.peppolgw.punchout.buyer.BuyerProfile.class);
    assertEquals(se.peppolgw.punchout.buyer.BuyerProfile.PriceCheck.CATALOGUE, ok.externalShop().priceCheck());
    assertTrue(ok.pricesFromCatalogue());
    for (String bad : List.of("\"externalShop\":{\"url\":\"https://shop.example/p\"}}",
        "\"externalShop\":{\"url\":\"https://shop.example/p\",\"apiSecretHash\":\"plain-secret\"}}",
        "\"externalShop\":{\"apiSecretHash\":\"" + hash + "\"}}",
        "\"externalShop\":{\"url\":\"javascript:alert(1)\",\"apiSecretHash\":\"" + hash + "\"}}",
        "\"externalShop\":{\"url\":\"https://u@shop.example/p\",\"apiSecretHash\":\"" + hash + "\"}}",
        "\"externalShop\":{\"url\":\"https://shop.example/p\",\"apiSecretHash\":\"" + hash + "\",\"priceCheck\":\"NONE\"}}",
        "\"shopUrl\":\"https://shop.example/p\"}")) {
      org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
          () -> json.readValue(head + bad, se.peppolgw.punchout.buyer.BuyerProfile.class), bad);
    }
  }

  @Test
  void theSampleConfigurationLoads() {
    PunchoutGateway gateway = new PunchoutGateway(PunchoutSettings.of(URI.create("https://gw.example.se/"),
        TestGateway.sampleConfigDir()), new InMemoryPunchoutEventLog());
    assertEquals(5, gateway.buyers().all().size());
    assertEquals(List.of(Protocol.OCI, Protocol.OCI, Protocol.OCI, Protocol.CXML, Protocol.PEPPOL),
        gateway.buyers().all().stream().map(b -> b.protocol()).sorted().toList());
    assertTrue(gateway.catalogue().items().size() >= 15);
    assertTrue(gateway.buyers().all().stream().allMatch(b -> b.secretHash().startsWith("pbkdf2-sha256$")));
    assertTrue(SecretHasher.verify("marks-oci4-demo", gateway.buyers().byId("marks-oci4").orElseThrow().secretHash()));
    var shop = gateway.buyers().byId("kungsbacka-shop").orElseThrow();
    assertTrue(SecretHasher.verify("kungsbacka-shop-demo", shop.secretHash()));
    assertTrue(SecretHasher.verify("kungsbacka-shop-api-demo", shop.externalShop().apiSecretHash()));
    assertEquals(se.peppolgw.punchout.buyer.BuyerProfile.PriceCheck.CATALOGUE, shop.externalShop().priceCheck());
    assertTrue(gateway.buyers().all().stream().filter(b -> !b.id().equals("kungsbacka-shop")).noneMatch(b -> b.hasExternalShop()),
        "the other samples use the built-in shop");
    assertEquals(List.of("/punchout/*", "/shop/*"), gateway.servlets().stream().map(ServletMount::pathSpec).toList());
    assertEquals("https://gw.example.se", gateway.settings().publicBaseUrl().toString());
  }
}
