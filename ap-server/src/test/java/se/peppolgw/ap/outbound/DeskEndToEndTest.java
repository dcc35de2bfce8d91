package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.desk.DeskDocumentKind;
import se.peppolgw.ap.desk.DeskOrders;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.validation.PeppolBisValidator;
import se.peppolgw.ap.validation.ValidationReport;

/**
 * The supplier's desk between two gateways on loopback (SML + SMP fixtures): the buyer (Västra
 * Götalandsregionen) orders; the supplier's desk confirms with a changed quantity and a
 * substitute, announces two partial deliveries, invoices once and credits one line. Every document
 * arrives at the buyer's gateway, passes Peppol BIS there, and the supplier's chain tells the story.
 */
class DeskEndToEndTest {
  @TempDir static Path dir;
  static TestSmpServer smp;
  static TestDns dns;
  static Peer supplier;
  static Peer buyer;

  @BeforeAll
  static void start() throws Exception {
    supplier = new Peer(dir, "supplier", "PSE000011", null);
    buyer = new Peer(dir, "buyer", "PSE000012", supplier.keystoreDir());
    smp = new TestSmpServer();
    smp.register(DeskOrders.SUPPLIER, DocumentTypeAliases.expand("order"), GatewayFixture.ORDERING_PROCESS, supplier);
    smp.register(DeskOrders.BUYER, DocumentTypeAliases.expand("order-response"), GatewayFixture.ORDERING_PROCESS, buyer);
    smp.register(DeskOrders.BUYER, DocumentTypeAliases.expand("despatch-advice"),
        "urn:fdc:peppol.eu:poacc:bis:despatch_advice:3", buyer);
    smp.register(DeskOrders.BUYER, DocumentTypeAliases.expand("invoice"), GatewayFixture.BILLING_PROCESS, buyer);
    smp.register(DeskOrders.BUYER, DocumentTypeAliases.expand("credit-note"), GatewayFixture.BILLING_PROCESS, buyer);
    dns = new TestDns(smp.url(), List.of(DeskOrders.SUPPLIER, DeskOrders.BUYER));
    Path smpTrust = smp.writeTrustStore(dir.resolve("smp-ca.p12"), "secret");
    for (Peer p : List.of(supplier, buyer)) {
      p.with("gateway.routing.mode", "sml")
          .with("gateway.routing.sml-zone", TestDns.ZONE)
          .with("gateway.routing.dns-server", dns.server())
          .with("gateway.routing.smp-truststore.path", smpTrust.toString())
          .with("gateway.routing.smp-truststore.password", "secret");
    }
    supplier.serves("supplier", DeskOrders.SUPPLIER, "order")
        .with("gateway.punchout.config-dir", Path.of("..", "config", "punchout").toAbsolutePath().toString())
        .with("gateway.supplier.vat-id", "SE556721234401")
        .with("gateway.supplier.organisation-number", "5567212344")
        .with("gateway.supplier.legal-name", "Kontorsleveranser AB")
        .with("gateway.supplier.bankgiro", "5050-1055");
    buyer.serves("buyer", DeskOrders.BUYER, "*");
    supplier.start();
    buyer.start();
  }

  @AfterAll
  static void stop() {
    TwoGateways.closeAll(buyer, supplier, dns, smp);
  }

  @Test
  void theDeskAnswersDeliversInvoicesAndCreditsAndEveryDocumentArrivesValid() throws Exception {
    String sentOrder = BuyerSupplierEndToEndTest.submit(buyer, DeskOrders.order("PO-6001", "Anna Andersson"));
    BuyerSupplierEndToEndTest.assertDelivered(buyer, sentOrder, supplier);
    Transmission sent = buyer.transmission(sentOrder);
    String order = supplier.gateway().store().findByAs4MessageId(sent.as4MessageId()).get(0).id();
    String base = "/api/orders/" + order;

    List<String> ids = new ArrayList<>();
    ids.add(desk(base + "/response", """
        {"decision":"ACCEPT_WITH_CHANGES","lines":[{"lineId":"1","quantity":100},{"lineId":"2","substituteArticle":"100-2003"}]}"""));
    ids.add(desk(base + "/despatch-advice", """
        {"deliveryDate":"2026-12-10","packages":2,"trackingId":"SE0001","lines":[{"lineId":"1","quantity":40}]}"""));
    ids.add(desk(base + "/despatch-advice", """
        {"deliveryDate":"2026-12-12","lines":[{"lineId":"1","quantity":60},{"lineId":"2","quantity":10}]}"""));
    ids.add(desk(base + "/invoice", "{\"invoiceNumber\":\"F-6001\"}"));
    ids.add(desk(base + "/credit-note", """
        {"creditNoteNumber":"K-6001","invoiceNumber":"F-6001","reason":"En penna saknades","lines":[{"lineId":"2","quantity":1}]}"""));

    List<DeskDocumentKind> kinds = List.of(DeskDocumentKind.ORDER_RESPONSE, DeskDocumentKind.DESPATCH_ADVICE,
        DeskDocumentKind.DESPATCH_ADVICE, DeskDocumentKind.INVOICE, DeskDocumentKind.CREDIT_NOTE);
    PeppolBisValidator validator = new PeppolBisValidator();
    for (int i = 0; i < ids.size(); i++) {
      BuyerSupplierEndToEndTest.assertDelivered(supplier, ids.get(i), buyer);
      Transmission out = supplier.transmission(ids.get(i));
      Transmission in = buyer.gateway().store().findByAs4MessageId(out.as4MessageId()).get(0);
      byte[] document = buyer.gateway().store().payload(in.id(), PayloadKind.DOCUMENT).orElseThrow();
      ValidationReport r = validator.validate(kinds.get(i).rootLocalName(), kinds.get(i).customizationId(), document);
      assertTrue(r.isValid(), r.errors() + "\n" + new String(document, StandardCharsets.UTF_8));
    }

    JsonNode chain = Json.MAPPER.readTree(call("GET", base, null).body());
    assertEquals("confirmed with changes, all 110 delivered, all 110 invoiced, 1 credited", chain.get("summary").asText());
    assertEquals(5, chain.get("documents").size());
    for (JsonNode d : chain.get("documents")) {
      assertEquals("DELIVERED", d.get("state").asText(), d.toString());
    }
    assertEquals("100-2003", chain.get("lines").get(1).get("agreedArticle").asText());
  }

  private static String desk(String path, String json) throws Exception {
    HttpResponse<String> r = call("POST", path, json);
    assertEquals(202, r.statusCode(), r.body());
    return Json.MAPPER.readTree(r.body()).get("id").asText();
  }

  private static HttpResponse<String> call(String method, String path, String json) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(supplier.gateway().localUrl().resolve(path))
            .header("Authorization", "Bearer " + supplier.gateway().localApiToken().orElseThrow());
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
