package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.ops.OpsTestSupport.Browser;
import se.peppolgw.ap.ops.web.OpsRedirects;
import se.peppolgw.ap.testkit.GatewayFixture;

/** The operator UI redirects only to its own pages, whatever {@code next} holds (finding 5). */
class OpsRedirectTest {
  @TempDir static Path dir;
  static GatewayFixture gw;

  @BeforeAll
  static void start() throws Exception {
    gw = OpsTestSupport.withOperators(new GatewayFixture(dir)).with("gateway.outbound.dir", "none").start();
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.stop();
    }
  }

  /** Raw {@code next} values (as they arrive after form decoding) that must not leave /ops/. */
  static List<String> hostile() {
    return List.of(
        "/ops/..//evil.example",
        "/ops/../..//evil.example",
        "/ops/%2e%2e//evil.example",
        "/ops/%2E%2E/%2F/evil.example",
        "/ops/.%2e//evil.example",
        "/ops/%252e%252e//evil.example",
        "/ops/%2f%2fevil.example",
        "/ops/%5c%5cevil.example",
        "/ops/\\\\evil.example",
        "/ops/..\\evil.example",
        "/ops/..;/..//evil.example",
        "//evil.example/ops/",
        "https://evil.example/ops/",
        "/\\evil.example/ops/",
        "/ops/\r\nSet-Cookie: x=1",
        "/ops/%0d%0aSet-Cookie:%20x=1",
        "/ops/\tfoo",
        "/ops/%00",
        "/ops/%zz",
        "/ops/" + "a".repeat(OpsRedirects.MAX_LENGTH),
        "/opsx/",
        "");
  }

  @Test
  void loginRefusesEveryBypassFormAndFallsBackToTheDashboard() throws Exception {
    for (String next : hostile()) {
      HttpResponse<String> r = Browser.loginResponse(gw, "vera", OpsTestSupport.PASSWORD, next);
      assertEquals(302, r.statusCode(), () -> "next=" + next + ": " + r.body());
      String location = r.headers().firstValue("Location").orElseThrow();
      assertTrue(location.startsWith("/") && !location.startsWith("//") || location.startsWith(origin()),
          () -> "next=" + next + " gave " + location);
      assertEquals("/ops/", path(location), "next=" + next);
    }
  }

  @Test
  void loginKeepsAPlainTargetInsideOps() throws Exception {
    String next = "/ops/transmissions?state=FAILED_ALL&q=PO%2F1";
    HttpResponse<String> r = Browser.loginResponse(gw, "vera", OpsTestSupport.PASSWORD, next);
    assertEquals(302, r.statusCode());
    assertEquals(next, pathAndQuery(r.headers().firstValue("Location").orElseThrow()));
  }

  @Test
  void theRedirectToLoginCarriesTheTargetEncoded() throws Exception {
    HttpResponse<String> r = OpsTestSupport.get(gw, "/ops/transmissions?q=a%20b", null);
    assertEquals(302, r.statusCode());
    String location = r.headers().firstValue("Location").orElseThrow();
    assertTrue(location.contains("/ops/login?next="
        + URLEncoder.encode("/ops/transmissions?q=a%20b", StandardCharsets.UTF_8)), location);
  }

  @Test
  void logoutAndActionRedirectsStayInsideOps() throws Exception {
    Browser b = Browser.login(gw, "olle");
    HttpResponse<String> out = b.postForm("/ops/logout", "_csrf=" + b.csrf() + "&next=//evil.example");
    assertEquals(302, out.statusCode());
    assertEquals("/ops/login", path(out.headers().firstValue("Location").orElseThrow()));
  }

  @Test
  void unitChecks() {
    for (String next : hostile()) {
      assertEquals(Optional.empty(), OpsRedirects.safeTarget(next), next);
    }
    assertEquals(Optional.of("/ops/"), OpsRedirects.safeTarget("/ops/"));
    assertEquals(Optional.of("/ops/transmissions/abc?ok=1"), OpsRedirects.safeTarget("/ops/transmissions/abc?ok=1"));
  }

  /** The path of a Location, absolute or not; it must name this gateway when absolute. */
  private static String path(String location) {
    String pq = pathAndQuery(location);
    int q = pq.indexOf('?');
    return q < 0 ? pq : pq.substring(0, q);
  }

  private static String origin() {
    String base = gw.url("/").toString();
    return base.substring(0, base.length() - 1);
  }

  private static String pathAndQuery(String location) {
    String base = origin();
    if (location.startsWith(base)) {
      return location.substring(base.length());
    }
    assertTrue(location.startsWith("/") && !location.startsWith("//"), location);
    return location;
  }
}
