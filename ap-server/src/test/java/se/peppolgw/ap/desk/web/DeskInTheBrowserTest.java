package se.peppolgw.ap.desk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.desk.DeskApiTest;
import se.peppolgw.ap.testkit.Chromium;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * A clerk in Chromium: confirms an order with a changed quantity and a substitute, announces a
 * delivery and invoices, each by preview and confirm; screenshots in target/screenshots.
 */
class DeskInTheBrowserTest {
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

  @Test
  void aClerkConfirmsDeliversAndInvoicesByClicking() throws Exception {
    String order = DeskApiTest.receiveOrder(fx, "PO-5001", "Anna Andersson");
    WebDriver driver = Chromium.start(1400);
    try {
      driver.get(fx.url("/ops/desk/orders/" + order).toString());
      assertTrue(driver.getCurrentUrl().contains("/ops/login"), driver.getCurrentUrl());
      driver.findElement(By.id("username")).sendKeys("carla");
      driver.findElement(By.id("password")).sendKeys(DeskBrowser.PASSWORD, Keys.ENTER);
      Chromium.await(driver, By.id("summary"));
      assertEquals("not confirmed, nothing delivered, nothing invoiced", driver.findElement(By.id("summary")).getText());
      Chromium.screenshot(driver, "desk-1-order.png");

      driver.findElement(By.cssSelector("#form-response input[name='decision'][value='ACCEPT_WITH_CHANGES']")).click();
      type(driver, "#form-response input[name='qty.1']", "100");
      type(driver, "#form-response input[name='sub.2']", "100-2003");
      driver.findElement(By.id("preview-response")).click();
      confirm(driver, "desk-2-response-preview.png");

      open(driver, "form-despatch-advice");
      set(driver, "#form-despatch-advice input[name='deliveryDate']", "2026-12-10");
      type(driver, "#form-despatch-advice input[name='packages']", "2");
      type(driver, "#form-despatch-advice input[name='trackingId']", "SE0001");
      type(driver, "#form-despatch-advice input[name='qty.1']", "40");
      driver.findElement(By.id("preview-despatch-advice")).click();
      confirm(driver, "desk-3-despatch-preview.png");
      assertEquals("confirmed with changes, 40 of 110 delivered, nothing invoiced",
          driver.findElement(By.id("summary")).getText());

      open(driver, "form-invoice");
      type(driver, "#form-invoice input[name='invoiceNumber']", "F-5001");
      type(driver, "#form-invoice input[name='qty.1']", "40");
      driver.findElement(By.id("preview-invoice")).click();
      confirm(driver, "desk-4-invoice-preview.png");
      assertEquals("confirmed with changes, 40 of 110 delivered, 40 of 110 invoiced",
          driver.findElement(By.id("summary")).getText());
      Chromium.screenshot(driver, "desk-5-chain.png");
    } finally {
      Chromium.stop(driver);
    }
    JsonNode chain = Json.MAPPER.readTree(DeskApiTest.call(fx, "GET", "/api/orders/" + order, null).body());
    assertEquals(3, chain.get("documents").size(), chain.toString());
    assertEquals("100-2003", chain.get("lines").get(1).get("agreedArticle").asText());
  }

  /** On a preview page: it passed; confirm, then wait for the order's page with its banner. */
  private static void confirm(WebDriver driver, String shot) throws Exception {
    Chromium.await(driver, By.id("verdict"));
    assertTrue(driver.findElement(By.id("verdict")).getText().startsWith("Valid"), driver.getPageSource());
    Chromium.screenshot(driver, shot);
    driver.findElement(By.id("confirm")).click();
    Chromium.await(driver, By.id("banner"));
  }

  private static void open(WebDriver driver, String detailsId) {
    driver.findElement(By.cssSelector("#" + detailsId + " > summary")).click();
  }

  private static void type(WebDriver driver, String css, String text) {
    WebElement e = driver.findElement(By.cssSelector(css));
    e.clear();
    e.sendKeys(text);
  }

  /** A date input's value: typing into one depends on the browser's locale. */
  private static void set(WebDriver driver, String css, String value) {
    ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", driver.findElement(By.cssSelector(css)), value);
  }
}
