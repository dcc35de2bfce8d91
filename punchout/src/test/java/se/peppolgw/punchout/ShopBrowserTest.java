package se.peppolgw.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import se.peppolgw.punchout.support.TestGateway;

/**
 * Headless Chromium clicks through the built-in shop from an OCI start to the page standing in for the buyer's
 * return URL. Skipped when Debian's chromium / chromium-driver are not installed (.ci/setup.d/chromium.sh).
 */
class ShopBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private TestGateway gw;
  private WebDriver driver;
  private ChromeDriverService service;
  private Path profileDir;

  @BeforeEach
  void start() throws IOException {
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium and chromium-driver are not installed: the build installs them (.ci/setup.d/chromium.sh, as root on Debian)");
    // Debian's chromium is newer than Selenium's bundled CDP versions; we do not use CDP, so hush the warning
    java.util.logging.Logger.getLogger("org.openqa.selenium.devtools").setLevel(java.util.logging.Level.SEVERE);
    gw = new TestGateway();
    profileDir = Files.createTempDirectory("chromium-profile");
    service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profileDir, "--window-size=1280,1100", "--lang=sv-SE");
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (gw != null) {
      gw.close();
    }
    if (profileDir != null) {
      try (var files = Files.walk(profileDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void ociShopToReturnPageInHeadlessChromium() throws IOException {
    Map<String, String> login = new java.util.LinkedHashMap<>();
    login.put("username", TestGateway.OCI4_USER);
    login.put("password", TestGateway.OCI4_SECRET);
    login.put("HOOK_URL", gw.returnUrl("oci4"));
    login.put("~OkCode", "ADDI");
    login.put("~TARGET", "_top");
    login.put("~CALLER", "CTLG");
    StringBuilder q = new StringBuilder();
    login.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    driver.get(gw.base + "/punchout/oci/t-oci4?" + q);
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    wait.until(ExpectedConditions.titleIs("Katalog"));

    // search, add the cake with quantity 2
    WebElement search = driver.findElement(By.cssSelector("header input[name=q]"));
    search.sendKeys("tårta");
    search.submit();
    wait.until(ExpectedConditions.titleContains("Sök"));
    WebElement row = driver.findElement(By.cssSelector("tr[data-article='T-EMOJI']"));
    WebElement qty = row.findElement(By.cssSelector("input[name=quantity]"));
    qty.clear();
    qty.sendKeys("2");
    row.findElement(By.cssSelector("button")).click();
    // "Add to cart" stays on the search result and says what was added
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("added")));
    assertTrue(driver.getTitle().startsWith("Sök"), driver.getTitle());

    // browse by UNSPSC, open a product page, add it
    driver.findElement(By.id("catalogue-link")).click();
    wait.until(ExpectedConditions.titleIs("Katalog"));
    driver.findElement(By.partialLinkText("14111507")).click();
    wait.until(ExpectedConditions.titleContains("Varugrupp"));
    driver.findElement(By.cssSelector("a.product-link")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("product-name")));
    driver.findElement(By.cssSelector("form.add button")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("added")));
    driver.findElement(By.id("cart-link")).click();
    wait.until(ExpectedConditions.titleIs("Varukorg"));
    assertEquals(2, driver.findElements(By.cssSelector("tr.line")).size());
    screenshot("punchout-browser-cart.png");

    driver.findElement(By.id("checkout-button")).click();
    wait.until(ExpectedConditions.titleIs("Buyer received cart"));
    Map<String, String> received = new HashMap<>();
    List<WebElement> rows = driver.findElements(By.cssSelector("#received tr"));
    for (WebElement r : rows.subList(1, rows.size())) {
      List<WebElement> cells = r.findElements(By.tagName("td"));
      received.put(cells.get(0).getText(), cells.get(1).getText());
    }
    screenshot("punchout-browser-return.png");
    assertEquals("ADDI", received.get("~OkCode"));
    assertEquals("Smörgåstårta 🎂 ÅÄÖ åäö – ½", received.get("NEW_ITEM-DESCRIPTION[1]"));
    assertEquals("2", received.get("NEW_ITEM-QUANTITY[1]"));
    assertEquals("455.00", received.get("NEW_ITEM-PRICE[1]"));
    assertEquals("100-2001", received.get("NEW_ITEM-VENDORMAT[2]"));
    assertEquals("14111507", received.get("NEW_ITEM-EXT_CATEGORY[2]"));
    assertTrue(gw.events.transfers().stream().anyMatch(t -> "SENT".equals(t.outcome())));
  }

  private void screenshot(String name) throws IOException {
    Path dir = Path.of(System.getProperty("user.dir"), "target", "test-artifacts");
    Files.createDirectories(dir);
    byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.write(dir.resolve(name), png);
  }
}
