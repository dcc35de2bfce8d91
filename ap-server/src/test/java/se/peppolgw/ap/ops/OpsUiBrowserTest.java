package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import se.peppolgw.ap.ops.OpsTestSupport.Row;
import se.peppolgw.ap.store.Database;
import se.peppolgw.ap.testkit.Chromium;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * The template-rendered operator pages in headless Chromium under the real CSP: dashboard, the list
 * filtered with its CSV link, a delivered transmission's resend confirmation (declined, so nothing is
 * sent), and the punch-out sessions page. Screenshots in target/screenshots.
 */
class OpsUiBrowserTest {

  @TempDir static Path dir;
  static GatewayFixture gw;
  static String delivered;

  @BeforeAll
  static void start() throws Exception {
    gw = OpsTestSupport.withOperators(new GatewayFixture(dir)).with("gateway.outbound.dir", "none").start();
    Database db = gw.gateway().store().database();
    Row d = new Row().out("DELIVERED").type("invoice");
    d.businessId = "INV-2026-0042";
    delivered = d.insert(db);
    Row f = new Row().out("FAILED").type("invoice");
    f.businessId = "INV-2026-0050";
    f.errorCode = "RECEIVER_REFUSED";
    f.insert(db);
    try (var c = db.connection(); var ps = c.prepareStatement("INSERT INTO punchout_event (at, kind, protocol,"
        + " buyer_id, session_id, operation, outcome) VALUES (CURRENT_TIMESTAMP, 'SETUP', 'CXML', 'acme', 'sess-1',"
        + " 'create', 'OK')")) {
      ps.executeUpdate();
    }
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.stop();
    }
  }

  @Test
  void operatorWalksThroughTheChangedPages() throws Exception {
    WebDriver driver = Chromium.start(1000);
    try {
      URI base = gw.url("/");
      driver.get(base.resolve("/ops/").toString());
      driver.findElement(By.id("username")).sendKeys("olle");
      driver.findElement(By.id("password")).sendKeys(OpsTestSupport.PASSWORD, Keys.ENTER);
      Chromium.await(driver, By.id("auto-refresh"));
      assertTrue(driver.findElement(By.id("outbox")).getText().contains("Outbox backlog"));
      assertEquals("rgba(29, 35, 48, 1)", driver.findElement(By.tagName("nav")).getCssValue("background-color"),
          "the stylesheet loads under the CSP");
      Chromium.screenshot(driver, "ops-ui-1-dashboard.png");

      driver.get(base.resolve("/ops/transmissions").toString());
      new Select(driver.findElement(By.id("f-state"))).selectByValue("FAILED_ALL");
      driver.findElement(By.id("filter")).click();
      Chromium.await(driver, By.cssSelector("#transmissions tbody tr"));
      assertTrue(driver.getCurrentUrl().contains("state=FAILED_ALL"), driver.getCurrentUrl());
      String rows = driver.findElement(By.id("transmissions")).getText();
      assertTrue(rows.contains("INV-2026-0050") && !rows.contains("INV-2026-0042"), rows);
      assertTrue(driver.findElement(By.id("csv")).getDomAttribute("href").contains("/ops/transmissions.csv?"),
          "the CSV link keeps the filter");
      assertTrue(driver.findElement(By.id("csv")).getDomAttribute("href").contains("state=FAILED_ALL"));
      Chromium.screenshot(driver, "ops-ui-2-list-filtered.png");

      driver.get(base.resolve("/ops/transmissions/" + delivered).toString());
      driver.findElement(By.id("resend")).click();
      Chromium.await(driver, By.id("resend-warning"));
      assertTrue(driver.findElement(By.id("resend-warning")).getText().contains("second copy"));
      Chromium.screenshot(driver, "ops-ui-3-resend-confirmation.png");
      driver.findElement(By.id("keep")).click();
      Chromium.await(driver, By.id("verdict"));
      assertTrue(driver.getCurrentUrl().endsWith("/ops/transmissions/" + delivered), driver.getCurrentUrl());

      driver.get(base.resolve("/ops/punchout").toString());
      Chromium.await(driver, By.cssSelector("#punchout tr.session"));
      assertTrue(driver.findElement(By.id("punchout")).getText().contains("acme"));
      new Select(driver.findElement(By.id("f-buyer"))).selectByValue("acme");
      driver.findElement(By.id("filter")).click();
      Chromium.await(driver, By.cssSelector("#punchout tr.session"));
      assertTrue(driver.getCurrentUrl().contains("buyer=acme"), driver.getCurrentUrl());
      Chromium.screenshot(driver, "ops-ui-4-punchout-sessions.png");
    } finally {
      Chromium.stop(driver);
    }
  }
}
