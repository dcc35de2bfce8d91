package se.peppolgw.ap.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.testkit.GatewayFixture;

/** The desk and catalogue APIs refuse a caller without a token (401) and a body over their limit (413). */
class DeskApiLimitsTest {
  @TempDir Path dir;

  @Test
  void everyDeskApiRefusesStrangersAndOversizedBodies() throws Exception {
    try (GatewayFixture fx = new GatewayFixture(dir).start()) {
      HttpClient http = HttpClient.newHttpClient();
      String[][] endpoints = {
        {"/api/order-agreements", "application/json", Integer.toString(DeskApiServlet.MAX_BODY)},
        {"/api/orders/00000000-0000-0000-0000-000000000000/invoice", "application/json",
          Integer.toString(DeskApiServlet.MAX_BODY)},
        {"/api/catalogue", "application/json",
          Integer.toString(se.peppolgw.ap.catalogue.UploadLimits.MAX_BYTES)},
      };
      for (String[] e : endpoints) {
        int limit = Integer.parseInt(e[2]);
        HttpResponse<String> stranger = http.send(HttpRequest.newBuilder(fx.url(e[0]))
                .header("Content-Type", e[1]).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(401, stranger.statusCode(), e[0] + ": " + stranger.body());

        HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(fx.url(e[0]))
                .header("Authorization", "Bearer " + fx.apiToken()).header("Content-Type", e[1])
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[limit + 1])).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(413, tooLarge.statusCode(), e[0] + ": " + tooLarge.body());
        assertTrue(tooLarge.body().contains("The limit is " + limit + " bytes"), tooLarge.body());
      }
    }
  }
}
