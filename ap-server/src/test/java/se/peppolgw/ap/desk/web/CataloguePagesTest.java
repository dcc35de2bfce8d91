package se.peppolgw.ap.desk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.desk.DeskApiTest;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * The catalogue's pages on a real gateway: an operator uploads CSV, sees the differences and
 * publishes (audited); the shop's file is replaced; a stale diff, a clerk, a missing CSRF token and
 * an unreadable upload are refused with what is wrong.
 */
class CataloguePagesTest {
  @TempDir static Path dir;
  static GatewayFixture fx;
  static Path shopDir;

  @BeforeAll
  static void start() throws Exception {
    shopDir = Files.createDirectories(dir.resolve("punchout"));
    Files.writeString(shopDir.resolve("catalogue.json"), """
        {"currency":"SEK","items":[
          {"articleNumber":"A-1","name":"Papper","price":49.00,"unit":"PK","vatRate":25,"unspsc":"14111507"},
          {"articleNumber":"A-2","name":"Penna","price":12,"unit":"EA","vatRate":25,"unspsc":"44121704"}]}""");
    fx = DeskBrowser.withOperators(DeskApiTest.fixture(dir.resolve("gw")))
        .with("gateway.punchout.config-dir", shopDir.toString()).start();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  static final String CSV = "articleNumber;name;price;unit;vatRate;unspsc\n"
      + "A-1;Papper;52,00;PK;25;14111507\n"
      + "A-3;Häftapparat;99;EA;25;44121615\n";

  @Test
  void anOperatorUploadsSeesTheDifferencesAndPublishes() throws Exception {
    DeskBrowser olle = DeskBrowser.login(fx, "olle");
    HttpResponse<String> page = olle.get("/ops/desk/catalogue");
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("id=\"upload-form\"") && page.body().contains("id=\"no-buyers\""), page.body());

    HttpResponse<String> review = olle.post("/ops/desk/catalogue/review", Map.of("format", "csv", "content", CSV));
    assertEquals(200, review.statusCode(), review.body());
    assertTrue(review.body().contains("1 added, 1 removed, 1 changed"), review.body());
    assertTrue(review.body().contains("class=\"added\" data-article=\"A-3\""), review.body());
    assertTrue(review.body().contains("class=\"removed\" data-article=\"A-2\""), review.body());
    assertTrue(review.body().contains("class=\"changed\" data-article=\"A-1\"><td>A-1</td><td>price</td><td>49</td><td>52</td>"),
        review.body());
    Map<String, String> publish = DeskBrowser.hiddenFields(review.body());
    assertEquals(CSV, publish.get("content"), "the upload goes along, unchanged");

    HttpResponse<String> done = olle.post("/ops/desk/catalogue/publish", publish);
    assertEquals(302, done.statusCode(), done.body());
    HttpResponse<String> after = olle.get("/ops/desk/catalogue?published=1");
    assertTrue(after.body().contains("Version 1 published.") && after.body().contains("The shop serves the new catalogue now"), after.body());
    assertTrue(after.body().contains("class=\"publication\" data-version=\"1\""), after.body());
    assertTrue(Files.readString(shopDir.resolve("catalogue.json")).contains("\"A-3\""), "the shop's file was replaced");

    // the same diff again is stale: version 1 came in between
    HttpResponse<String> stale = olle.post("/ops/desk/catalogue/publish", publish);
    assertEquals(409, stale.statusCode(), stale.body());
    assertTrue(stale.body().contains("version 1 was published since these differences were shown"), stale.body());

    HttpResponse<String> audit = DeskBrowser.HTTP.send(
        HttpRequest.newBuilder(fx.url("/api/ops/audit?target=catalogue/1"))
            .header("Authorization", "Bearer " + DeskBrowser.ADMIN_TOKEN).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode entries = Json.MAPPER.readTree(audit.body()).get("entries");
    assertEquals(1, entries.size(), audit.body());
    assertEquals("CATALOGUE_PUBLISH", entries.get(0).get("action").asText());
    assertEquals("olle", entries.get(0).get("actor").asText());
  }

  @Test
  void badUploadsClerksAndMissingTokensAreRefused() throws Exception {
    DeskBrowser olle = DeskBrowser.login(fx, "olle");
    HttpResponse<String> bad = olle.post("/ops/desk/catalogue/review",
        Map.of("format", "json", "content", "{\"items\":[{\"articleNumber\":\"A-1\",\"price\":\"gratis\"}]}"));
    assertEquals(400, bad.statusCode(), bad.body());
    assertTrue(bad.body().contains("/items/0/price: 'gratis' is not a number"), bad.body());
    assertTrue(bad.body().contains("gratis\"}]}</textarea>"), "what was pasted is kept: " + bad.body());

    DeskBrowser carla = DeskBrowser.login(fx, "carla");
    HttpResponse<String> view = carla.get("/ops/desk/catalogue");
    assertEquals(200, view.statusCode());
    assertFalse(view.body().contains("id=\"upload-form\""), "a clerk sees no upload form");
    assertEquals(403, carla.post("/ops/desk/catalogue/review", Map.of("format", "csv", "content", CSV)).statusCode());

    Map<String, String> noToken = new LinkedHashMap<>(Map.of("format", "csv", "content", CSV));
    noToken.put("_csrf", "wrong");
    assertEquals(403, olle.post("/ops/desk/catalogue/publish", noToken).statusCode());
  }
}
