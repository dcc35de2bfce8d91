package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.validation.PeppolRuleCalendar;
import se.peppolgw.ap.validation.PeppolRuleCalendar.Release;

/**
 * A gateway whose bundled Peppol BIS rules are older than the release in force by its calendar
 * says so on /health (details) and on the dashboard (page and JSON), and stays UP.
 */
class OutdatedPeppolRulesTest {
  @TempDir static Path dir;
  static GatewayFixture fx;

  @BeforeAll
  static void start() throws Exception {
    List<Release> releases = new ArrayList<>(PeppolRuleCalendar.PEPPOL_BIS3);
    // a release that became mandatory yesterday and that the bundled phive-rules-peppol lacks
    releases.add(
        new Release("2099.5", LocalDate.now(ZoneOffset.UTC).minusDays(1), "test release"));
    fx =
        OpsTestSupport.withOperators(new GatewayFixture(dir))
            .withRulesCalendar(new PeppolRuleCalendar(releases))
            .start();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @Test
  void healthDetailsCarryTheWarningAndTheGatewayStaysUp() throws Exception {
    HttpResponse<String> r = OpsTestSupport.get(fx, "/health", fx.apiToken());
    assertEquals(200, r.statusCode());
    JsonNode h = Json.MAPPER.readTree(r.body());
    assertEquals("UP", h.get("status").asText());
    JsonNode rules = h.get("peppolRules");
    assertEquals("2099.5", rules.get("inForce").asText());
    assertEquals("2026.5", rules.get("newestBundled").asText());
    assertTrue(rules.get("outdated").asBoolean());
    assertTrue(rules.get("warning").asText().contains("upgrade phive-rules-peppol"), rules.toString());
  }

  @Test
  void theDashboardShowsTheWarning() throws Exception {
    JsonNode d =
        Json.MAPPER.readTree(
            OpsTestSupport.get(fx, "/api/ops/dashboard", OpsTestSupport.VIEWER_TOKEN).body());
    assertEquals("2099.5", d.get("peppolRulesInForce").asText());
    assertTrue(d.get("peppolRulesWarning").asText().contains("2099.5"), d.toString());

    HttpResponse<String> page = OpsTestSupport.Browser.login(fx, "vera").get("/ops/");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("id=\"peppol-rules-warning\""), page.body());
    assertTrue(page.body().contains("newest bundled rule set is 2026.5"));
    assertFalse(page.body().contains("id=\"peppol-rules\""));
  }
}
