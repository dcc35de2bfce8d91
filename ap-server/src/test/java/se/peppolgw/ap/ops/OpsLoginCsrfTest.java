package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.ops.OpsTestSupport.Browser;
import se.peppolgw.ap.ops.OpsTestSupport.LoginForm;
import se.peppolgw.ap.ops.OpsTestSupport.Row;
import se.peppolgw.ap.ops.security.OpsAuth;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * Login CSRF and the success banner (finding 13): a login post must come from this gateway's own
 * form, every state-changing session post from this origin, and the banner after an action shows
 * only the gateway's own words.
 */
class OpsLoginCsrfTest {
  @TempDir static Path dir;
  static GatewayFixture gw;
  static String outId;

  @BeforeAll
  static void start() throws Exception {
    gw = OpsTestSupport.withOperators(new GatewayFixture(dir)).with("gateway.outbound.dir", "none").start();
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

  private static boolean opensSession(HttpResponse<String> r) {
    return r.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith(OpsAuth.COOKIE + "="));
  }

  @Test
  void loginWithOriginNullIsRefused() throws Exception {
    LoginForm form = LoginForm.load(gw);
    HttpResponse<String> r = form.post(gw, "ada", OpsTestSupport.PASSWORD, "/ops/", "null");
    assertEquals(403, r.statusCode());
    assertFalse(opensSession(r));
  }

  @Test
  void loginFromAnotherOriginIsRefused() throws Exception {
    LoginForm form = LoginForm.load(gw);
    for (String origin : new String[] {"https://evil.example", "http://127.0.0.1.evil.example", "file://"}) {
      HttpResponse<String> r = form.post(gw, "ada", OpsTestSupport.PASSWORD, "/ops/", origin);
      assertEquals(403, r.statusCode(), origin);
      assertFalse(opensSession(r), origin);
    }
  }

  @Test
  void loginWithoutTheFormsTokenIsRefused() throws Exception {
    // a forged form: no pre-session cookie (SameSite=Strict keeps it from cross-site posts)
    LoginForm forged = new LoginForm(null, "guessed");
    HttpResponse<String> r = forged.post(gw, "ada", OpsTestSupport.PASSWORD, "/ops/", null);
    assertEquals(403, r.statusCode());
    assertFalse(opensSession(r));
    // a cookie from one form with the token of another
    LoginForm a = LoginForm.load(gw);
    LoginForm b = LoginForm.load(gw);
    HttpResponse<String> mixed = new LoginForm(a.cookie(), b.token()).post(gw, "ada", OpsTestSupport.PASSWORD, "/ops/", null);
    assertEquals(403, mixed.statusCode());
    assertFalse(opensSession(mixed));
  }

  @Test
  void theGatewaysOwnFormLogsIn() throws Exception {
    LoginForm form = LoginForm.load(gw);
    HttpResponse<String> r = form.post(gw, "ada", OpsTestSupport.PASSWORD, "/ops/", form.sameOrigin(gw));
    assertEquals(302, r.statusCode());
    assertTrue(opensSession(r));
    // behind a proxy the Origin has the public scheme and default port
    HttpResponse<String> noOrigin = LoginForm.load(gw).post(gw, "ada", OpsTestSupport.PASSWORD, "/ops/", null);
    assertEquals(302, noOrigin.statusCode());
  }

  @Test
  void sessionPostsFromAnotherOriginAreRefused() throws Exception {
    Browser olle = Browser.login(gw, "olle");
    String csrf = olle.csrf();
    for (String origin : new String[] {"null", "https://evil.example"}) {
      HttpResponse<String> r = OpsTestSupport.HTTP.send(
          HttpRequest.newBuilder(gw.url("/ops/transmissions/" + outId + "/retry"))
              .header("Cookie", olle.cookie())
              .header("Origin", origin)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(403, r.statusCode(), origin);
      HttpResponse<String> logout = OpsTestSupport.HTTP.send(
          HttpRequest.newBuilder(gw.url("/ops/logout"))
              .header("Cookie", olle.cookie())
              .header("Origin", origin)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(403, logout.statusCode(), origin);
    }
    assertEquals(200, olle.get("/ops/").statusCode(), "still logged in");
  }

  @Test
  void theSuccessBannerNeverEchoesRequestText() throws Exception {
    Browser vera = Browser.login(gw, "vera");
    HttpResponse<String> r =
        vera.get("/ops/transmissions/" + outId + "?ok=1&done=Payment+approved%3A+wire+funds+to+IBAN+XX00");
    assertEquals(200, r.statusCode());
    assertFalse(r.body().contains("wire funds"), "request text in the page");
    assertFalse(r.body().contains("id=\"flash\""), "no banner for an unknown code");
    HttpResponse<String> known = vera.get("/ops/transmissions/" + outId + "?done=resent");
    assertTrue(known.body().contains("Resent as a new transmission"), known.body());
  }

  @Test
  void actionsRedirectWithACodeAndRenderRefusalsDirectly() throws Exception {
    Browser olle = Browser.login(gw, "olle");
    String csrf = olle.csrf();
    HttpResponse<String> ok = olle.postForm("/ops/transmissions/" + outId + "/cancel", "_csrf=" + csrf);
    assertEquals(302, ok.statusCode());
    String location = ok.headers().firstValue("Location").orElseThrow();
    assertTrue(location.endsWith("/ops/transmissions/" + outId + "?done=cancelled"), location);
    // cancelling again is refused: the page answers the post itself, with the server's own words
    HttpResponse<String> again = olle.postForm("/ops/transmissions/" + outId + "/cancel", "_csrf=" + csrf);
    assertEquals(409, again.statusCode());
    assertTrue(again.body().contains("Cannot cancel in state"), again.body());
  }
}
