package se.peppolgw.ap.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.testkit.GatewayFixture;

/** The punch-out module is served by the gateway and logs into the gateway's database. */
class PunchoutMountedTest {
  @TempDir Path dir;

  @Test
  void ociLoginLandsInTheShopAndIsLogged() throws Exception {
    try (GatewayFixture fx = new GatewayFixture(dir).start()) {
      HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
      String form = "USERNAME=vgr-proceedo&PASSWORD=vgr-oci3-demo&HOOK_URL="
          + URLEncoder.encode("https://proceedo.example.vgregion.se/punchout/oci/return", StandardCharsets.UTF_8);
      HttpResponse<String> shop = browser.send(
          HttpRequest.newBuilder(fx.url("/punchout/oci/vgr-oci3"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, shop.statusCode(), shop.body());
      URI landed = shop.uri();
      assertTrue(landed.getPath().startsWith("/shop"), "landed on " + landed);

      HttpResponse<String> refused = browser.send(
          HttpRequest.newBuilder(fx.url("/punchout/oci/vgr-oci3"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form.replace("vgr-oci3-demo", "wrong"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertTrue(refused.statusCode() >= 400, "wrong secret must be refused: " + refused.statusCode());

      List<String> outcomes = new ArrayList<>();
      Database db = fx.gateway().store().database();
      try (Connection c = db.connection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT outcome FROM punchout_event WHERE kind = 'SETUP' ORDER BY seq")) {
        while (rs.next()) {
          outcomes.add(rs.getString(1));
        }
      }
      assertEquals(List.of("ACCEPTED", "REFUSED"), outcomes);
    }
  }
}
