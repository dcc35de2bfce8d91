package se.peppolgw.ap.desk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.desk.DeskApiTest;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * A clerk in Chromium: confirms an order with a changed quantity and a substitute, announces a
 * delivery and invoices, each by preview and confirm; screenshots in target/screenshots.
 */
class DeskInTheBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
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
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium and chromium-driver are not installed: the build installs them (.ci/setup.d/chromium.sh)");
    String order = DeskApiTest.receiveOrder(fx, "PO-5001", "Anna Andersson");
    java.util.logging.Logger.getLogger("org.openqa.selenium.devtools").setLevel(java.util.logging.Level.SEVERE);
    Path profile = Files.createTempDirectory("chromium-profile");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=1366,1400");
    WebDriver driver = new ChromeDriver(service, options);
    try {
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      driver.get(fx.url("/ops/desk/orders/" + order).toString());
      assertTrue(driver.getCurrentUrl().contains("/ops/login"), driver.getCurrentUrl());
      driver.findElement(By.id("username")).sendKeys("carla");
      driver.findElement(By.id("password")).sendKeys(DeskBrowser.PASSWORD, Keys.ENTER);
      await(driver, By.id("summary"));
      assertEquals("not confirmed, nothing delivered, nothing invoiced", driver.findElement(By.id("summary")).getText());
      screenshot(driver, "desk-1-order.png");

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
      screenshot(driver, "desk-5-chain.png");
    } finally {
      driver.quit();
      service.stop();
    }
    JsonNode chain = Json.MAPPER.readTree(DeskApiTest.call(fx, "GET", "/api/orders/" + order, null).body());
    assertEquals(3, chain.get("documents").size(), chain.toString());
    assertEquals("100-2003", chain.get("lines").get(1).get("agreedArticle").asText());
  }

  /** On a preview page: it passed; confirm, then wait for the order's page with its banner. */
  private static void confirm(WebDriver driver, String shot) throws Exception {
    await(driver, By.id("verdict"));
    assertTrue(driver.findElement(By.id("verdict")).getText().startsWith("Valid"), driver.getPageSource());
    screenshot(driver, shot);
    driver.findElement(By.id("confirm")).click();
    await(driver, By.id("banner"));
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

  /** The click may return before the next page has loaded: wait for it, with a deadline. */
  private static void await(WebDriver driver, By what) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (driver.findElements(what).isEmpty()) {
      assertTrue(System.nanoTime() < end, "no " + what + " on " + driver.getCurrentUrl() + ": " + driver.getPageSource());
      Thread.sleep(100); // polling interval, not a wait for state
    }
  }

  private static void screenshot(WebDriver driver, String name) throws IOException {
    Path out = Path.of(System.getProperty("user.dir"), "target", "screenshots");
    Files.createDirectories(out);
    Files.write(out.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }
}
