package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.ops.OpsTestSupport.OPERATOR_TOKEN;
import static se.peppolgw.ap.ops.OpsTestSupport.VIEWER_TOKEN;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.ops.web.Dashboard;
import se.peppolgw.ap.pki.DevPki;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.Chromium;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;

/**
 * Resend over real AS4: the supplier's gateway sends invoices while the buyer's access point is
 * down (FAILED after its one allowed attempt); once it is up, an operator resends — by API, and
 * in headless Chromium (log in, find the failed invoice by its SBDH InstanceIdentifier, read the
 * verdict, resend, watch the new transmission get delivered; screenshots in target/test-artifacts).
 */
class ResendEndToEndTest {
  static final String SUPPLIER = "0007:5567212344";
  static final String BUYER = "0088:7365560000000";

  @TempDir static Path dir;
  static GatewayFixture supplier;
  static GatewayFixture buyer;
  static String failedForApi;
  static String failedForBrowser;
  static String sbdhForBrowser;

  @BeforeAll
  static void start() throws Exception {
    Path supplierKeys = dir.resolve("supplier").resolve("keystore");
    Files.createDirectories(supplierKeys);
    DevPki.loadOrCreate(supplierKeys, se.peppolgw.ap.config.GatewayConfig.DEFAULT_SEAT_ID);
    Path buyerKeys = dir.resolve("buyer-keys");
    Files.createDirectories(buyerKeys);
    for (String f : new String[] {DevPki.CA_FILE, DevPki.PASSWORD_FILE}) {
      Files.copy(supplierKeys.resolve(f), buyerKeys.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    Path buyerPem = dir.resolve("buyer.pem");
    writePem(buyerPem, DevPki.loadOrCreate(buyerKeys, "PSE000002").apKeyMaterial().certificate());
    int buyerPort = freePort();

    supplier =
        OpsTestSupport.withOperators(new GatewayFixture(dir.resolve("supplier")))
            .with("gateway.outbound.dir", "none")
            .with("gateway.outbound.default-country-c1", "SE")
            .with("gateway.outbound.poll-ms", "100")
            .with("gateway.outbound.retry.max-attempts", "1")
            // Peppol BIS validation is tested elsewhere; compiling its Schematron would cost a minute here
            .with("gateway.outbound.validation.enabled", "false")
            .with("gateway.routing.static-routes", "buyer")
            .with("gateway.routing.static.buyer.participant", BUYER)
            .with("gateway.routing.static.buyer.document-types", "invoice")
            .with("gateway.routing.static.buyer.url", "http://127.0.0.1:" + buyerPort + "/as4")
            .with("gateway.routing.static.buyer.certificate", buyerPem.toString())
            .start();
    buyer =
        new GatewayFixture(dir.resolve("buyer"))
            .with("gateway.http.port", Integer.toString(buyerPort))
            .with("gateway.keystore.dir", buyerKeys.toString())
            .with("gateway.local.seat-id", "PSE000002")
            .with("gateway.outbound.dir", "none")
            .with("gateway.outbound.validation.enabled", "false")
            .with("gateway.participants", "buyer")
            .with("gateway.participant.buyer.id", BUYER)
            .with("gateway.participant.buyer.document-types", "invoice");

    // the buyer's access point is down: both invoices fail
    failedForApi = submit(invoice("first"));
    failedForBrowser = submit(invoice("second"));
    awaitState(failedForApi, TransmissionState.FAILED);
    awaitState(failedForBrowser, TransmissionState.FAILED);
    sbdhForBrowser = supplier.gateway().store().find(failedForBrowser).orElseThrow().sbdhInstanceId();
    buyer.start();
  }

  @AfterAll
  static void stop() {
    if (supplier != null) {
      supplier.stop();
    }
    if (buyer != null) {
      buyer.stop();
    }
  }

  @Test
  void resendByApiIsDeliveredAndLinked() throws Exception {
    JsonNode before = json(OpsTestSupport.get(supplier, "/api/transmissions/" + failedForApi, VIEWER_TOKEN));
    assertTrue(before.get("verdict").get("text").asText().startsWith("Not delivered, attempts exhausted"),
        before.get("verdict").toString());
    assertTrue(before.get("verdict").get("side").asText().startsWith("Their side"), before.get("verdict").toString());

    byte[] corrected = invoice("corrected");
    HttpResponse<String> r =
        OpsTestSupport.call(supplier, "POST", "/api/transmissions/" + failedForApi + "/resend", OPERATOR_TOKEN, corrected);
    assertEquals(201, r.statusCode(), r.body());
    String newId = json(r).get("id").asText();
    Transmission t = awaitState(newId, TransmissionState.DELIVERED);
    assertEquals(BUYER, t.receiverId());

    JsonNode detail = json(OpsTestSupport.get(supplier, "/api/transmissions/" + newId, VIEWER_TOKEN));
    assertTrue(detail.get("verdict").get("text").asText().startsWith("Delivered to the receiving access point"));
    assertEquals(failedForApi, detail.get("links").get(0).get("from").asText());
    assertEquals(200, OpsTestSupport.get(supplier, "/api/transmissions/" + newId + "/receipt", VIEWER_TOKEN).statusCode());
    JsonNode original = json(OpsTestSupport.get(supplier, "/api/transmissions/" + failedForApi, VIEWER_TOKEN));
    assertEquals(newId, original.get("links").get(0).get("to").asText());

    // the buyer got the corrected document
    String sbdh = t.sbdhInstanceId();
    Transmission received =
        buyer.gateway().store().findByAs4MessageId(t.as4MessageId()).stream().findFirst().orElseThrow();
    assertEquals(sbdh, received.sbdhInstanceId());
    String doc = new String(buyer.gateway().store().payload(received.id(), se.peppolgw.ap.store.PayloadKind.DOCUMENT)
        .orElseThrow(), StandardCharsets.UTF_8);
    assertTrue(doc.contains("note: corrected"), "corrected document delivered");
  }

  @Test
  void operatorResendsInTheBrowser() throws Exception {
    WebDriver driver = Chromium.start(1000);
    try {
      URI base = supplier.url("/");
      driver.get(base.resolve("/ops/transmissions").toString());
      assertTrue(driver.getCurrentUrl().contains("/ops/login"), driver.getCurrentUrl());
      driver.findElement(By.id("username")).sendKeys("olle");
      driver.findElement(By.id("password")).sendKeys(OpsTestSupport.PASSWORD, Keys.ENTER);
      Chromium.screenshot(driver, "ops-1-transmissions.png");

      driver.findElement(By.name("q")).sendKeys(sbdhForBrowser, Keys.ENTER);
      var rows = driver.findElements(By.cssSelector("#transmissions tbody tr a"));
      assertEquals(1, rows.size(), driver.getPageSource());
      rows.get(0).click();
      String verdict = driver.findElement(By.id("verdict")).getText();
      assertTrue(verdict.startsWith("Not delivered, attempts exhausted"), verdict);
      Chromium.screenshot(driver, "ops-2-failed-verdict.png");

      driver.findElement(By.id("resend")).click();
      // the click may return before the redirected page has loaded (seen on a busy machine)
      long loaded = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (driver.findElements(By.id("flash")).isEmpty()) {
        assertTrue(System.nanoTime() < loaded, "no confirmation after resend: " + driver.getCurrentUrl());
        Thread.sleep(100);
      }
      assertTrue(driver.findElement(By.id("flash")).getText().contains("Resent as a new transmission"));
      String newUrl = driver.getCurrentUrl();
      assertTrue(!newUrl.contains(failedForBrowser), newUrl);
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!driver.findElement(By.id("verdict")).getText().startsWith("Delivered to the receiving access point")) {
        assertTrue(System.nanoTime() < end, driver.findElement(By.id("verdict")).getText());
        Thread.sleep(300);
        driver.navigate().refresh();
      }
      assertTrue(driver.findElement(By.id("timeline")).getText().contains("RECEIPT_RECEIVED"));
      Chromium.screenshot(driver, "ops-3-delivered.png");
      driver.findElement(By.linkText("Dashboard")).click();
      Chromium.screenshot(driver, "ops-4-dashboard.png");
    } finally {
      Chromium.stop(driver);
    }
  }

  // ------------------------------------------------------------------ helpers

  static byte[] invoice(String note) {
    String xml = new String(SharedTestData.read(SharedTestData.INVOICE), StandardCharsets.UTF_8);
    xml = xml.replaceFirst("<cbc:EndpointID schemeID=\"0088\">9482348239847239874</cbc:EndpointID>",
        "<cbc:EndpointID schemeID=\"0007\">5567212344</cbc:EndpointID>");
    xml = xml.replaceFirst("<cbc:EndpointID schemeID=\"0002\">FR23342</cbc:EndpointID>",
        "<cbc:EndpointID schemeID=\"0088\">7365560000000</cbc:EndpointID>");
    xml = xml.replaceFirst("(<cbc:DocumentCurrencyCode>)", "<cbc:Note>note: " + note + "</cbc:Note>\n    $1");
    return xml.getBytes(StandardCharsets.UTF_8);
  }

  static String submit(byte[] doc) throws Exception {
    HttpResponse<String> r =
        OpsTestSupport.HTTP.send(
            HttpRequest.newBuilder(supplier.url("/api/outbound"))
                .header("Authorization", "Bearer " + supplier.apiToken())
                .header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(doc))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(202, r.statusCode(), r.body());
    return json(r).get("id").asText();
  }

  static Transmission awaitState(String id, TransmissionState wanted) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      Transmission t = supplier.gateway().store().find(id).orElseThrow();
      if (t.state() == wanted) {
        return t;
      }
      if (System.nanoTime() > end) {
        throw new AssertionError(id + " is " + t.state() + ": " + supplier.gateway().store().timeline(id));
      }
      Thread.sleep(50);
    }
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return Json.MAPPER.readTree(r.body());
  }

  private static int freePort() throws IOException {
    return se.peppolgw.ap.testkit.FreePort.forLaterBind();
  }

  private static void writePem(Path file, java.security.cert.X509Certificate cert) {
    try {
      Files.writeString(file, "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
          + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
