package se.peppolgw.ap.punchout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.TestPostgres;
import se.peppolgw.punchout.security.SecretHasher;

/**
 * Any node serves any request (issue #11): two gateway nodes on one PostgreSQL behind a round-robin proxy
 * without stickiness. A full OCI and a full cXML punch-out (setup, start, add to the built-in shop's cart,
 * transfer back) alternate nodes on every request; a node restarted in the middle of a punch-out loses no cart.
 * On main the second request of a punch-out already fails: the session lived in the first node's memory.
 */
class PunchoutTwoNodesTest {
  private static final String OCI_SECRET = "oci-two-nodes";
  private static final String CXML_SECRET = "cxml-two-nodes";
  private static final String OCI_RETURN = "https://procurement.example/oci/return";
  private static final String CXML_RETURN = "https://procurement.example/cxml/return";

  @TempDir static Path dir;
  static EmbeddedPostgres pg;
  static RoundRobinProxy proxy;
  static GatewayFixture nodeA;
  static GatewayFixture nodeB;

  @BeforeAll
  static void start() throws Exception {
    pg = TestPostgres.start();
    Path config = writePunchoutConfig(dir.resolve("punchout"));
    proxy = new RoundRobinProxy();
    nodeA = node("node-a", config);
    nodeB = node("node-b", config);
    nodeA.start();
    nodeB.start();
    proxy.route(nodeA.url("/"), nodeB.url("/"));
  }

  private static GatewayFixture node(String name, Path punchoutConfig) {
    return new GatewayFixture(dir.resolve(name))
        .with("gateway.db.url", pg.getJdbcUrl("postgres", "postgres"))
        .with("gateway.db.user", "postgres")
        .with("gateway.db.password", "")
        .with("gateway.public-url", proxy.url())
        .with("gateway.punchout.config-dir", punchoutConfig.toString());
  }

