package se.peppolgw.ap.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.desk.OrderResponseBuilderTest.TODAY;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * One test per buyer rule of the VGR profile, through POST /api/outbound: a document breaking only
 * that rule is refused with 422 naming the rule id; the correct document is accepted and its
 * timeline shows the profile that applied.
 */
class BuyerRulesApiTest {
  @TempDir static Path dir;
  static GatewayFixture fx;
  static ReceivedOrder order;
  static final String ORDER_NUMBER = "PO-3001";
  /** Despatch advices and order responses carry no seller address: the C1 country is given. */
  static final String C1 = "?countryC1=SE";

  @BeforeAll
  static void start() throws Exception {
    fx = DeskApiTest.fixture(dir)
        .with("gateway.outbound.validation.allow-skip", "true")
        .with("gateway.outbound.dir", dir.resolve("outbound").toString())
        .start();
    DeskApiTest.receiveOrder(fx, ORDER_NUMBER, "Anna Andersson");
    order = ReceivedOrder.read("t", DeskOrders.order(ORDER_NUMBER, "Anna Andersson"));
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  static String invoice(String number) throws Exception {
    BillingBuilder b = new BillingBuilder(DespatchAndBillingBuilderTest.SUPPLIER, DeskOrders.catalogue()::item);
    return new String(b.invoice(order, OrderProgress.none(), new InvoiceRequest(number, null, List.of()), TODAY).xml(),
        StandardCharsets.UTF_8);
  }

  static String despatch(String id, String quantity) throws Exception {
    return new String(
        new DespatchAdviceBuilder()
            .build(order, OrderProgress.none(),
                new DespatchRequest(null, TODAY, null, null, null, null, null, List.of(new LineQuantity("1", new BigDecimal(quantity)))),
                id, TODAY)
            .xml(),
        StandardCharsets.UTF_8);
  }

  static HttpResponse<String> post(String xml, String query) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(fx.url("/api/outbound" + query))
            .header("Authorization", "Bearer " + fx.apiToken())
            .POST(HttpRequest.BodyPublishers.ofString(xml))
            .build();
    return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
  }

  /** The ids of the failed rules: BIS rule ids and, beside them, buyer rule ids. */
  static List<String> refusedBy(String xml, String query) throws Exception {
    HttpResponse<String> r = post(xml, query);
    assertEquals(422, r.statusCode(), r.body());
    JsonNode n = Json.MAPPER.readTree(r.body());
    List<String> ids = new ArrayList<>();
    n.get("errors").forEach(e -> ids.add(e.get("id").asText()));
    n.get("buyerRules").forEach(e -> {
      ids.add(e.get("id").asText());
      assertTrue(!e.get("message").asText().isBlank() && !e.get("messageSv").asText().isBlank(), e.toString());
    });
    assertEquals("SE-VGR", n.get("buyerProfile").asText());
    return ids;
  }

  @Test
  void aCorrectInvoiceIsAcceptedAndTheAppliedProfileIsRecorded() throws Exception {
    HttpResponse<String> r = post(invoice("F-3000"), "");
    assertEquals(202, r.statusCode(), r.body());
    String id = Json.MAPPER.readTree(r.body()).get("id").asText();
    String status = DeskApiTest.call(fx, "GET", "/api/outbound/" + id, null).body();
    assertTrue(status.contains("\"code\":\"SE-VGR\"") && status.contains("Buyer rules SE-VGR"), status);
  }

  @Test
  void inv01TheBuyersReferenceMustNotBeTheLiteralBestallarId() throws Exception {
    String xml = invoice("F-3001").replace("<cbc:BuyerReference>Anna Andersson<", "<cbc:BuyerReference>Beställar-id: Anna<");
    assertEquals(List.of("SE-VGR-INV-01"), refusedBy(xml, ""));
  }

  @Test
  void inv02TheReferencedOrderMustHaveBeenReceivedFromThisBuyer() throws Exception {
    String xml = invoice("F-3002").replace("<cbc:ID>" + ORDER_NUMBER + "</cbc:ID>", "<cbc:ID>PO-9999</cbc:ID>");
    assertEquals(List.of("SE-VGR-INV-02"), refusedBy(xml, ""));
  }

  @Test
  void inv03OneOrderPerInvoice() throws Exception {
    String xml = invoice("F-3003").replaceFirst("<cbc:LineID>1</cbc:LineID>",
        "<cbc:LineID>1</cbc:LineID><cac:OrderReference><cbc:ID>PO-3002</cbc:ID></cac:OrderReference>");
    assertEquals(List.of("SE-VGR-INV-03"), refusedBy(xml, ""));
  }

