package se.peppolgw.ap.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.TestSender;

/**
 * The desk API on a real gateway: an order arrives over AS4, the back office answers it through
 * {@code /api/orders}, and every document goes out through the outbox (here looped back to the
 * buyer, a participant the same local-mode gateway serves).
 */
public class DeskApiTest {
  @TempDir static Path dir;
  static GatewayFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = fixture(dir).start();
  }

  /** The test gateway serves the supplier (a valid Swedish organisation number) and the buyer. */
  public static GatewayFixture fixture(Path root) {
    return new GatewayFixture(root)
        .with("gateway.participants", "supplier,buyer")
        .with("gateway.participant.supplier.id", DeskOrders.SUPPLIER)
        .with("gateway.participant.supplier.document-types", "*")
        .with("gateway.participant.buyer.id", DeskOrders.BUYER)
        .with("gateway.participant.buyer.document-types", "*")
        .with("gateway.supplier.vat-id", "SE556721234401")
        .with("gateway.supplier.organisation-number", "5567212344")
        .with("gateway.supplier.legal-name", "Kontorsleveranser AB")
        .with("gateway.supplier.bankgiro", "5050-1055");
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  /** Sends the order over AS4 and returns the id of the inbound transmission that carries it. */
  public static String receiveOrder(GatewayFixture fx, String number, String customerReference) {
    TestSender.Routing r =
        new TestSender.Routing(DeskOrders.BUYER, DeskOrders.SUPPLIER, DocumentTypeAliases.expand("order"),
            GatewayFixture.ORDERING_PROCESS, "SE");
    TestSender.Sent sent =
        fx.trustedSender()
            .send(r, TestSender.sbd(r, UUID.randomUUID().toString(), DeskOrders.order(number, customerReference),
                "urn:oasis:names:specification:ubl:schema:xsd:Order-2", "Order"));
    assertTrue(sent.answer().receipt(), () -> "answer: " + sent.answer());
    return fx.gateway().store().findByAs4MessageId(sent.messageId()).get(0).id();
  }

  public static HttpResponse<String> call(GatewayFixture fx, String method, String path, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(fx.url(path)).header("Authorization", "Bearer " + fx.apiToken());
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode accepted(HttpResponse<String> r) throws Exception {
    assertEquals(202, r.statusCode(), r.body());
    JsonNode n = Json.MAPPER.readTree(r.body());
    assertEquals(r.headers().firstValue("Location").orElseThrow(), n.get("location").asText());
    return n;
  }

  public static void awaitDelivered(GatewayFixture fx, List<String> ids) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    for (String id : ids) {
      while (true) {
        JsonNode s = Json.MAPPER.readTree(call(fx, "GET", "/api/outbound/" + id, null).body());
        if ("DELIVERED".equals(s.get("state").asText())) {
          break;
        }
        assertTrue(Instant.now().isBefore(deadline), "not delivered in time: " + s);
        Thread.onSpinWait();
        Thread.sleep(100); // polling interval, not a wait for state
      }
    }
  }

  @Test
  void answersDeliversInvoicesAndCreditsAnOrderAndTheChainTellsTheStory() throws Exception {
    String order = receiveOrder(fx, "PO-2001", "Anna Andersson");
    String base = "/api/orders/" + order;
    JsonNode before = Json.MAPPER.readTree(call(fx, "GET", base, null).body());
    assertEquals("not confirmed, nothing delivered, nothing invoiced", before.get("summary").asText());
    assertEquals("PO-2001", before.get("orderNumber").asText());

    List<String> sent = new ArrayList<>();
    sent.add(accepted(call(fx, "POST", base + "/response", """
        {"decision":"ACCEPT_WITH_CHANGES","lines":[
          {"lineId":"1","quantity":100,"deliveryDate":"2026-12-20"},
          {"lineId":"2","substituteArticle":"100-2003"}]}""")).get("id").asText());
    sent.add(accepted(call(fx, "POST", base + "/despatch-advice", """
        {"deliveryDate":"2026-12-10","packages":2,"grossWeightKg":"20.5","trackingId":"SE0001",
         "lines":[{"lineId":"1","quantity":40}]}""")).get("id").asText());
    assertEquals("confirmed with changes, 40 of 110 delivered, nothing invoiced",
        Json.MAPPER.readTree(call(fx, "GET", base, null).body()).get("summary").asText());
    sent.add(accepted(call(fx, "POST", base + "/despatch-advice", """
        {"deliveryDate":"2026-12-12","lines":[{"lineId":"1","quantity":60},{"lineId":"2","quantity":10}]}"""))
        .get("id").asText());
    JsonNode invoice = accepted(call(fx, "POST", base + "/invoice", """
        {"invoiceNumber":"F-2001"}"""));
    assertEquals("F-2001", invoice.get("documentId").asText());
    sent.add(invoice.get("id").asText());
    sent.add(accepted(call(fx, "POST", base + "/credit-note", """
        {"creditNoteNumber":"K-2001","invoiceNumber":"F-2001","reason":"Tre pennor returnerade",
         "lines":[{"lineId":"2","quantity":3}]}""")).get("id").asText());

    JsonNode chain = Json.MAPPER.readTree(call(fx, "GET", base, null).body());
    assertEquals("confirmed with changes, all 110 delivered, all 110 invoiced, 3 credited", chain.get("summary").asText());
    assertEquals(5, chain.get("documents").size());
    assertEquals("100-2003", chain.get("lines").get(1).get("agreedArticle").asText());
    assertEquals(0, chain.get("lines").get(0).get("confirmed").decimalValue().compareTo(new java.math.BigDecimal("100")));
    awaitDelivered(fx, sent);
    // the buyer (served by the same gateway) received all five documents
    for (String id : sent) {
      String sbdh = fx.gateway().store().find(id).orElseThrow().sbdhInstanceId();
      assertNotNull(sbdh);
    }
  }

  @Test
  void namesEveryBadFieldAndRefusesMoreThanRemains() throws Exception {
    String order = receiveOrder(fx, "PO-2002", null);
    String base = "/api/orders/" + order;
    HttpResponse<String> bad = call(fx, "POST", base + "/despatch-advice", """
        {"deliveryDate":"10 dec","packages":-1,"grossWeightKg":1e999999,"quantitty":1,
         "lines":[{"lineId":"1"},{"lineId":"2","quantity":"abc"}]}""");
    assertEquals(400, bad.statusCode(), bad.body());
    assertTrue(bad.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
    List<String> fields = new ArrayList<>();
    Json.MAPPER.readTree(bad.body()).get("errors").forEach(e -> fields.add(e.get("field").asText()));
    assertEquals(
        List.of("/quantitty", "/deliveryDate", "/packages", "/grossWeightKg", "/lines/0/quantity", "/lines/1/quantity"),
        fields, bad.body());

    HttpResponse<String> tooMuch = call(fx, "POST", base + "/despatch-advice", """
        {"deliveryDate":"2026-12-10","lines":[{"lineId":"1","quantity":121}]}""");
    assertEquals(409, tooMuch.statusCode(), tooMuch.body());
    assertTrue(tooMuch.body().contains("/lines/0/quantity") && tooMuch.body().contains("120"), tooMuch.body());

    HttpResponse<String> unknownLine = call(fx, "POST", base + "/invoice", """
        {"invoiceNumber":"F-9","lines":[{"lineId":"99","quantity":1}]}""");
    assertEquals(400, unknownLine.statusCode(), unknownLine.body());
    assertTrue(unknownLine.body().contains("/lines/0/lineId"), unknownLine.body());

    HttpResponse<String> badSubstitute = call(fx, "POST", base + "/response", """
        {"decision":"ACCEPT_WITH_CHANGES","lines":[{"lineId":"2","substituteArticle":"999-0000"}]}""");
    assertEquals(400, badSubstitute.statusCode(), badSubstitute.body());
    assertTrue(badSubstitute.body().contains("/lines/0/substituteArticle"), badSubstitute.body());

    assertEquals(400, call(fx, "POST", base + "/invoice", "[1,2]").statusCode());
    assertEquals(400, call(fx, "POST", base + "/credit-note", "{\"creditNoteNumber\":\"K\",\"reason\":\"x\"}").statusCode());
    HttpResponse<String> noInvoice = call(fx, "POST", base + "/credit-note",
        "{\"creditNoteNumber\":\"K-1\",\"invoiceNumber\":\"F-404\",\"reason\":\"x\"}");
    assertEquals(409, noInvoice.statusCode(), noInvoice.body());

    // the order was rejected: nothing more can be delivered or invoiced
    accepted(call(fx, "POST", base + "/response", "{\"decision\":\"REJECT\",\"reason\":\"Utgått ur sortimentet\"}"));
    assertEquals(409, call(fx, "POST", base + "/despatch-advice",
        "{\"deliveryDate\":\"2026-12-10\",\"lines\":[{\"lineId\":\"1\",\"quantity\":1}]}").statusCode());
    assertEquals(409, call(fx, "POST", base + "/invoice", "{\"invoiceNumber\":\"F-3\"}").statusCode());
    assertEquals("rejected", Json.MAPPER.readTree(call(fx, "GET", base, null).body()).get("summary").asText());
  }

  @Test
  void unknownOrdersMethodsAndTokensAreRefused() throws Exception {
    assertEquals(404, call(fx, "GET", "/api/orders/" + UUID.randomUUID(), null).statusCode());
    String order = receiveOrder(fx, "PO-2003", null);
    assertEquals(405, call(fx, "POST", "/api/orders/" + order, "{}").statusCode());
    assertEquals(405, call(fx, "GET", "/api/orders/" + order + "/invoice", null).statusCode());
    assertEquals(404, call(fx, "POST", "/api/orders/" + order + "/catalogue", "{}").statusCode());
    HttpResponse<String> anonymous =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(fx.url("/api/orders/" + order)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, anonymous.statusCode());
    // an outbound transmission is not an order
    String response = accepted(call(fx, "POST", "/api/orders/" + order + "/response", "{\"decision\":\"ACCEPT\"}")).get("id").asText();
    assertEquals(404, call(fx, "GET", "/api/orders/" + response, null).statusCode());
  }
}
