package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.catalogue.BisCatalogueBuilder;
import se.peppolgw.ap.desk.DeskOrders;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.validation.PeppolBisValidator;
import se.peppolgw.ap.validation.ValidationReport;
import se.peppolgw.punchout.catalogue.Catalogue;

/**
 * Catalogue publishing between two gateways on loopback (SML + SMP fixtures): the supplier's
 * operator uploads the catalogue with one price changed, sees the difference and publishes; the
 * buyer's gateway receives a Peppol BIS Catalogue that passes phive; the buyer answers with a
 * Catalogue Response through its own outbound API, and the supplier's API links it to the
 * publication. A response to a catalogue never published stays visible, unlinked.
 */
class CatalogueEndToEndTest {
  static final String PROCESS = BisCatalogueBuilder.PROFILE;
  @TempDir static Path dir;
  static TestSmpServer smp;
  static TestDns dns;
  static Peer supplier;
  static Peer buyer;
  static Path shopDir;

  @BeforeAll
  static void start() throws Exception {
    // a copy: publishing replaces the shop's catalogue.json
    shopDir = Files.createDirectories(dir.resolve("punchout"));
    Files.copy(Path.of("..", "config", "punchout", "catalogue.json"), shopDir.resolve("catalogue.json"));
    supplier = new Peer(dir, "supplier", "PSE000021", null);
    buyer = new Peer(dir, "buyer", "PSE000022", supplier.keystoreDir());
    smp = new TestSmpServer();
    smp.register(DeskOrders.BUYER, DocumentTypeAliases.expand("catalogue"), PROCESS, buyer);
    smp.register(DeskOrders.SUPPLIER, DocumentTypeAliases.expand("catalogue-response"), PROCESS, supplier);
    dns = new TestDns(smp.url(), List.of(DeskOrders.SUPPLIER, DeskOrders.BUYER));
    Path smpTrust = smp.writeTrustStore(dir.resolve("smp-ca.p12"), "secret");
    for (Peer p : List.of(supplier, buyer)) {
      p.with("gateway.routing.mode", "sml")
          .with("gateway.routing.sml-zone", TestDns.ZONE)
          .with("gateway.routing.dns-server", dns.server())
          .with("gateway.routing.smp-truststore.path", smpTrust.toString())
          .with("gateway.routing.smp-truststore.password", "secret");
    }
    supplier.serves("supplier", DeskOrders.SUPPLIER, "order,catalogue-response")
        .with("gateway.punchout.config-dir", shopDir.toString())
        .with("gateway.supplier.vat-id", "SE556721234401")
        .with("gateway.supplier.legal-name", "Kontorsleveranser AB")
        .with("gateway.catalogue.buyers", DeskOrders.BUYER + "=Västra Götalandsregionen");
    buyer.serves("buyer", DeskOrders.BUYER, "catalogue,order-response");
    supplier.start();
    buyer.start();
  }

  @AfterAll
  static void stop() {
    TwoGateways.closeAll(buyer, supplier, dns, smp);
  }

  @Test
  void aPublishedCatalogueArrivesValidAndTheBuyersResponseIsLinked() throws Exception {
    String shipped = Files.readString(shopDir.resolve("catalogue.json"));
    String changed = shipped.replaceFirst("\"price\": 49.00", "\"price\": 52.00");
    assertFalse(changed.equals(shipped), "the test changes the price of 100-2001");

    JsonNode review = Json.MAPPER.readTree(call("POST", "/api/catalogue?dryRun=true", "application/json", changed).body());
    assertEquals("0 added, 0 removed, 1 changed", review.at("/diff/summary").asText(), review.toString());
    assertEquals("100-2001", review.at("/diff/changed/0/article").asText());
    assertEquals("price", review.at("/diff/changed/0/fields/0").asText());
    assertEquals(0, review.get("baseVersion").asInt());

    HttpResponse<String> published = call("POST", "/api/catalogue", "application/json", changed);
    assertEquals(201, published.statusCode(), published.body());
    JsonNode p = Json.MAPPER.readTree(published.body());
    assertEquals(1, p.get("version").asInt());
    assertTrue(p.get("shopFileReplaced").asBoolean());
    String catalogueId = p.at("/sent/0/catalogueId").asText();
    String sentId = p.at("/sent/0/transmissionId").asText();
    assertEquals(DeskOrders.BUYER, p.at("/sent/0/buyer").asText());
    // the shop's file now holds the new price, and reads back as a catalogue
    Catalogue shop = Catalogue.load(shopDir.resolve("catalogue.json"), Json.MAPPER);
    assertEquals(0, new java.math.BigDecimal("52").compareTo(shop.item("100-2001").orElseThrow().price()));

    // the same upload again: nothing to publish
    HttpResponse<String> again = call("POST", "/api/catalogue", "application/json", changed);
    assertEquals(409, again.statusCode(), again.body());

    BuyerSupplierEndToEndTest.assertDelivered(supplier, sentId, buyer);
    Transmission out = supplier.transmission(sentId);
    Transmission in = buyer.gateway().store().findByAs4MessageId(out.as4MessageId()).get(0);
    byte[] document = buyer.gateway().store().payload(in.id(), PayloadKind.DOCUMENT).orElseThrow();
    ValidationReport r = new PeppolBisValidator().validate("Catalogue", BisCatalogueBuilder.CUSTOMIZATION, document);
    assertTrue(r.isValid(), r.errors().toString());
    String xml = new String(document, StandardCharsets.UTF_8);
    assertTrue(xml.contains(catalogueId) && xml.contains("52.00"), xml);

    String answered = BuyerSupplierEndToEndTest.submit(buyer, response("CR-1", catalogueId, "RE", "Priset på 100-2001 är inte avtalat"));
    String unknown = BuyerSupplierEndToEndTest.submit(buyer, response("CR-2", "CAT-19990101-9-9", "AP", null));
    BuyerSupplierEndToEndTest.assertDelivered(buyer, answered, supplier);
    BuyerSupplierEndToEndTest.assertDelivered(buyer, unknown, supplier);

    Peer.await(() -> overview().at("/publications/0/sent/0/state").asText().equals("DELIVERED"), Duration.ofSeconds(30),
        () -> "the catalogue's transmission state: " + overview());
    JsonNode o = overview();
    assertEquals(1, o.at("/current/version").asInt());
    JsonNode sent = o.at("/publications/0/sent/0");
    assertEquals(catalogueId, sent.get("catalogueId").asText());
    assertEquals(1, sent.get("responses").size(), o.toString());
    assertEquals("REJECTED", sent.at("/responses/0/answer").asText());
    assertEquals("Priset på 100-2001 är inte avtalat", sent.at("/responses/0/reason").asText());
    assertEquals(1, o.get("unmatchedResponses").size(), o.toString());
    assertEquals("CAT-19990101-9-9", o.at("/unmatchedResponses/0/catalogueId").asText());
    assertTrue(o.at("/unmatchedResponses/0/version").isNull());
  }

