package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.sbd.SbdWriter;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;

/** POST/GET /api/outbound: routing from the document, overrides, 400s, 422s, durability. */
class OutboundApiTest {
  @TempDir static Path dir;
  static GatewayFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new GatewayFixture(dir).with("gateway.outbound.dir", "none").start();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  static HttpResponse<byte[]> post(String query, byte[] body) throws Exception {
    return post(query, body, fx.apiToken());
  }

  static HttpResponse<byte[]> post(String query, byte[] body, String token) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(fx.url("/api/outbound" + query))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode json(HttpResponse<byte[]> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  static String text(String file) {
    return new String(SharedTestData.read(file), StandardCharsets.UTF_8);
  }

  static long outboundCount() {
    long n = 0;
    for (TransmissionState s : TransmissionState.values()) {
      n += fx.gateway().store().count(Direction.OUT, s);
    }
    return n;
  }

  @Test
  void anOrderIsAcceptedDurablyWithRoutingFromTheDocument() throws Exception {
    byte[] order = SharedTestData.read(SharedTestData.ORDER);
    HttpResponse<byte[]> r = post("", order);
    assertEquals(202, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    JsonNode body = json(r);
    String id = body.get("id").asText();
    String location = r.headers().firstValue("Location").orElseThrow();
    assertEquals("/api/outbound/" + id, location);
    assertEquals("0192:987654325", body.get("routing").get("senderId").asText());
    assertEquals("0192:123456785", body.get("routing").get("receiverId").asText());
    assertEquals(DocumentTypeAliases.expand("order"), body.get("routing").get("documentTypeId").asText());
    assertEquals(GatewayFixture.ORDER_ONLY_PROCESS, body.get("routing").get("processId").asText());
    assertEquals("NO", body.get("routing").get("countryC1").asText());

    // durable before the 202: the transmission, the document byte for byte and the SBD
    Transmission t = fx.gateway().store().find(id).orElseThrow();
    assertEquals(Direction.OUT, t.direction());
    assertEquals(body.get("sbdhInstanceIdentifier").asText(), t.sbdhInstanceId());
    assertArrayEquals(
        SbdWriter.bodyOf(order), fx.gateway().store().payload(id, PayloadKind.DOCUMENT).orElseThrow());
    String sbd = new String(fx.gateway().store().payload(id, PayloadKind.SBD).orElseThrow(), StandardCharsets.UTF_8);
    assertTrue(sbd.contains("<InstanceIdentifier>" + t.sbdhInstanceId() + "</InstanceIdentifier>"));

    HttpResponse<byte[]> status = fx.api("GET", location);
    assertEquals(200, status.statusCode());
    JsonNode s = json(status);
    assertEquals(id, s.get("id").asText());
    List<String> types = new ArrayList<>();
    s.get("timeline").forEach(e -> types.add(e.get("type").asText()));
    assertEquals(EventType.ACCEPTED.name(), types.get(0));
    assertTrue(types.contains(EventType.VALIDATED.name()), types::toString);
    assertArrayEquals(SbdWriter.bodyOf(order), fx.api("GET", location + "/document").body());
  }

  @Test
  void missingRoutingIs400NamingEachMissingPieceAndStoresNothing() throws Exception {
    long before = outboundCount();
    String order =
        text(SharedTestData.ORDER)
            .replace("<cbc:EndpointID schemeID=\"0192\">123456785</cbc:EndpointID>", "")
            .replaceAll("<cbc:ProfileID>[^<]*</cbc:ProfileID>", "");
    HttpResponse<byte[]> r = post("", order.getBytes(StandardCharsets.UTF_8));
    assertEquals(400, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    JsonNode p = json(r);
    List<String> missing = new ArrayList<>();
    p.get("missing").forEach(m -> missing.add(m.asText()));
    assertEquals(List.of("receiver", "process"), missing);
    assertTrue(p.get("detail").asText().contains("receiver"));
    assertEquals(before, outboundCount());
  }

  @Test
  void queryParametersFillInAndOverrideRouting() throws Exception {
    // the document names 0192:123456785 as seller; the caller routes it elsewhere
    HttpResponse<byte[]> r =
        post(
            "?receiver=iso6523-actorid-upis::0007:5567212345&countryC1=SE",
            SharedTestData.read(SharedTestData.ORDER));
    assertEquals(202, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    JsonNode routing = json(r).get("routing");
    assertEquals("0007:5567212345", routing.get("receiverId").asText());
    assertEquals("SE", routing.get("countryC1").asText());
  }

  @Test
  void invalidIdentifiersAre400() throws Exception {
    HttpResponse<byte[]> r = post("?countryC1=Sweden", SharedTestData.read(SharedTestData.ORDER));
    assertEquals(400, r.statusCode());
    assertTrue(json(r).get("detail").asText().contains("countryC1"));
  }

  @Test
  void aDocumentBreakingBisRulesIs422ListingEachRuleAndStoresNothing() throws Exception {
    long before = outboundCount();
    String invoice =
        text(SharedTestData.INVOICE).replaceAll("<cbc:BuyerReference>[^<]*</cbc:BuyerReference>", "");
    HttpResponse<byte[]> r = post("", invoice.getBytes(StandardCharsets.UTF_8));
    assertEquals(422, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    JsonNode p = json(r);
    List<String> ids = new ArrayList<>();
    p.get("errors").forEach(e -> {
      ids.add(e.get("id").asText());
      assertEquals("error", e.get("severity").asText());
      assertNotNull(e.get("location"));
      assertFalse(e.get("message").asText().isBlank());
    });
    assertTrue(ids.contains("PEPPOL-EN16931-R003"), ids::toString);
    assertEquals(before, outboundCount());
  }

  @Test
  void anUnknownCustomizationIdIs422() throws Exception {
    String order =
        text(SharedTestData.ORDER).replace("urn:fdc:peppol.eu:poacc:trns:order:3", "urn:example:not-bis");
    HttpResponse<byte[]> r = post("", order.getBytes(StandardCharsets.UTF_8));
    assertEquals(422, r.statusCode());
    assertTrue(json(r).get("detail").asText().contains("urn:example:not-bis"));
  }

  @Test
  void skippingValidationIsRefusedUnlessConfigured() throws Exception {
    HttpResponse<byte[]> r = post("?validate=false", SharedTestData.read(SharedTestData.ORDER));
    assertEquals(400, r.statusCode());
    assertTrue(json(r).get("detail").asText().contains("gateway.outbound.validation.allow-skip"));
  }

  @Test
  void aCompleteSbdIsSentAsGiven() throws Exception {
    byte[] order = SharedTestData.read(SharedTestData.ORDER);
    byte[] sbd =
        SbdWriter.write(
            new SbdWriter.Header(
                "0192:987654325", "0192:123456785", DocumentTypeAliases.expand("order"),
                GatewayFixture.ORDER_ONLY_PROCESS, "NO", "my-instance-1", Instant.now(),
                "urn:oasis:names:specification:ubl:schema:xsd:Order-2", "Order"),
            order);
    HttpResponse<byte[]> r = post("", sbd);
    assertEquals(202, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    String id = json(r).get("id").asText();
    assertEquals("my-instance-1", json(r).get("sbdhInstanceIdentifier").asText());
    assertArrayEquals(sbd, fx.gateway().store().payload(id, PayloadKind.SBD).orElseThrow());

    assertEquals(400, post("?receiver=0088:1", sbd).statusCode(), "no overrides with an SBD");
  }

  @Test
  void notXmlAndNotUblAre400() throws Exception {
    assertEquals(400, post("", "hello".getBytes(StandardCharsets.UTF_8)).statusCode());
    assertEquals(400, post("", "<a xmlns='urn:x'/>".getBytes(StandardCharsets.UTF_8)).statusCode());
    assertEquals(
        400,
        post("", "<!DOCTYPE a [<!ENTITY x 'y'>]><a/>".getBytes(StandardCharsets.UTF_8)).statusCode());
  }

  @Test
  void withoutTokenIs401UnknownIdIs404AndOtherMethodsAre405() throws Exception {
    assertEquals(401, post("", SharedTestData.read(SharedTestData.ORDER), "wrong").statusCode());
    assertEquals(404, fx.api("GET", "/api/outbound/nope").statusCode());
    HttpResponse<byte[]> get =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(fx.url("/api/outbound").toString()))
                    .header("Authorization", "Bearer " + fx.apiToken())
                    .PUT(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    // GET lists the submissions (OutboundListTest); other methods are not allowed
    assertEquals(405, get.statusCode());
    assertEquals("GET, POST", get.headers().firstValue("Allow").orElse(""));
  }
}
