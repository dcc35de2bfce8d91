package se.peppolgw.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.peppolgw.punchout.session.SessionState;
import se.peppolgw.punchout.support.BuyerSimulator;
import se.peppolgw.punchout.support.BuyerSimulator.Page;
import se.peppolgw.punchout.support.BuyerSimulator.TransferForm;
import se.peppolgw.punchout.support.TestGateway;

class SecurityAndSessionTest {
  private TestGateway gw;

  @BeforeEach
  void start() {
    gw = new TestGateway();
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  private Map<String, String> oci4(String hookUrl) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("username", TestGateway.OCI4_USER);
    p.put("password", TestGateway.OCI4_SECRET);
    if (hookUrl != null) {
      p.put("HOOK_URL", hookUrl);
    }
    p.put("~OkCode", "ADDI");
    return p;
  }

  private int sessionsCreated() {
    return (int) gw.events.sessionEvents().stream().filter(e -> "CREATED".equals(e.toState())).count();
  }

  @Test
  void missingOrNotAllowListedReturnUrlIsRefusedBeforeAnyPage() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    String good = gw.returnUrl("oci4");
    List<String> bad = List.of("", "https://evil.example/buyer/return/oci4", good.replace("/oci4", "/oci4-evil"),
        "javascript:alert(document.cookie)", good.replace("http://", "http://user@"),
        good.replace("127.0.0.1", "127.0.0.1.evil.example"), "ftp://127.0.0.1/buyer/return/oci4", good + "/../../../shop/");
    Page missing = buyer.ociLogin("t-oci4", oci4(null), true);
    assertEquals(400, missing.status());
    assertTrue(missing.text().contains("no return URL"), missing.text());
    for (String url : bad) {
      Page page = buyer.ociLogin("t-oci4", oci4(url), true);
      assertEquals(400, page.status(), url + " -> " + page.text());
      assertFalse(page.text().contains("evil"), "refusal page does not echo the URL");
    }
    // http refused where the profile requires https, even when the prefix matches
    Map<String, String> strict = oci4(gw.returnUrl("https"));
    Page page = buyer.ociLogin("t-https", strict, true);
    assertEquals(400, page.status());
    assertTrue(page.text().contains("must use https"));
    assertEquals(0, sessionsCreated());
    // a deeper path under the allowed prefix is fine
    assertEquals(200, buyer.ociLogin("t-oci4", oci4(good + "/deeper?x=1"), true).status());
  }

  @Test
  void wrongSecretAndUnknownBuyerLookIdenticalAndFailuresAreThrottled() {
    BuyerSimulator buyer = new BuyerSimulator(gw, false);
    Map<String, String> wrong = oci4(gw.returnUrl("oci4"));
    wrong.put("password", "nope");
    Page wrongSecret = buyer.ociLogin("t-oci4", wrong, true);
    Page unknownBuyer = buyer.ociLogin("no-such-buyer", oci4(gw.returnUrl("oci4")), true);
    Map<String, String> wrongUser = oci4(gw.returnUrl("oci4"));
    wrongUser.put("username", "someone");
    Page unknownUser = buyer.ociLogin("t-oci4", wrongUser, true);
    assertEquals(401, wrongSecret.status());
    assertEquals(wrongSecret.status(), unknownBuyer.status());
    assertEquals(new String(wrongSecret.body(), StandardCharsets.UTF_8), new String(unknownBuyer.body(), StandardCharsets.UTF_8));
    assertEquals(new String(wrongSecret.body(), StandardCharsets.UTF_8), new String(unknownUser.body(), StandardCharsets.UTF_8));

    for (int i = 0; i < 3; i++) {
      buyer.ociLogin("t-oci4", wrong, true);
    }
    Page throttled = buyer.ociLogin("t-oci4", oci4(gw.returnUrl("oci4")), true);
    assertEquals(429, throttled.status(), "even the right password is refused while throttled");
    gw.clock.advance(Duration.ofMinutes(16));
    assertEquals(200, buyer.ociLogin("t-oci4", oci4(gw.returnUrl("oci4")), true).status());
    assertTrue(gw.events.setups().stream().noneMatch(e -> e.detail().contains(TestGateway.OCI4_SECRET) || e.detail().contains("nope")));
  }

  @Test
  void startUrlIsOneTimeAndExpires() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    HttpResponse<byte[]> login = buyer.raw(HttpRequest.newBuilder(URI.create(gw.base + "/punchout/oci/t-oci4?"
        + BuyerSimulator.encode(oci4(gw.returnUrl("oci4")).entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue()}).toList(),
            StandardCharsets.UTF_8))).GET().build());
    assertEquals(303, login.statusCode());
    String start = login.headers().firstValue("Location").orElseThrow();
    assertEquals(200, buyer.get(start).status());
    Page replay = buyer.get(start);
    assertEquals(410, replay.status(), "replayed start URL");

    HttpResponse<byte[]> second = buyer.raw(HttpRequest.newBuilder(login.request().uri()).GET().build());
    String start2 = second.headers().firstValue("Location").orElseThrow();
    gw.clock.advance(Duration.ofMinutes(6));
    assertEquals(410, buyer.get(start2).status(), "expired start URL");
    assertTrue(gw.events.sessionEvents().stream().anyMatch(e -> "EXPIRED".equals(e.toState())));
  }

  @Test
  void activeSessionExpiresWhenIdle() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    Page shop = buyer.ociLogin("t-oci4", oci4(gw.returnUrl("oci4")), true);
    gw.clock.advance(Duration.ofMinutes(61));
    Page late = buyer.get(shop.url());
    assertEquals(410, late.status());
    assertTrue(late.text().contains("utgången"), late.text());
  }

  @Test
  void aSecondTransferOfTheSameSessionIsRefused() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    Page shop = buyer.ociLogin("t-oci4", oci4(gw.returnUrl("oci4")), true);
    Page cart = buyer.add(shop, "100-2001", "1");
    assertEquals(200, buyer.checkout(cart).status());
    Page again = buyer.checkout(cart);
    assertEquals(410, again.status());
    String id = shop.url().replaceAll(".*[?&]s=([0-9a-f]+).*", "$1");
    Page viaTransferUrl = buyer.get(gw.base + "/punchout/transfer?s=" + id);
    assertEquals(409, viaTransferUrl.status(), viaTransferUrl.text());
    assertEquals(1, gw.events.transfers().stream().filter(t -> "SENT".equals(t.outcome())).count());
    assertEquals(SessionState.TRANSFERRED, gw.gateway.sessions().findById(id).orElseThrow().state());
  }

  @Test
  void quantitiesMustBePositiveAndWholeUnlessTheUnitAllowsFractions() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    Page shop = buyer.ociLogin("t-oci4", oci4(gw.returnUrl("oci4")), true);
    Page zero = buyer.add(shop, "100-2001", "0");
    assertEquals(400, zero.status());
    assertTrue(zero.doc().selectFirst("#error").text().contains("greater than 0"));
    Page negative = buyer.add(shop, "100-2001", "-3");
    assertTrue(negative.doc().selectFirst("#error").text().contains("greater than 0"));
    Page fractional = buyer.add(shop, "100-2001", "1.5");
    assertTrue(fractional.doc().selectFirst("#error").text().contains("whole number"), fractional.text());
    Page garbage = buyer.add(shop, "100-2001", "abc");
    assertTrue(garbage.doc().selectFirst("#error").text().contains("quantity is not a number"), garbage.text());
    assertEquals(0, garbage.doc().select("tr.line").size());
    Page kilos = buyer.add(shop, "300-4003", "0.375");
    assertEquals(1, kilos.doc().select("tr.line").size());
    TransferForm form = BuyerSimulator.transferForm(buyer.checkout(kilos));
    assertEquals("0.375", form.field("NEW_ITEM-QUANTITY[1]"));
  }

  @Test
  void aLineWithoutVatRateIsNeverSentAndTheUserSeesWhy() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    Page shop = buyer.ociLogin("t-oci4", oci4(gw.returnUrl("oci4")), true);
    buyer.add(shop, "100-2001", "1");
    Page cart = buyer.add(shop, "T-NOVAT", "1");
    assertTrue(cart.doc().selectFirst("#problems").text().contains("VAT rate is missing"), cart.text());
    Page refused = buyer.checkout(cart);
    assertEquals(422, refused.status());
    assertTrue(refused.text().contains("Line 2 (T-NOVAT): VAT rate is missing"), refused.text());
    assertTrue(refused.doc().select("form#punchout-return").isEmpty());
    assertEquals("REFUSED", gw.events.transfers().get(0).outcome());
    assertTrue(gw.returnEndpoint.received().isEmpty());
    // remove the line, then the transfer goes through
    var line = cart.doc().select("tr.line").get(1);
    var removeForm = line.select("form").last();
    Page after = buyer.postForm(removeForm.absUrl("action"), BuyerSimulator.formFields(removeForm), StandardCharsets.UTF_8);
    assertEquals(1, after.doc().select("tr.line").size());
    assertEquals(200, buyer.checkout(after).status());
  }

  @Test
  void shopFormsRequireTheCsrfToken() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    Page shop = buyer.ociLogin("t-oci4", oci4(gw.returnUrl("oci4")), true);
    var form = shop.doc().select("form.add").first();
    List<String[]> fields = new java.util.ArrayList<>(BuyerSimulator.formFields(form));
    fields.removeIf(f -> f[0].equals("csrf"));
    Page forged = buyer.postForm(form.absUrl("action"), fields, StandardCharsets.UTF_8);
    assertEquals(403, forged.status());
    fields.add(new String[] {"csrf", "guessed"});
    assertEquals(403, buyer.postForm(form.absUrl("action"), fields, StandardCharsets.UTF_8).status());
  }

  @Test
  void cookiesAreScopedPerSessionAndClientsWithoutCookiesUseTheUrl() {
    BuyerSimulator noCookies = new BuyerSimulator(gw, false);
    HttpResponse<byte[]> login = noCookies.raw(HttpRequest.newBuilder(URI.create(gw.base + "/punchout/oci/t-oci4?"
        + BuyerSimulator.encode(oci4(gw.returnUrl("oci4")).entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue()}).toList(),
            StandardCharsets.UTF_8))).GET().build());
    HttpResponse<byte[]> start = noCookies.raw(HttpRequest.newBuilder(URI.create(login.headers().firstValue("Location").orElseThrow())).GET().build());
    String cookie = start.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cookie.matches("po_[0-9a-f]+=[A-Za-z0-9_-]+; Path=/; HttpOnly; SameSite=Lax"), cookie);
    // without cookies every link carries the session secret
    Page shop = noCookies.get(start.headers().firstValue("Location").orElseThrow());
    assertTrue(shop.doc().selectFirst("#cart-link").attr("href").contains("sid="));
    Page cart = noCookies.add(shop, "100-2002", "4");
    assertEquals(1, cart.doc().select("tr.line").size());
    assertEquals("4", BuyerSimulator.transferForm(noCookies.checkout(cart)).field("NEW_ITEM-QUANTITY[1]"));
    // with cookies, links after the first page carry only the public id
    BuyerSimulator withCookies = new BuyerSimulator(gw, true);
    Page shop2 = withCookies.ociLogin("t-oci4", oci4(gw.returnUrl("oci4")), true);
    Page cart2 = withCookies.openCart(shop2);
    assertFalse(cart2.doc().selectFirst("#cart-link").attr("href").contains("sid="));
  }

  @Test
  void behindTlsTheCookieIsSecureAndSameSiteNone() {
    try (TestGateway tls = new TestGateway(1000, true)) {
      BuyerSimulator buyer = new BuyerSimulator(tls, false);
      Map<String, String> p = oci4(tls.returnUrl("oci4"));
      HttpResponse<byte[]> login = buyer.raw(HttpRequest.newBuilder(URI.create(tls.httpBase + "/punchout/oci/t-oci4?"
          + BuyerSimulator.encode(p.entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue()}).toList(),
              StandardCharsets.UTF_8))).GET().build());
      String start = login.headers().firstValue("Location").orElseThrow();
      assertTrue(start.startsWith("https://"), start);
      HttpResponse<byte[]> shop = buyer.raw(HttpRequest.newBuilder(URI.create(start.replace("https://", "http://"))).GET().build());
      String cookie = shop.headers().firstValue("Set-Cookie").orElseThrow();
      assertTrue(cookie.endsWith("; Path=/; HttpOnly; Secure; SameSite=None"), cookie);
      assertEquals("no-referrer", shop.headers().firstValue("Referrer-Policy").orElseThrow());
    }
  }

  @Test
  void cancelClosesTheSessionAndReturnsAnEmptyCartNeverTheLines() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    Page shop = buyer.ociLogin("t-oci4", oci4(gw.returnUrl("oci4")), true);
    Page cart = buyer.add(shop, "100-2001", "1");
    var cancel = cart.doc().select("form").stream().filter(f -> f.attr("action").contains("/shop/cancel")).findFirst().orElseThrow();
    Page cancelled = buyer.postForm(cancel.absUrl("action"), BuyerSimulator.formFields(cancel), StandardCharsets.UTF_8);
    TransferForm empty = BuyerSimulator.transferForm(cancelled);
    assertEquals(gw.returnUrl("oci4"), empty.action());
    assertEquals(0, empty.count("NEW_ITEM-"), "no line of the cart goes back on cancel");
    assertEquals(410, buyer.checkout(cart).status());
    assertTrue(gw.events.sessionEvents().stream().anyMatch(e -> "CANCELLED".equals(e.toState())));
    assertEquals("CANCELLED", gw.events.transfers().get(0).outcome());
    assertTrue(gw.returnEndpoint.received().isEmpty(), "the browser posts it, not the gateway");
  }

  @Test
  void twoConcurrentSessionsOfOneBuyerUserNeverMixCarts() {
    BuyerSimulator browser = new BuyerSimulator(gw, true); // same browser, same buyer user, two windows
    Page a = browser.ociLogin("t-oci4", oci4(gw.returnUrl("oci4") + "/window-a"), true);
    Page b = browser.ociLogin("t-oci4", oci4(gw.returnUrl("oci4") + "/window-b"), false);
    assertNotEquals(a.url(), b.url());
    browser.add(a, "100-2001", "1");
    browser.add(b, "200-3001", "2");
    browser.add(a, "100-2002", "3");
    Page cartB = browser.add(b, "300-4001", "4");
    Page cartA = browser.openCart(a);
    TransferForm formB = BuyerSimulator.transferForm(browser.checkout(cartB));
    TransferForm formA = BuyerSimulator.transferForm(browser.checkout(cartA));
    assertEquals(gw.returnUrl("oci4") + "/window-a", formA.action());
    assertEquals(gw.returnUrl("oci4") + "/window-b", formB.action());
    assertEquals("100-2001", formA.field("NEW_ITEM-VENDORMAT[1]"));
    assertEquals("100-2002", formA.field("NEW_ITEM-VENDORMAT[2]"));
    assertEquals("200-3001", formB.field("NEW_ITEM-VENDORMAT[1]"));
    assertEquals("300-4001", formB.field("NEW_ITEM-VENDORMAT[2]"));
    assertEquals(2, formA.count("NEW_ITEM-VENDORMAT"));
    assertEquals(2, formB.count("NEW_ITEM-VENDORMAT"));
  }

  @Test
  void transferPageEscapesEveryValue() {
    BuyerSimulator buyer = new BuyerSimulator(gw, true);
    Map<String, String> p = oci4(gw.returnUrl("oci4"));
    p.put("~OkCode", "\"><script>alert(1)</script>");
    p.put("~TARGET", "\" onload=\"x");
    Page shop = buyer.ociLogin("t-oci4", p, true);
    Page cart = buyer.add(shop, "T-EMOJI", "1");
    Page transfer = buyer.checkout(cart);
    String source = new String(transfer.body(), StandardCharsets.UTF_8);
    assertFalse(source.contains("<script>alert"), "markup from the buyer is escaped");
    // jte escapes < (and quotes, &) inside attribute values; > alone cannot open a tag there
    assertTrue(source.contains("&lt;i>senast&lt;/i>"), source);
    assertTrue(transfer.doc().select("i").isEmpty(), "no element from the catalogue text");
    assertEquals(1, transfer.doc().select("script").size(), "only our own auto-submit script");
    TransferForm form = BuyerSimulator.transferForm(transfer);
    assertEquals("\"><script>alert(1)</script>", form.field("~OkCode"), "echoed unchanged as a value");
    assertEquals("_top", form.target(), "an unsafe frame name falls back to _top");
  }
}