  @AfterAll
  static void stop() throws Exception {
    for (GatewayFixture n : new GatewayFixture[] {nodeA, nodeB}) {
      if (n != null) {
        n.stop();
      }
    }
    if (proxy != null) {
      proxy.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @BeforeEach
  void forgetServedNodes() {
    proxy.served.clear();
  }

  @Test
  void anOciPunchOutAlternatesNodesOnEveryRequest() throws Exception {
    Browser browser = new Browser();
    Page shop = browser.send(post("/punchout/oci/two-oci", "application/x-www-form-urlencoded",
        form(Map.of("username", "two", "password", OCI_SECRET, "HOOK_URL", OCI_RETURN, "~OkCode", "ADDI"))));
    assertEquals(200, shop.status(), shop.body());
    Page cart = browser.add(shop, "100-2001", "3");
    assertEquals(200, cart.status(), cart.body());
    cart = browser.add(cart.catalogue(browser), "100-2002", "2");
    Page transfer = browser.checkout(cart);
    assertEquals(200, transfer.status(), transfer.body());
    Map<String, String> fields = transfer.hiddenFields();
    assertEquals("ADDI", fields.get("~OkCode"));
    assertEquals(Set.of("100-2001", "100-2002"), Set.of(fields.get("NEW_ITEM-VENDORMAT[1]"), fields.get("NEW_ITEM-VENDORMAT[2]")));
    assertEquals(List.of("100-2001:3", "100-2002:2"), List.of(
        line(fields, 1), line(fields, 2)).stream().sorted().toList());
    proxy.assertAlternated();
  }

  @Test
  void aCxmlPunchOutAlternatesNodesOnEveryRequest() throws Exception {
    Browser browser = new Browser();
    Page setup = browser.send(post("/punchout/cxml", "text/xml; charset=UTF-8", cxmlSetup("cookie-1")));
    assertTrue(setup.body().contains("<Status code=\"200\""), setup.body());
    Page shop = browser.send(get(URI.create(first(setup.body(), "<URL>([^<]+)</URL>"))));
    assertEquals(200, shop.status(), shop.body());
    Page cart = browser.add(shop, "200-3001", "4");
    Page transfer = browser.checkout(cart);
    assertEquals(200, transfer.status(), transfer.body());
    String order = new String(Base64.getDecoder().decode(transfer.hiddenFields().get("cxml-base64")), StandardCharsets.UTF_8);
    assertTrue(order.contains("<BuyerCookie>cookie-1</BuyerCookie>"), order);
    assertTrue(order.matches("(?s).*<ItemIn quantity=\"4\".*<SupplierPartID>200-3001</SupplierPartID>.*"), order);
    proxy.assertAlternated();
  }

  @Test
  void aNodeRestartedInTheMiddleOfAPunchOutLosesNoCart() throws Exception {
    Browser browser = new Browser();
    Page shop = browser.send(post("/punchout/oci/two-oci", "application/x-www-form-urlencoded",
        form(Map.of("username", "two", "password", OCI_SECRET, "HOOK_URL", OCI_RETURN))));
    Page cart = browser.add(shop, "100-2001", "1");
    assertEquals(200, cart.status(), cart.body());

    nodeA.stop();
    nodeA.start();
    proxy.route(nodeA.url("/"), nodeB.url("/"));

    Page again = cart.followLink("cart-link", browser);
    assertEquals(200, again.status(), again.body());
    assertTrue(again.body().contains("100-2001"), "the line added before the restart: " + again.body());
    Page transfer = browser.checkout(browser.add(again.catalogue(browser), "100-2002", "5"));
    assertEquals(200, transfer.status(), transfer.body());
    Map<String, String> fields = transfer.hiddenFields();
    assertEquals(List.of("100-2001:1", "100-2002:5"), List.of(line(fields, 1), line(fields, 2)).stream().sorted().toList());
  }

  private static String line(Map<String, String> fields, int n) {
    return fields.get("NEW_ITEM-VENDORMAT[" + n + "]") + ":" + new java.math.BigDecimal(
        fields.get("NEW_ITEM-QUANTITY[" + n + "]")).stripTrailingZeros().toPlainString();
  }

  // ---- the test's buyers ----

  private static Path writePunchoutConfig(Path target) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Path sample = Path.of("..", "config", "punchout").toAbsolutePath().normalize();
    Files.createDirectories(target.resolve("buyers"));
    Files.copy(sample.resolve("catalogue.json"), target.resolve("catalogue.json"));
    Files.copy(sample.resolve("supplier.json"), target.resolve("supplier.json"));
    ObjectNode oci = buyer(json, "two-oci", "OCI", "4.0", OCI_SECRET, OCI_RETURN);
    oci.put("username", "two");
    oci.putObject("oci").put("usernameField", "username").put("passwordField", "password").put("defaultCharset", "UTF-8");
    json.writeValue(target.resolve("buyers/two-oci.json").toFile(), oci);
    ObjectNode cxml = buyer(json, "two-cxml", "CXML", "1.2.071", CXML_SECRET, CXML_RETURN);
    cxml.putObject("cxml").put("fromDomain", "NetworkID").put("fromIdentity", "two-cxml-buyer").put("transport", "BASE64");
    json.writeValue(target.resolve("buyers/two-cxml.json").toFile(), cxml);
    return target;
  }

  private static ObjectNode buyer(ObjectMapper json, String id, String protocol, String version, String secret,
      String returnUrl) {
    ObjectNode b = json.createObjectNode();
    b.put("id", id).put("name", "Buyer " + id).put("protocol", protocol).put("protocolVersion", version)
        .put("secretHash", SecretHasher.hash(secret, 1000));
    b.putArray("allowedReturnUrls").add(returnUrl);
    b.put("requireHttps", true).put("currency", "SEK").put("language", "sv");
    return b;
  }

  private static String cxmlSetup(String cookie) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<cXML payloadID=\"2@procurement.example\" timestamp=\"2026-11-21T10:00:00+01:00\" version=\"1.2.071\"><Header>"
        + "<From><Credential domain=\"NetworkID\"><Identity>two-cxml-buyer</Identity></Credential></From>"
        + "<To><Credential domain=\"NetworkID\"><Identity>supplier</Identity></Credential></To>"
        + "<Sender><Credential domain=\"NetworkID\"><Identity>hub</Identity><SharedSecret>" + CXML_SECRET
        + "</SharedSecret></Credential><UserAgent>test</UserAgent></Sender></Header>"
        + "<Request deploymentMode=\"test\"><PunchOutSetupRequest operation=\"create\"><BuyerCookie>" + cookie
        + "</BuyerCookie><BrowserFormPost><URL>" + CXML_RETURN + "</URL></BrowserFormPost></PunchOutSetupRequest>"
        + "</Request></cXML>";
  }

  // ---- a browser, over the proxy ----

