package se.peppolgw.ap.desk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import se.peppolgw.ap.desk.DeskApiTest;
import se.peppolgw.ap.testkit.Chromium;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * An operator in Chromium: pastes a CSV catalogue, sees the differences and publishes by
 * clicking; screenshots in target/screenshots.
 */
class CatalogueInTheBrowserTest {
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
    WebDriver driver = Chromium.start(1400);
    try {
      driver.get(fx.url("/ops/desk/catalogue").toString());
      assertTrue(driver.getCurrentUrl().contains("/ops/login"), driver.getCurrentUrl());
      driver.findElement(By.id("username")).sendKeys("olle");
      driver.findElement(By.id("password")).sendKeys(DeskBrowser.PASSWORD, Keys.ENTER);
      Chromium.await(driver, By.id("upload-form"));
      new Select(driver.findElement(By.id("format"))).selectByValue("csv");
      ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", driver.findElement(By.id("content")),
          "articleNumber,name,price,unit,vatRate,unspsc\nA-1,Papper,52,PK,25,14111507\nA-2,Penna,12,EA,25,44121704\n");
      Chromium.screenshot(driver, "catalogue-1-upload.png");
      driver.findElement(By.id("review")).click();
      Chromium.await(driver, By.id("diff-summary"));
      assertEquals("2 article(s): 1 added, 0 removed, 1 changed.", driver.findElement(By.id("diff-summary")).getText());
      Chromium.screenshot(driver, "catalogue-2-differences.png");
      driver.findElement(By.id("publish")).click();
      Chromium.await(driver, By.id("banner"));
      assertTrue(driver.findElement(By.id("banner")).getText().startsWith("Version 1 published."),
          driver.findElement(By.id("banner")).getText());
      assertEquals(1, driver.findElements(By.cssSelector("#publications tr.publication")).size());
      Chromium.screenshot(driver, "catalogue-3-published.png");
    } finally {
      Chromium.stop(driver);
    }
    assertTrue(Files.readString(shopDir.resolve("catalogue.json")).contains("\"A-2\""), "the shop's file was replaced");
  }
}
