package se.peppolgw.ap.desk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.desk.DeskApiTest;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * The desk's pages on a real gateway: a clerk logs in, previews and confirms an order response, a
 * despatch advice, an invoice and a credit note; the order's page shows the chain; field problems
 * come back beside their fields; other roles, missing CSRF tokens and unknown orders are refused.
 */
class DeskPagesTest {
  @TempDir static Path dir;
  static GatewayFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = DeskBrowser.withOperators(DeskApiTest.fixture(dir)).start();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  /** Preview, then confirm with the preview's hidden fields: answers the redirect's location. */
  static String previewAndConfirm(DeskBrowser b, String order, String form, Map<String, String> fields, String expectRoot)
      throws Exception {
    Map<String, String> f = new LinkedHashMap<>(fields);
    f.put("action", "preview");
    HttpResponse<String> preview = b.post("/ops/desk/orders/" + order + "/" + form, f);
    assertEquals(200, preview.statusCode(), preview.body());
    assertTrue(preview.body().contains("id=\"verdict\">Valid"), preview.body());
    assertTrue(preview.body().contains("&lt;" + expectRoot), "the document is shown");
    Map<String, String> again = DeskBrowser.hiddenFields(preview.body());
    again.put("action", "confirm");
    HttpResponse<String> sent = b.post("/ops/desk/orders/" + order + "/" + form, again);
    assertEquals(302, sent.statusCode(), sent.body());
    String location = sent.headers().firstValue("Location").orElseThrow();
    assertTrue(location.contains("/ops/desk/orders/" + order + "?sent="), location);
    return location;
  }

  @Test
  void aClerkAnswersDeliversInvoicesAndCreditsAnOrderFromThePages() throws Exception {
    String order = DeskApiTest.receiveOrder(fx, "PO-3001", "Anna Andersson");
    DeskBrowser clerk = DeskBrowser.login(fx, "carla");
    HttpResponse<String> list = clerk.get("/ops/desk/");
    assertEquals(200, list.statusCode(), list.body());
    assertTrue(list.body().contains("/ops/desk/orders/" + order), list.body());
    HttpResponse<String> page = clerk.get("/ops/desk/orders/" + order);
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("not confirmed, nothing delivered, nothing invoiced"), page.body());

    previewAndConfirm(clerk, order, "response",
        Map.of("decision", "ACCEPT_WITH_CHANGES", "qty.1", "100", "qty.2", "10", "sub.2", "100-2003"), "OrderResponse");
    String location = previewAndConfirm(clerk, order, "despatch-advice",
        Map.of("deliveryDate", "2026-12-10", "deliveryTime", "08:30", "packages", "2", "trackingId", "SE0001",
            "qty.1", "40"), "DespatchAdvice");
    HttpResponse<String> after = clerk.get(location.substring(location.indexOf("/ops/")));
    assertTrue(after.body().contains("id=\"banner\""), after.body());
    assertTrue(after.body().contains("confirmed with changes, 40 of 110 delivered, nothing invoiced"), after.body());
    assertTrue(after.body().contains("100-2003 (instead of 100-2002)"), "the substitute is shown");

    previewAndConfirm(clerk, order, "invoice", Map.of("invoiceNumber", "F-3001", "qty.1", "40"), "Invoice");
    previewAndConfirm(clerk, order, "credit-note",
        Map.of("invoiceNumber", "F-3001", "creditNoteNumber", "K-3001", "reason", "Två paket skadade", "qty.1", "2"),
        "CreditNote");
    JsonNode chain = Json.MAPPER.readTree(DeskApiTest.call(fx, "GET", "/api/orders/" + order, null).body());
    assertEquals("confirmed with changes, 40 of 110 delivered, 40 of 110 invoiced, 2 credited",
        chain.get("summary").asText());
    assertEquals(4, chain.get("documents").size());
    assertEquals("desk:carla", chain.get("documents").get(0).get("createdBy").asText());

