package se.peppolgw.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import se.peppolgw.punchout.support.ReturnEndpoint;
import se.peppolgw.punchout.support.TestGateway;

/**
 * Headless Chromium clicks through the built-in shop from an OCI start to the page standing in for the buyer's
 * return URL (a loopback servlet that records every post), in the 800 px wide window of a buyer's popup.
 * Screenshots of every page go to target/test-artifacts/ (kept by CI as test artifacts). The build installs
 * Debian's chromium / chromium-driver first (.ci/setup.d/chromium.sh).
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
        "--user-data-dir=" + profileDir, "--window-size=800,1000", "--lang=sv-SE");
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
    login("t-oci4", "oci4");
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    wait.until(ExpectedConditions.titleIs("Katalog"));
    assertEquals("sv", driver.findElement(By.tagName("html")).getAttribute("lang"));
    assertFitsThePopup();
    screenshot("shop-sv-catalogue.png");

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
    assertEquals("Varukorg (1)", driver.findElement(By.id("cart-link")).getText());
    screenshot("shop-sv-search-added.png");

    // browse by UNSPSC, open a product page, add it
    driver.findElement(By.id("catalogue-link")).click();
    wait.until(ExpectedConditions.titleIs("Katalog"));
    driver.findElement(By.partialLinkText("14111507")).click();
    wait.until(ExpectedConditions.titleContains("Varugrupp"));
    driver.findElement(By.cssSelector("a.product-link")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("product-name")));
    assertFitsThePopup();
    screenshot("shop-sv-product.png");
    driver.findElement(By.cssSelector("form.add button")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("added")));
    driver.findElement(By.id("cart-link")).click();
    wait.until(ExpectedConditions.titleIs("Varukorg"));
    assertEquals(2, driver.findElements(By.cssSelector("tr.line")).size());
    assertEquals("959,00 kr", driver.findElement(By.id("total")).getText());
    assertFitsThePopup();
    screenshot("shop-sv-cart.png");

    driver.findElement(By.id("checkout-button")).click();
    wait.until(ExpectedConditions.titleIs("Buyer received cart"));
    Map<String, String> received = new HashMap<>();
    List<WebElement> rows = driver.findElements(By.cssSelector("#received tr"));
    for (WebElement r : rows.subList(1, rows.size())) {
      List<WebElement> cells = r.findElements(By.tagName("td"));
      received.put(cells.get(0).getText(), cells.get(1).getText());
    }
    screenshot("shop-sv-return.png");
    assertEquals("ADDI", received.get("~OkCode"));
    assertEquals("Smörgåstårta 🎂 ÅÄÖ åäö – ½", received.get("NEW_ITEM-DESCRIPTION[1]"));
    assertEquals("2", received.get("NEW_ITEM-QUANTITY[1]"));
    assertEquals("455.00", received.get("NEW_ITEM-PRICE[1]"));
    assertEquals("100-2001", received.get("NEW_ITEM-VENDORMAT[2]"));
    assertEquals("14111507", received.get("NEW_ITEM-EXT_CATEGORY[2]"));
    assertTrue(gw.events.transfers().stream().anyMatch(t -> "SENT".equals(t.outcome())));
  }

  @Test
  void englishShopProductPageEmptyCartAndCancelBackToTheBuyer() throws IOException {
    login("t-oci-en", "oci-en");
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    wait.until(ExpectedConditions.titleIs("Catalogue"));
    assertEquals("en", driver.findElement(By.tagName("html")).getAttribute("lang"));
    assertEquals("SEK 49.00", driver.findElement(By.cssSelector("tr[data-article='100-2001'] td.price")).getText());
    screenshot("shop-en-catalogue.png");

    // an empty cart cannot be sent: the button is disabled
    driver.findElement(By.id("cart-link")).click();
    wait.until(ExpectedConditions.titleIs("Cart"));
    assertFalse(driver.findElement(By.id("checkout-button")).isEnabled());
    screenshot("shop-en-cart-empty.png");

    // product page: long description, manufacturer, GTIN, sheet; "Add to cart" stays here
    driver.findElement(By.id("catalogue-link")).click();
    wait.until(ExpectedConditions.titleIs("Catalogue"));
    driver.findElement(By.cssSelector("tr[data-article='100-2002'] a.product-link")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("product-name")));
    assertEquals("Skrivdon AB", driver.findElement(By.id("manufacturer")).getText());
    assertEquals("7310000000028", driver.findElement(By.id("gtin")).getText());
    assertEquals("Product sheet", driver.findElement(By.id("product-sheet")).getText());
    String productUrl = driver.getCurrentUrl();
    WebElement qty = driver.findElement(By.cssSelector("form.add input[name=quantity]"));
    qty.clear();
    qty.sendKeys("3");
    driver.findElement(By.cssSelector("form.add button")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("added")));
    assertTrue(driver.getCurrentUrl().startsWith(productUrl.substring(0, productUrl.indexOf('?'))), driver.getCurrentUrl());
    assertEquals("Cart (1)", driver.findElement(By.id("cart-link")).getText());
    assertFitsThePopup();
    screenshot("shop-en-product-added.png");

    driver.findElement(By.id("cart-link")).click();
    wait.until(ExpectedConditions.titleIs("Cart"));
    assertTrue(driver.findElement(By.id("checkout-button")).isEnabled());
    assertEquals("SEK 64.50", driver.findElement(By.id("total")).getText());
    screenshot("shop-en-cart.png");

    // cancel: the buyer's system gets an empty cart, the user is back there
    driver.findElement(By.id("cancel-button")).click();
    wait.until(ExpectedConditions.titleIs("Buyer received cart"));
    screenshot("shop-en-cancel-return.png");
    List<ReturnEndpoint.Received> posts = gw.returnEndpoint.received();
    assertEquals(1, posts.size());
    assertTrue(posts.get(0).fields(StandardCharsets.UTF_8).stream().noneMatch(f -> f[0].startsWith("NEW_ITEM-")),
        "cancel sends no line");
    assertEquals("/oci-en", posts.get(0).path());
    assertTrue(gw.events.transfers().stream().anyMatch(t -> "CANCELLED".equals(t.outcome())));
  }

  private void login(String buyerId, String returnName) {
    Map<String, String> login = new java.util.LinkedHashMap<>();
    login.put("username", TestGateway.OCI4_USER);
    login.put("password", TestGateway.OCI4_SECRET);
    login.put("HOOK_URL", gw.returnUrl(returnName));
    login.put("~OkCode", "ADDI");
    login.put("~TARGET", "_top");
    login.put("~CALLER", "CTLG");
    StringBuilder q = new StringBuilder();
    login.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    driver.get(gw.base + "/punchout/oci/" + buyerId + "?" + q);
  }

  /** The buyer's popup is 800 px wide: nothing may need a horizontal scroll bar. */
  private void assertFitsThePopup() {
    Object fits = ((JavascriptExecutor) driver).executeScript(
        "return document.documentElement.scrollWidth <= window.innerWidth;");
    assertEquals(Boolean.TRUE, fits, "page wider than the window on " + driver.getCurrentUrl());
  }

  private void screenshot(String name) throws IOException {
    Path dir = Path.of(System.getProperty("user.dir"), "target", "test-artifacts");
    Files.createDirectories(dir);
    byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.write(dir.resolve(name), png);
  }
}