  private static HttpRequest post(String path, String contentType, String body) {
    return HttpRequest.newBuilder(URI.create(proxy.url() + path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).GET().build();
  }

  private static String form(Map<String, String> fields) {
    StringBuilder b = new StringBuilder();
    fields.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return b.toString();
  }

  private static String first(String text, String regex) {
    Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
    if (!m.find()) {
      throw new AssertionError("no " + regex + " in " + text);
    }
    return m.group(1).replace("&amp;", "&");
  }

  record Page(int status, URI uri, String body) {
    Map<String, String> hiddenFields() {
      Map<String, String> fields = new LinkedHashMap<>();
      Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">").matcher(body);
      while (m.find()) {
        fields.put(unescape(m.group(1)), unescape(m.group(2)));
      }
      return fields;
    }

    Page followLink(String id, Browser browser) throws Exception {
      return browser.send(get(uri.resolve(first(body, "id=\"" + id + "\" href=\"([^\"]+)\""))));
    }

    Page catalogue(Browser browser) throws Exception {
      return followLink("catalogue-link", browser);
    }

    /** The fields and action of the first form whose opening tag matches {@code formStart}. */
    Page submit(String formStart, Map<String, String> extra, Browser browser) throws Exception {
      Matcher m = Pattern.compile(formStart + "[^>]*action=\"([^\"]+)\">(.*?)</form>", Pattern.DOTALL).matcher(body);
      if (!m.find()) {
        throw new AssertionError("no form " + formStart + " on " + uri + ": " + body);
      }
      Map<String, String> fields = new Page(status, uri, m.group(2)).hiddenFields();
      fields.putAll(extra);
      return browser.send(HttpRequest.newBuilder(uri.resolve(unescape(m.group(1))))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build());
    }

    private static String unescape(String s) {
      return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
  }

  static final class Browser {
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();

    Page send(HttpRequest request) throws Exception {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Page(r.statusCode(), r.uri(), r.body());
    }

    Page add(Page page, String article, String quantity) throws Exception {
      Matcher m = Pattern.compile("<form class=\"add\"[^>]*>(?:(?!</form>).)*name=\"article\" value=\"" + Pattern.quote(article)
          + "\"", Pattern.DOTALL).matcher(page.body());
      if (!m.find()) {
        throw new AssertionError("no add form for " + article + " on " + page.uri() + ": " + page.body());
      }
      Page only = new Page(page.status(), page.uri(), page.body().substring(m.start()));
      Page after = only.submit("<form class=\"add\"", Map.of("quantity", quantity), this);
      // the shop returns to the page the article was added from; these tests continue on the cart
      return after.status() == 200 && !after.uri().getPath().startsWith("/shop/cart") ? after.followLink("cart-link", this) : after;
    }

    Page checkout(Page cart) throws Exception {
      return cart.submit("<form id=\"checkout\"", Map.of(), this);
    }
  }

  // ---- the load balancer: round robin, no stickiness ----

  /** Forwards each request to the next node in turn and remembers which node served it. */
  static final class RoundRobinProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "transfer-encoding",
        "keep-alive", "upgrade", "expect");
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final AtomicInteger next = new AtomicInteger();
    private volatile List<URI> nodes = List.of();
    final List<Integer> served = new CopyOnWriteArrayList<>();

    RoundRobinProxy() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", this::forward);
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void route(URI... targets) {
      nodes = List.of(targets);
    }

    void assertAlternated() {
      assertTrue(served.size() >= 6, "requests served: " + served);
      for (int i = 1; i < served.size(); i++) {
        assertTrue(served.get(i) != served.get(i - 1), "two requests in a row on one node: " + served);
      }
    }

    private void forward(HttpExchange ex) throws IOException {
      int n = Math.floorMod(next.getAndIncrement(), nodes.size());
      URI target = nodes.get(n).resolve(ex.getRequestURI().toString());
      try (InputStream in = ex.getRequestBody(); OutputStream out = ex.getResponseBody()) {
        HttpRequest.Builder b = HttpRequest.newBuilder(target)
            .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(in.readAllBytes()));
        ex.getRequestHeaders().forEach((name, values) -> {
          if (!HOP_BY_HOP.contains(name.toLowerCase())) {
            values.forEach(v -> b.header(name, v));
          }
        });
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        served.add(n);
        r.headers().map().forEach((name, values) -> {
          if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
            ex.getResponseHeaders().put(name, new ArrayList<>(values));
          }
        });
        ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
        out.write(r.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(502, -1);
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