    // every confirm is in the audit trail, with the clerk's name
    HttpResponse<String> audit = DeskBrowser.HTTP.send(
        HttpRequest.newBuilder(fx.url("/api/ops/audit?target=" + order))
            .header("Authorization", "Bearer " + DeskBrowser.ADMIN_TOKEN).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, audit.statusCode(), audit.body());
    JsonNode entries = Json.MAPPER.readTree(audit.body()).get("entries");
    assertEquals(4, entries.size(), audit.body());
    for (JsonNode e : entries) {
      assertEquals("carla", e.get("actor").asText());
      assertEquals("OK", e.get("outcome").asText());
      assertTrue(e.get("action").asText().startsWith("DESK_"), e.toString());
    }
  }

  @Test
  void aConfirmAfterAnotherDocumentWasSentForTheOrderIsRefused() throws Exception {
    String order = DeskApiTest.receiveOrder(fx, "PO-3009", "Anna Andersson");
    DeskBrowser clerk = DeskBrowser.login(fx, "carla");
    String path = "/ops/desk/orders/" + order + "/response";
    HttpResponse<String> preview = clerk.post(path, Map.of("action", "preview", "decision", "ACCEPT"));
    assertEquals(200, preview.statusCode(), preview.body());
    assertTrue(preview.body().contains("PO-3009-R1"), "the preview shows response number R1");
    Map<String, String> confirm = DeskBrowser.hiddenFields(preview.body());
    assertTrue(confirm.containsKey("chainMark"), confirm.toString());
    confirm.put("action", "confirm");

    // meanwhile a back office answers the same order: the next response would be R2
    HttpResponse<String> api = DeskApiTest.call(fx, "POST", "/api/orders/" + order + "/response", "{\"decision\":\"ACCEPT\"}");
    assertEquals(202, api.statusCode(), api.body());

    HttpResponse<String> stale = clerk.post(path, confirm);
    assertEquals(409, stale.statusCode(), stale.body());
    assertTrue(stale.body().contains("the order changed since the preview"), stale.body());
    JsonNode chain = Json.MAPPER.readTree(DeskApiTest.call(fx, "GET", "/api/orders/" + order, null).body());
    assertEquals(1, chain.get("documents").size(), "only the back office's response was sent: " + chain);

    // previewed again, it confirms (as R2, which the new preview showed)
    HttpResponse<String> again = clerk.post(path, Map.of("action", "preview", "decision", "ACCEPT"));
    assertTrue(again.body().contains("PO-3009-R2"), again.body());
    Map<String, String> ok = DeskBrowser.hiddenFields(again.body());
    ok.put("action", "confirm");
    assertEquals(302, clerk.post(path, ok).statusCode());
  }

  @Test
  void problemsAreShownBesideTheirFieldsAndNothingIsSent() throws Exception {
    String order = DeskApiTest.receiveOrder(fx, "PO-3002", null);
    DeskBrowser clerk = DeskBrowser.login(fx, "carla");
    String path = "/ops/desk/orders/" + order + "/despatch-advice";
    HttpResponse<String> bad = clerk.post(path,
        Map.of("action", "preview", "deliveryDate", "10 dec", "packages", "two", "qty.1", "abc", "qty.2", "3"));
    assertEquals(400, bad.statusCode(), bad.body());
    for (String field : new String[] {"deliveryDate", "packages", "qty.1"}) {
      assertTrue(bad.body().contains("data-field=\"" + field + "\""), field + " in " + bad.body());
    }
    assertTrue(bad.body().contains("value=\"two\""), "what was typed is kept");

    HttpResponse<String> tooMuch = clerk.post(path, Map.of("action", "confirm", "deliveryDate", "2026-12-10", "qty.1", "121"));
    assertEquals(409, tooMuch.statusCode(), tooMuch.body());
    assertTrue(tooMuch.body().contains("data-field=\"qty.1\""), tooMuch.body());
    assertTrue(tooMuch.body().contains("not yet delivered"), tooMuch.body());

    HttpResponse<String> nothing = clerk.post(path, Map.of("action", "preview", "deliveryDate", "2026-12-10"));
    assertEquals(400, nothing.statusCode());
    assertTrue(nothing.body().contains("data-field=\"lines\""), nothing.body());

    HttpResponse<String> badSubstitute = clerk.post("/ops/desk/orders/" + order + "/response",
        Map.of("action", "preview", "decision", "ACCEPT_WITH_CHANGES", "sub.2", "999-0000"));
    assertEquals(400, badSubstitute.statusCode(), badSubstitute.body());
    assertTrue(badSubstitute.body().contains("data-field=\"sub.2\""), badSubstitute.body());

    HttpResponse<String> noReason = clerk.post("/ops/desk/orders/" + order + "/response",
        Map.of("action", "preview", "decision", "REJECT"));
    assertEquals(400, noReason.statusCode(), noReason.body());
    assertTrue(noReason.body().contains("data-field=\"reason\""), noReason.body());

    // "change" goes back to the form with the values kept
    HttpResponse<String> edit = clerk.post(path, Map.of("action", "edit", "deliveryDate", "2026-12-11", "qty.1", "7"));
    assertEquals(200, edit.statusCode());
    assertTrue(edit.body().contains("value=\"2026-12-11\"") && edit.body().contains("value=\"7\""), edit.body());

    JsonNode chain = Json.MAPPER.readTree(DeskApiTest.call(fx, "GET", "/api/orders/" + order, null).body());
    assertEquals(0, chain.get("documents").size(), "nothing was sent");
  }

  @Test
  void otherRolesMissingTokensAndUnknownOrdersAreRefused() throws Exception {
    String order = DeskApiTest.receiveOrder(fx, "PO-3003", null);
    HttpResponse<String> anonymous = DeskBrowser.HTTP.send(
        HttpRequest.newBuilder(fx.url("/ops/desk/orders/" + order)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(302, anonymous.statusCode());
    assertTrue(anonymous.headers().firstValue("Location").orElseThrow().startsWith("/ops/login?next="));

    DeskBrowser viewer = DeskBrowser.login(fx, "vera");
    assertEquals(403, viewer.get("/ops/desk/orders/" + order).statusCode());
    assertEquals(403, viewer.post("/ops/desk/orders/" + order + "/response",
        Map.of("action", "confirm", "decision", "ACCEPT")).statusCode());

    DeskBrowser clerk = DeskBrowser.login(fx, "carla");
    DeskBrowser forged = new DeskBrowser(fx, clerk.cookie(), "not-the-token");
    HttpResponse<String> noCsrf = forged.post("/ops/desk/orders/" + order + "/response",
        Map.of("action", "confirm", "decision", "ACCEPT"));
    assertEquals(403, noCsrf.statusCode());
    assertEquals(404, clerk.get("/ops/desk/orders/" + UUID.randomUUID()).statusCode());
    assertEquals(404, clerk.get("/ops/desk/nothing").statusCode());
    assertEquals(404, clerk.post("/ops/desk/orders/" + order + "/catalogue", Map.of()).statusCode());

    // an operator may use the desk too; a clerk may not resend (operator role needed)
    DeskBrowser operator = DeskBrowser.login(fx, "olle");
    assertEquals(200, operator.get("/ops/desk/orders/" + order).statusCode());
    JsonNode chain = Json.MAPPER.readTree(DeskApiTest.call(fx, "GET", "/api/orders/" + order, null).body());
    assertEquals(0, chain.get("documents").size(), "nothing was sent");
    HttpResponse<String> resend = clerk.post("/ops/transmissions/" + order + "/resend", Map.of());
    assertEquals(403, resend.statusCode(), resend.body());
    assertTrue(resend.body().contains("actions need the operator role"), resend.body());
  }

  @Test
  void anOrderAgreementForAPhoneCallOffGoesOutFromTheApiAndFromThePage() throws Exception {
    HttpResponse<String> api = DeskApiTest.call(fx, "POST", "/api/order-agreements", """
        {"agreementId":"OA-4001","orderReference":"TEL-4001","buyer":"0007:2321000131",
         "buyerName":"Västra Götalandsregionen","buyerReference":"Anna Andersson",
         "lines":[{"articleNumber":"100-2001","quantity":12,"deliveryDate":"2026-12-20"}]}""");
    assertEquals(202, api.statusCode(), api.body());
    JsonNode sent = Json.MAPPER.readTree(api.body());
    assertEquals("ORDER_AGREEMENT", sent.get("kind").asText());
    DeskApiTest.awaitDelivered(fx, java.util.List.of(sent.get("id").asText()));

    HttpResponse<String> bad = DeskApiTest.call(fx, "POST", "/api/order-agreements", """
        {"agreementId":"OA-4002","orderReference":"TEL-4002","buyer":"0007:2321000131","buyerName":"VGR",
         "lines":[{"articleNumber":"999-0000","quantity":1}],"colour":"red"}""");
    assertEquals(400, bad.statusCode(), bad.body());
    assertTrue(bad.body().contains("/colour"), bad.body());
    HttpResponse<String> unknownArticle = DeskApiTest.call(fx, "POST", "/api/order-agreements", """
        {"agreementId":"OA-4002","orderReference":"TEL-4002","buyer":"0007:2321000131","buyerName":"VGR",
         "lines":[{"articleNumber":"999-0000","quantity":1}]}""");
    assertEquals(400, unknownArticle.statusCode(), unknownArticle.body());
    assertTrue(unknownArticle.body().contains("/lines/0/articleNumber"), unknownArticle.body());
    assertEquals(405, DeskApiTest.call(fx, "GET", "/api/order-agreements", null).statusCode());

    DeskBrowser clerk = DeskBrowser.login(fx, "carla");
    assertEquals(200, clerk.get("/ops/desk/agreements").statusCode());
    HttpResponse<String> problems = clerk.post("/ops/desk/agreements",
        Map.of("action", "preview", "agreementId", "OA-4003", "buyer", "0007:2321000131", "buyerName", "VGR",
            "art.1", "100-2001", "qty.1", "abc", "art.2", "999-0000", "qty.2", "1"));
    assertEquals(400, problems.statusCode(), problems.body());
    assertTrue(problems.body().contains("data-field=\"qty.1\""), problems.body());
    HttpResponse<String> notInCatalogue = clerk.post("/ops/desk/agreements",
        Map.of("action", "preview", "agreementId", "OA-4003", "orderReference", "WEB-77", "buyer", "0007:2321000131",
            "buyerName", "VGR", "art.3", "999-0000", "qty.3", "1"));
    assertEquals(400, notInCatalogue.statusCode(), notInCatalogue.body());
    assertTrue(notInCatalogue.body().contains("data-field=\"art.3\""), "the problem is on the row typed: " + notInCatalogue.body());

    Map<String, String> form = new LinkedHashMap<>(Map.of("action", "preview", "agreementId", "OA-4003",
        "orderReference", "WEB-77", "buyer", "0007:2321000131", "buyerName", "Västra Götalandsregionen",
        "art.1", "100-2002", "qty.1", "30"));
    HttpResponse<String> preview = clerk.post("/ops/desk/agreements", form);
    assertEquals(200, preview.statusCode(), preview.body());
    assertTrue(preview.body().contains("id=\"verdict\">Valid") && preview.body().contains("order_agreement:3"), preview.body());
    Map<String, String> again = DeskBrowser.hiddenFields(preview.body());
    again.put("action", "confirm");
    HttpResponse<String> confirmed = clerk.post("/ops/desk/agreements", again);
    assertEquals(302, confirmed.statusCode(), confirmed.body());
    String location = confirmed.headers().firstValue("Location").orElseThrow();
    String id = location.substring(location.indexOf("sent=") + 5);
    DeskApiTest.awaitDelivered(fx, java.util.List.of(id));
    assertEquals("OrderResponse", new String(fx.gateway().store().payload(id, se.peppolgw.ap.store.PayloadKind.DOCUMENT)
        .orElseThrow(), java.nio.charset.StandardCharsets.UTF_8).replaceAll("(?s).*?<(?:\\w+:)?(OrderResponse)[ >].*", "$1"));

    // both agreements are listed on the agreements page with their transmission state
    HttpResponse<String> listed = clerk.get("/ops/desk/agreements");
    for (String t : java.util.List.of(sent.get("id").asText(), id)) {
      assertTrue(listed.body().contains("class=\"agreement\" data-transmission=\"" + t + "\""), listed.body());
    }
    assertTrue(listed.body().contains("OA-4001") && listed.body().contains("OA-4003"), listed.body());
    assertTrue(listed.body().contains("class=\"state\" href=\"/ops/transmissions/" + id + "\">DELIVERED"), listed.body());
  }

  @Test
  void theCataloguePageSaysWhetherTheCatalogueKeepsTheBuyersRules() throws Exception {
    DeskBrowser clerk = DeskBrowser.login(fx, "carla");
    HttpResponse<String> page = clerk.get("/ops/desk/catalogue");
    assertEquals(200, page.statusCode(), page.body());
    // the fixture uses the shipped catalogue, which keeps them (CatalogueCheckTest shows the problems)
    assertTrue(page.body().contains("id=\"catalogue-ok\""), page.body());
    assertFalse(page.body().contains("catalogue-problems"), page.body());
  }
}
