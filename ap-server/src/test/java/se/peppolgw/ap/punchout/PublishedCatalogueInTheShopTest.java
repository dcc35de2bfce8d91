package se.peppolgw.ap.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.testkit.GatewayFixture;

/** A catalogue published on the desk is what the punch-out shop serves from the next request, without a restart. */
class PublishedCatalogueInTheShopTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void theShopServesAPublishedArticleAtOnce() throws Exception {
    Path shopDir = copyOfTheSampleConfiguration();
    try (GatewayFixture fx = new GatewayFixture(dir).with("gateway.punchout.config-dir", shopDir.toString()).start()) {
      HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
      URI shop = login(fx, browser);
      assertFalse(search(browser, shop).contains("Skrivbordslampa LED 9W"), "not in the catalogue yet");

      ObjectNode catalogue = (ObjectNode) JSON.readTree(Files.readString(shopDir.resolve("catalogue.json")));
      JsonNode template = catalogue.withArray("items").get(0);
      ObjectNode lamp = template.deepCopy();
      lamp.put("articleNumber", "900-0001");
      lamp.put("name", "Skrivbordslampa LED 9W");
      lamp.put("gtin", "7310000009001");
      lamp.put("imageUrl", "https://images.example.se/catalogue/900-0001.jpg");
      lamp.put("productSheetUrl", "https://images.example.se/sheets/900-0001.pdf");
      catalogue.withArray("items").add(lamp);
      HttpResponse<String> published = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(fx.url("/api/catalogue"))
              .header("Authorization", "Bearer " + fx.apiToken())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(catalogue))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertTrue(published.statusCode() / 100 == 2, published.statusCode() + " " + published.body());
      assertTrue(published.body().contains("the shop serves the new catalogue now"), published.body());

      assertTrue(search(browser, shop).contains("Skrivbordslampa LED 9W"), "the same shop session finds it");
    }
  }

  private Path copyOfTheSampleConfiguration() throws Exception {
    Path source = Path.of("..", "config", "punchout").toAbsolutePath().normalize();
    Path target = dir.resolve("punchout");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path t = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return target;
  }

  private static URI login(GatewayFixture fx, HttpClient browser) throws Exception {
    String form = "USERNAME=vgr-proceedo&PASSWORD=vgr-oci3-demo&HOOK_URL="
        + URLEncoder.encode("https://proceedo.example.vgregion.se/punchout/oci/return", StandardCharsets.UTF_8);
    HttpResponse<String> landed = browser.send(
        HttpRequest.newBuilder(fx.url("/punchout/oci/vgr-oci3"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, landed.statusCode(), landed.body());
    return landed.uri();
  }

  private static String search(HttpClient browser, URI shop) throws Exception {
    // the shop's URL names the session (s=, and sid= for a client without cookies)
    String base = shop.toString();
    URI q = URI.create(base + (base.contains("?") ? "&" : "?") + "q=" + URLEncoder.encode("Skrivbordslampa", StandardCharsets.UTF_8));
    HttpResponse<String> r = browser.send(HttpRequest.newBuilder(q).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }
}
