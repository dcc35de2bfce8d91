package se.peppolgw.ap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.Gateway;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * Finding 13 of issue #11 (the HTTP side): error pages name no Java exceptions, every API answer
 * carries nosniff and no-store, and /health tells a stranger only UP/DOWN.
 */
class HttpHardeningTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static GatewayFixture fx;
  static Gateway gateway;
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** A servlet that fails the way a bug or a library deep inside would. */
  static final class Failing extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      throw new IllegalStateException("internal detail from com.example.Secret");
    }
  }

  @BeforeAll
  static void start() throws Exception {
    fx = new GatewayFixture(dir);
    fx.start();
    fx.stop();
    // the same settings again, with a failing servlet mounted
    gateway =
        Gateway.builder(new GatewayConfig(ConfigSource.of(fx.settings, null)))
            .servlet("/fail/*", new Failing())
            .start();
    GatewayFixture.awaitWarm(gateway);
  }

  @AfterAll
  static void stop() {
    gateway.stop();
  }

  static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(gateway.localUrl().resolve(path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void assertNamesNoException(String body) {
    for (String leak : List.of("Exception", "java.", "com.example", "internal detail", "org.eclipse", "Caused")) {
      assertFalse(body.contains(leak), "error page leaks '" + leak + "': " + body);
    }
  }

  /** On main the page reads "java.lang.IllegalStateException: internal detail from …". */
  @Test
  void errorPagesNameNoExceptionInHtmlJsonOrText() throws Exception {
    HttpResponse<String> html = get("/fail/x", "Accept", "text/html");
    assertEquals(500, html.statusCode());
    assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(html.body().contains("Server Error"), html.body());
    // the page of src/main/jte/http/error.jte: status and reason, nothing else
    assertTrue(html.body().contains("<title>Error 500</title>"), html.body());
    assertTrue(html.body().contains("<h2>HTTP ERROR 500 Server Error</h2>"), html.body());
    assertNamesNoException(html.body());

    HttpResponse<String> json = get("/fail/x", "Accept", "application/json");
    assertEquals(500, json.statusCode());
    assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    assertEquals(500, JSON.readTree(json.body()).get("status").asInt());
    assertNamesNoException(json.body());

    HttpResponse<String> text = get("/fail/x", "Accept", "text/plain");
    assertNamesNoException(text.body());
    assertEquals("nosniff", html.headers().firstValue("X-Content-Type-Options").orElse(null));
  }

  /** Jetty's own refusals (a malformed request line) are plain too. */
  @Test
  void protocolErrorsNameNoException() throws Exception {
    try (Socket s = new Socket("127.0.0.1", gateway.port())) {
      OutputStream out = s.getOutputStream();
      out.write("GET /api/inbox/%zz%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
      assertNamesNoException(answer);
    }
  }

  /** On main no API answer has X-Content-Type-Options, and the inbox API no Cache-Control. */
  @Test
  void everyApiAnswerIsNosniffAndNoStore() throws Exception {
    String token = Files.readString(dir.resolve("data").resolve("local-api-token.txt")).trim();
    for (HttpResponse<String> r :
        List.of(
            get("/api/inbox", "Authorization", "Bearer " + token),
            get("/api/inbox"),
            get("/api/inbox/no-such-id", "Authorization", "Bearer " + token),
            get("/api/no-such-api"),
            get("/api/transmissions"),
            get("/health"))) {
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), r.uri() + " " + r.statusCode());
      assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null), r.uri() + " " + r.statusCode());
    }
  }

  /** On main a stranger reads version and certificate subject. */
  @Test
  void healthShowsDetailsOnlyToTokenHolders() throws Exception {
    HttpResponse<String> stranger = get("/health");
    assertEquals(200, stranger.statusCode());
    JsonNode s = JSON.readTree(stranger.body());
    Set<String> keys = new HashSet<>();
    s.fieldNames().forEachRemaining(keys::add);
    assertEquals(Set.of("status", "ready"), keys, stranger.body());
    assertEquals("UP", s.get("status").asText());
    assertTrue(s.get("ready").asBoolean());

    String apiToken = Files.readString(dir.resolve("data").resolve("local-api-token.txt")).trim();
    String operatorToken = Files.readString(dir.resolve("data").resolve("local-operator-token.txt")).trim();
    for (String token : List.of(apiToken, operatorToken)) {
      JsonNode d = JSON.readTree(get("/health", "Authorization", "Bearer " + token).body());
      assertTrue(d.hasNonNull("version"), d.toString());
      assertTrue(d.get("certificateSubject").asText().contains("CN="), d.toString());
      assertEquals("started", d.get("components").get("punchout").asText(), d.toString());
      assertEquals("started", d.get("components").get("outbound").asText(), d.toString());
    }
    JsonNode wrong = JSON.readTree(get("/health", "Authorization", "Bearer not-a-token").body());
    assertFalse(wrong.has("version"), wrong.toString());
  }

  @Test
  void healthDetailsCanBeMadePublic(@TempDir Path other) throws Exception {
    try (GatewayFixture pub = new GatewayFixture(other).with("gateway.health.details", "public").start()) {
      JsonNode d =
          JSON.readTree(
              CLIENT.send(HttpRequest.newBuilder(pub.url("/health")).build(), HttpResponse.BodyHandlers.ofString()).body());
      assertTrue(d.hasNonNull("version"), d.toString());
      assertTrue(d.hasNonNull("certificateSubject"), d.toString());
    }
  }
}
