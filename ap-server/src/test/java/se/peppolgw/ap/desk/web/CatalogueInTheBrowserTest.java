package se.peppolgw.ap.desk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import se.peppolgw.ap.desk.DeskApiTest;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * An operator in Chromium: pastes a CSV catalogue, sees the differences and publishes by
 * clicking; screenshots in target/screenshots.
 */
class CatalogueInTheBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  @TempDir static Path dir;
  static GatewayFixture fx;
  static Path shopDir;

  @BeforeAll
  static void start() throws Exception {
    shopDir = Files.createDirectories(dir.resolve("punchout"));
    Files.writeString(shopDir.resolve("catalogue.json"), """
        {"currency":"SEK","items":[
          {"articleNumber":"A-1","name":"Papper","price":49.00,"unit":"PK","vatRate":25,"unspsc":"14111507"}]}""");
    fx = DeskBrowser.withOperators(DeskApiTest.fixture(dir.resolve("gw")))
        .with("gateway.punchout.config-dir", shopDir.toString()).start();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @Test
  void anOperatorUploadsReviewsAndPublishesByClicking() throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium and chromium-driver are not installed: the build installs them (.ci/setup.d/chromium.sh)");
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
      driver.get(fx.url("/ops/desk/catalogue").toString());
      assertTrue(driver.getCurrentUrl().contains("/ops/login"), driver.getCurrentUrl());
      driver.findElement(By.id("username")).sendKeys("olle");
      driver.findElement(By.id("password")).sendKeys(DeskBrowser.PASSWORD, Keys.ENTER);
      await(driver, By.id("upload-form"));
      new Select(driver.findElement(By.id("format"))).selectByValue("csv");
      ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", driver.findElement(By.id("content")),
          "articleNumber,name,price,unit,vatRate,unspsc\nA-1,Papper,52,PK,25,14111507\nA-2,Penna,12,EA,25,44121704\n");
      screenshot(driver, "catalogue-1-upload.png");
      driver.findElement(By.id("review")).click();
      await(driver, By.id("diff-summary"));
      assertEquals("2 article(s): 1 added, 0 removed, 1 changed.", driver.findElement(By.id("diff-summary")).getText());
      screenshot(driver, "catalogue-2-differences.png");
      driver.findElement(By.id("publish")).click();
      await(driver, By.id("banner"));
      assertTrue(driver.findElement(By.id("banner")).getText().startsWith("Version 1 published."),
          driver.findElement(By.id("banner")).getText());
      assertEquals(1, driver.findElements(By.cssSelector("#publications tr.publication")).size());
      screenshot(driver, "catalogue-3-published.png");
    } finally {
      driver.quit();
      service.stop();
    }
    assertTrue(Files.readString(shopDir.resolve("catalogue.json")).contains("\"A-2\""), "the shop's file was replaced");
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