  @Test
  void inv04OneCurrencyAlsoWhenPeppolBisValidationIsSkipped() throws Exception {
    String xml = invoice("F-3004").replaceFirst("<cbc:PriceAmount currencyID=\"SEK\">", "<cbc:PriceAmount currencyID=\"EUR\">");
    // with validation BIS rule PEPPOL-EN16931-R051 says the same; skipped, the buyer rule still holds
    assertEquals(List.of("SE-VGR-INV-04"), refusedBy(xml, "?validate=false"));
  }

  @Test
  void inv05TheBuyersVatIdMustBePresent() throws Exception {
    String xml = invoice("F-3005");
    int customer = xml.indexOf("<cac:AccountingCustomerParty>");
    int from = xml.indexOf("<cac:PartyTaxScheme>", customer);
    int to = xml.indexOf("</cac:PartyTaxScheme>", from) + "</cac:PartyTaxScheme>".length();
    assertEquals(List.of("SE-VGR-INV-05"), refusedBy(xml.substring(0, from) + xml.substring(to), ""));
  }

  @Test
  void des01AndDes02TheOrderMustExistAndNeverMoreThanOrdered() throws Exception {
    HttpResponse<String> ok = post(despatch("D-3000", "120"), C1);
    assertEquals(202, ok.statusCode(), ok.body());
    assertEquals(List.of("SE-VGR-DES-01"),
        refusedBy(despatch("D-3001", "1").replace("<cbc:ID>" + ORDER_NUMBER + "</cbc:ID>", "<cbc:ID>PO-9999</cbc:ID>"), C1));
    assertEquals(List.of("SE-VGR-DES-02"), refusedBy(despatch("D-3002", "120").replace(">120</cbc:DeliveredQuantity>", ">121</cbc:DeliveredQuantity>"), C1));
    assertEquals(List.of("SE-VGR-DES-02"),
        refusedBy(despatch("D-3003", "1").replace("<cbc:ID>100-2001</cbc:ID>", "<cbc:ID>555-0000</cbc:ID>"), C1));
  }

  @Test
  void ors01ASubstituteMustExistInTheCatalogue() throws Exception {
    se.peppolgw.punchout.catalogue.CatalogueItem anything = DeskOrders.catalogue().items().get(0);
    OrderResponseBuilder permissive =
        new OrderResponseBuilder(a -> Optional.of(new se.peppolgw.punchout.catalogue.CatalogueItem(a, "Okänd artikel",
            anything.price(), "EA", anything.vatRate(), null, null, List.of(), null, null, null, null, null)));
    OrderResponseRequest withSubstitute =
        new OrderResponseRequest(OrderResponseRequest.Decision.ACCEPT_WITH_CHANGES, null, null, null,
            List.of(new OrderResponseRequest.LineChange("2", null, null, "999-0000")));
    String bad = new String(permissive.build(order, withSubstitute, "R-3001", TODAY).xml(), StandardCharsets.UTF_8);
    assertEquals(List.of("SE-VGR-ORS-01"), refusedBy(bad, C1));
    String good = bad.replace("999-0000", "100-2003");
    HttpResponse<String> r = post(good, C1);
    assertEquals(202, r.statusCode(), r.body());
  }

  @Test
  void theOutboundFolderAppliesTheSameRules() throws Exception {
    Path folder = dir.resolve("outbound");
    String xml = invoice("F-3006").replace("<cbc:BuyerReference>Anna Andersson<", "<cbc:BuyerReference>beställar-id<");
    java.nio.file.Files.writeString(folder.resolve("inv01.xml.part"), xml);
    java.nio.file.Files.move(folder.resolve("inv01.xml.part"), folder.resolve("inv01.xml"));
    Path result = folder.resolve("results").resolve("inv01.xml.result.json");
    java.time.Instant deadline = java.time.Instant.now().plusSeconds(90);
    String seen = "";
    while (!seen.contains("\"rejected\"")) {
      assertTrue(java.time.Instant.now().isBefore(deadline), "no rejection in time: " + seen);
      Thread.sleep(100); // polling interval
      seen = java.nio.file.Files.isRegularFile(result) ? java.nio.file.Files.readString(result) : "";
    }
    assertTrue(seen.contains("SE-VGR-INV-01") && seen.contains("422"), seen);
  }
}
