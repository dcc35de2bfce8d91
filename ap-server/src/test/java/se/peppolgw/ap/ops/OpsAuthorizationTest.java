package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.ops.OpsTestSupport.ADMIN_TOKEN;
import static se.peppolgw.ap.ops.OpsTestSupport.OPERATOR_TOKEN;
import static se.peppolgw.ap.ops.OpsTestSupport.VIEWER_TOKEN;
import static se.peppolgw.ap.ops.OpsTestSupport.call;
import static se.peppolgw.ap.ops.OpsTestSupport.get;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.ops.OpsTestSupport.Browser;
import se.peppolgw.ap.ops.OpsTestSupport.Row;
import se.peppolgw.ap.ops.security.OpsAuth;
import se.peppolgw.ap.testkit.GatewayFixture;

/** Every operator page and endpoint refuses the unauthenticated and the under-privileged. */
class OpsAuthorizationTest {
  @TempDir static Path dir;
  static GatewayFixture gw;
  static String inId;
  static String outId;

  @BeforeAll
  static void start() throws Exception {
    gw = OpsTestSupport.withOperators(new GatewayFixture(dir)).with("gateway.outbound.dir", "none").start();
    Row in = new Row();
    in.businessId = "PO-AUTH";
    in.document = "<Order/>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    inId = in.insert(gw.gateway().store().database());
    Row out = new Row().out("RETRY_WAIT");
    out.outbox = true;
    outId = out.insert(gw.gateway().store().database());
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.stop();
    }
  }

  static List<String> uiPages() {
    return List.of(
        "/ops/", "/ops/transmissions", "/ops/transmissions?q=PO-AUTH", "/ops/transmissions/" + inId,
        "/ops/transmissions/" + inId + "/document", "/ops/chain?order=PO-AUTH", "/ops/punchout",
        "/ops/punchout/some-session", "/ops/audit");
  }

  static List<String> apiReads() {
    return List.of(
        "/api/transmissions", "/api/transmissions/" + inId, "/api/transmissions/" + inId + "/timeline",
        "/api/transmissions/" + inId + "/document", "/api/transmissions/" + inId + "/rendered",
        "/api/ops/dashboard", "/api/ops/chains/PO-AUTH", "/api/ops/punchout", "/api/ops/audit",
        "/api/openapi.yaml");
  }

  static List<String> actions() {
    return List.of(
        "/api/transmissions/" + outId + "/retry", "/api/transmissions/" + outId + "/cancel",
        "/api/transmissions/" + outId + "/resend", "/api/transmissions/" + inId + "/redeliver");
  }

  @Test
  void uiRedirectsTheUnauthenticatedToLogin() throws Exception {
    for (String p : uiPages()) {
      HttpResponse<String> r = get(gw, p, null);
      assertEquals(302, r.statusCode(), p);
      assertTrue(r.headers().firstValue("Location").orElse("").contains("/ops/login?next="), p);
    }
    for (String p : List.of("/ops/transmissions/" + outId + "/cancel", "/ops/logout")) {
      assertEquals(401, call(gw, "POST", p, null, null).statusCode(), p);
    }
    // the login page and its style sheet are the only things served without a login
    assertEquals(200, get(gw, "/ops/login", null).statusCode());
    assertEquals(200, get(gw, "/ops/static/ops.css", null).statusCode());
  }

  @Test
  void apiRefusesMissingAndWrongTokens() throws Exception {
    for (String p : apiReads()) {
      assertEquals(401, get(gw, p, null).statusCode(), p);
      assertEquals(401, get(gw, p, "not-a-token").statusCode(), p);
    }
    for (String p : actions()) {
      assertEquals(401, call(gw, "POST", p, null, null).statusCode(), p);
    }
    // the back-office token is not an operator token
    assertEquals(401, get(gw, "/api/transmissions", gw.apiToken()).statusCode());
  }

  @Test
  void viewersReadButDoNotAct() throws Exception {
    for (String p : apiReads()) {
      int expected = p.endsWith("/audit") ? 403 : 200;
      assertEquals(expected, get(gw, p, VIEWER_TOKEN).statusCode(), p);
    }
    for (String p : actions()) {
      assertEquals(403, call(gw, "POST", p, VIEWER_TOKEN, null).statusCode(), p);
    }
    assertEquals(200, get(gw, "/api/ops/audit", ADMIN_TOKEN).statusCode());
    Browser vera = Browser.login(gw, "vera");
    for (String p : uiPages()) {
      int expected = p.equals("/ops/audit") ? 403 : 200;
      assertEquals(expected, vera.get(p).statusCode(), p);
    }
    HttpResponse<String> detail = vera.get("/ops/transmissions/" + outId);
    assertFalse(detail.body().contains("id=\"cancel\""), "viewer sees no action buttons");
    assertEquals(403, vera.postForm("/ops/transmissions/" + outId + "/cancel", "_csrf=" + vera.csrf()).statusCode());
  }

  @Test
  void sessionActionsNeedTheCsrfToken() throws Exception {
    Browser olle = Browser.login(gw, "olle");
    assertTrue(olle.get("/ops/transmissions/" + outId).body().contains("id=\"cancel\""));
    assertEquals(403, olle.postForm("/ops/transmissions/" + outId + "/cancel", "").statusCode());
    assertEquals(403, olle.postForm("/ops/transmissions/" + outId + "/cancel", "_csrf=forged").statusCode());
    // the API with a session cookie needs it too
    HttpResponse<String> api =
        OpsTestSupport.HTTP.send(
            HttpRequest.newBuilder(gw.url("/api/transmissions/" + outId + "/cancel"))
                .header("Cookie", olle.cookie())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(403, api.statusCode());
    assertEquals(200, olle.get("/api/transmissions/" + outId).statusCode());
    // logging out ends the session
    assertEquals(302, olle.postForm("/ops/logout", "_csrf=" + olle.csrf()).statusCode());
    assertEquals(302, olle.get("/ops/").statusCode());
  }

  @Test
  void wrongPasswordsAreRefusedAndThrottled() throws Exception {
    HttpResponse<String> r = login("ada", "wrong");
    assertEquals(401, r.statusCode());
    assertFalse(r.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith(OpsAuth.COOKIE + "=")));
    assertEquals(401, login("nobody", "wrong").statusCode());
    for (int i = 0; i < 5; i++) {
      login("olga", "wrong");
    }
    HttpResponse<String> audit = get(gw, "/api/ops/audit", ADMIN_TOKEN);
    assertTrue(audit.body().contains("\"LOCKED\"") || audit.body().contains("FAILED"), audit.body());
    assertEquals(200, get(gw, "/api/transmissions", OPERATOR_TOKEN).statusCode());
  }

  @Test
  void loginRedirectsOnlyInsideOps() throws Exception {
    HttpResponse<String> r = Browser.loginResponse(gw, "ada", OpsTestSupport.PASSWORD, "https://evil.example/");
    assertEquals(302, r.statusCode());
    assertTrue(r.headers().firstValue("Location").orElseThrow().endsWith("/ops/"));
    String cookie = r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(OpsAuth.COOKIE + "=")).findFirst().orElseThrow();
    assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
  }

  private static HttpResponse<String> login(String user, String password) throws Exception {
    return Browser.loginResponse(gw, user, password, null);
  }
}