  @Test
  void aCatalogueBreakingTheBuyersRulesIsNeitherPublishedNorSent() throws Exception {
    String shipped = Files.readString(shopDir.resolve("catalogue.json"));
    String bad = shipped.replaceFirst("\"vatRate\": 25,", "\"vatRate\": null,")
        .replaceFirst("https://images.example.se/catalogue/100-2001.jpg", "http://images.example.se/my picture.jpg");
    int before = overview().get("publications").size();
    HttpResponse<String> refused = call("POST", "/api/catalogue", "application/json", bad);
    assertEquals(422, refused.statusCode(), refused.body());
    JsonNode errors = Json.MAPPER.readTree(refused.body()).get("errors");
    assertTrue(errors.toString().contains("CAT-05") && errors.toString().contains("CAT-07 100-2001"), errors.toString());
    assertEquals(before, overview().get("publications").size(), "nothing was published");

    HttpResponse<String> csv = call("POST", "/api/catalogue", "text/csv", "articleNumber,price\nA-1,abc\n");
    assertEquals(400, csv.statusCode(), csv.body());
    assertEquals("row 2, price", Json.MAPPER.readTree(csv.body()).at("/errors/0/field").asText());
    assertEquals(415, call("POST", "/api/catalogue", "application/xml", "<x/>").statusCode());
    assertNull(Json.MAPPER.readTree(call("GET", "/api/catalogue", null, null).body()).get("error"));
  }

  static JsonNode overview() {
    try {
      return Json.MAPPER.readTree(call("GET", "/api/catalogue", null, null).body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Peppol BIS Catalogue Response from the buyer to the supplier. */
  static byte[] response(String id, String catalogueId, String code, String reason) {
    String note = reason == null ? "" : "<cbc:Note>" + reason + "</cbc:Note>";
    return ("""
        <?xml version="1.0" encoding="UTF-8"?>
        <ApplicationResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2"
          xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
          xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:CustomizationID>urn:fdc:peppol.eu:poacc:trns:catalogue_response:3</cbc:CustomizationID>
          <cbc:ProfileID>urn:fdc:peppol.eu:poacc:bis:catalogue_only:3</cbc:ProfileID>
          <cbc:ID>%s</cbc:ID>
          <cbc:IssueDate>2026-12-06</cbc:IssueDate>%s
          <cac:SenderParty>
            <cbc:EndpointID schemeID="0007">2321000131</cbc:EndpointID>
            <cac:PartyLegalEntity><cbc:RegistrationName>Västra Götalandsregionen</cbc:RegistrationName></cac:PartyLegalEntity>
          </cac:SenderParty>
          <cac:ReceiverParty>
            <cbc:EndpointID schemeID="0007">5567212344</cbc:EndpointID>
            <cac:PartyLegalEntity><cbc:RegistrationName>Kontorsleveranser AB</cbc:RegistrationName></cac:PartyLegalEntity>
          </cac:ReceiverParty>
          <cac:DocumentResponse>
            <cac:Response><cbc:ResponseCode>%s</cbc:ResponseCode></cac:Response>
            <cac:DocumentReference><cbc:ID>%s</cbc:ID></cac:DocumentReference>
          </cac:DocumentResponse>
        </ApplicationResponse>
        """.formatted(id, note, code, catalogueId)).getBytes(StandardCharsets.UTF_8);
  }

  static HttpResponse<String> call(String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(supplier.gateway().localUrl().resolve(path))
            .header("Authorization", "Bearer " + supplier.gateway().localApiToken().orElseThrow());
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
