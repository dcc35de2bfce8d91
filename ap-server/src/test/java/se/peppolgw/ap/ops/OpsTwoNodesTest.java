package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.ops.OpsTestSupport.LoginForm;
import se.peppolgw.ap.ops.OpsTestSupport.Row;
import se.peppolgw.ap.ops.security.LoginThrottle;
import se.peppolgw.ap.ops.security.OpsSessions;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;
import se.peppolgw.ap.testkit.TestPostgres;

/**
 * Any node serves any operator request: two gateways on one PostgreSQL, and a browser whose every
 * request goes to the other node than the one before (a round-robin balancer without
 * stickiness). Login, list, resend with its CSRF token and logout all work; a restarted node
 * still knows the session; failed logins counted on one node delay attempts on the other.
 */
class OpsTwoNodesTest {
  @TempDir static Path dir;
  static EmbeddedPostgres pg;
  static GatewayFixture nodeA;
  static GatewayFixture nodeB;
  static String failedId;

  @BeforeAll
  static void start() throws Exception {
    pg = TestPostgres.start();
    nodeA = node("a").start();
    nodeB = node("b").start();
    Row out = new Row().out("FAILED").type("invoice");
    out.document = SharedTestData.read(SharedTestData.INVOICE);
    failedId = out.insert(nodeA.gateway().store().database());
  }

  static GatewayFixture node(String name) {
    return OpsTestSupport.withOperators(new GatewayFixture(dir.resolve(name)))
        .with("gateway.db.url", pg.getJdbcUrl("postgres", "postgres"))
        .with("gateway.db.user", "postgres")
        .with("gateway.db.password", "")
        .with("gateway.outbound.dir", "none")
        .with("gateway.outbound.validation.enabled", "false")
        .with("gateway.http.forwarded-headers", "true");
  }

  @AfterAll
  static void stop() throws Exception {
    for (GatewayFixture f : new GatewayFixture[] {nodeA, nodeB}) {
      if (f != null) {
        f.stop();
      }
    }
    if (pg != null) {
      pg.close();
    }
  }

  /** A browser behind a round-robin balancer: each request goes to the next node. */
  static final class RoundRobinBrowser {
    private final List<GatewayFixture> nodes;
    private int next;
    String cookie;

    RoundRobinBrowser(List<GatewayFixture> nodes) {
      this.nodes = nodes;
    }

    GatewayFixture node() {
      return nodes.get(next++ % nodes.size());
    }

    HttpResponse<String> get(String path) throws Exception {
      return OpsTestSupport.HTTP.send(
          HttpRequest.newBuilder(node().url(path)).header("Cookie", cookie).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String form) throws Exception {
      GatewayFixture n = node();
      URI u = n.url("/");
      return OpsTestSupport.HTTP.send(
          HttpRequest.newBuilder(n.url(path))
              .header("Cookie", cookie)
              .header("Origin", u.getScheme() + "://" + u.getAuthority())
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    void login(String user) throws Exception {
      LoginForm form = LoginForm.load(node());
      GatewayFixture n = node();
      HttpResponse<String> r = form.post(n, user, OpsTestSupport.PASSWORD, "/ops/transmissions", form.sameOrigin(n));
      assertEquals(302, r.statusCode(), "login form from one node, posted to the other: " + r.body());
      cookie = OpsTestSupport.Browser.sessionCookie(r);
    }
  }

  static String csrf(String page) {
    Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
    assertTrue(m.find(), "no CSRF token in the page");
    return m.group(1);
  }

  @Test
  void anOperatorWorksAcrossNodesAndARestart() throws Exception {
    RoundRobinBrowser b = new RoundRobinBrowser(List.of(nodeA, nodeB));
    b.login("olle");

    HttpResponse<String> list = b.get("/ops/transmissions?state=FAILED");
    assertEquals(200, list.statusCode());
    assertTrue(list.body().contains(failedId), "the list on the other node");
    HttpResponse<String> detail = b.get("/ops/transmissions/" + failedId);
    assertEquals(200, detail.statusCode());
    HttpResponse<String> resend = b.post("/ops/transmissions/" + failedId + "/resend", "_csrf=" + csrf(detail.body()));
    assertEquals(302, resend.statusCode(), resend.body());
    String location = resend.headers().firstValue("Location").orElseThrow();
    assertTrue(location.contains("?done=resent") && !location.contains(failedId), location);
    HttpResponse<String> resent = b.get(URI.create(location).getPath() + "?done=resent");
    assertEquals(200, resent.statusCode());
    assertTrue(resent.body().contains("Resent as a new transmission"));

    // the session survives a restart of a node: it is in the database
    nodeA.stop();
    nodeA.start();
    HttpResponse<String> afterRestart = OpsTestSupport.HTTP.send(
        HttpRequest.newBuilder(nodeA.url("/ops/")).header("Cookie", b.cookie).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, afterRestart.statusCode(), "restarted node knows the session");

    HttpResponse<String> page = b.get("/ops/");
    HttpResponse<String> logout = b.post("/ops/logout", "_csrf=" + csrf(page.body()));
    assertEquals(302, logout.statusCode());
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> gone = b.get("/ops/");
      assertEquals(302, gone.statusCode(), "logged out on every node");
      assertTrue(gone.headers().firstValue("Location").orElse("").contains("/ops/login"));
    }
  }

  @Test
  void onlyAHashOfTheSessionIdIsStored() throws Exception {
    RoundRobinBrowser b = new RoundRobinBrowser(List.of(nodeA, nodeB));
    b.login("vera");
    String value = b.cookie.substring(b.cookie.indexOf('=') + 1);
    try (Connection c = nodeB.gateway().store().database().connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id_sha256 FROM ops_session")) {
      boolean found = false;
      while (rs.next()) {
        assertNotEquals(value, rs.getString(1));
        found |= rs.getString(1).equals(OpsSessions.sha256(value));
      }
      assertTrue(found, "the session is stored under the SHA-256 of its cookie value");
    }
  }

  @Test
  void failedLoginsOnOneNodeCountOnTheOther() throws Exception {
    String from = "192.0.2.200";
    List<GatewayFixture> nodes = List.of(nodeA, nodeB);
    int i = 0;
    for (; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS + 1; i++) {
      GatewayFixture n = nodes.get(i % 2);
      LoginForm form = LoginForm.load(n);
      assertEquals(401, form.post(n, "ada", "wrong", "/ops/", form.sameOrigin(n), from).statusCode());
    }
    GatewayFixture n = nodes.get(i % 2);
    LoginForm form = LoginForm.load(n);
    HttpResponse<String> r = form.post(n, "ada", OpsTestSupport.PASSWORD, "/ops/", form.sameOrigin(n), from);
    assertEquals(429, r.statusCode(), "failures on both nodes add up");
    assertTrue(r.headers().firstValue("Retry-After").isPresent());
  }
}
