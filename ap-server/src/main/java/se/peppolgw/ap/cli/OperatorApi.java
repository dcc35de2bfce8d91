package se.peppolgw.ap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.ops.Ops;

/**
 * The operator commands' client of a running gateway's operator API. The gateway is found from the
 * same configuration the server reads ({@code gateway.http.bind}/{@code gateway.http.port}, so
 * also {@code GATEWAY_HTTP_PORT} and {@code --config}); {@code --url} or {@code GATEWAY_URL} win.
 */
final class OperatorApi {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final GatewayCommand root;

  OperatorApi(GatewayCommand root) {
    this.root = root;
  }

  /** The base URL, without a trailing slash. */
  String url() {
    String u = root.url != null ? root.url : env("GATEWAY_URL");
    if (u == null) {
      GatewayConfig c = config();
      String bind = c.http().bindAddress();
      String host = bind.equals("0.0.0.0") || bind.equals("::") ? "localhost" : bind;
      int port = c.http().port() == 0 ? 8080 : c.http().port();
      u = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
    return u.replaceAll("/+$", "");
  }

  private GatewayConfig config() {
    try {
      return new GatewayConfig(ConfigSource.load(root.configFile()));
    } catch (UncheckedIOException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage());
    }
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
    HttpRequest r =
        request(path)
            .header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60));
    String t = root.token != null ? root.token : env("GATEWAY_TOKEN");
    if (t == null) {
      t = localToken();
    }
    if (t != null) {
      b.header("Authorization", "Bearer " + t);
    }
    return b;
  }

  /** Local mode: the operator token the gateway wrote into its data folder. */
  private String localToken() throws IOException {
    Path f = config().dataDir().resolve(Ops.LOCAL_TOKEN_FILE);
    return Files.isRegularFile(f) ? Files.readString(f, StandardCharsets.UTF_8).trim() : null;
  }

  /** Prints the API's problem and returns its exit code: 4 not allowed, 1 otherwise. */
  int problem(HttpResponse<String> r, PrintWriter err) {
    String detail = r.body();
    try {
      JsonNode n = Json.MAPPER.readTree(r.body());
      detail = n.path("title").asText() + ": " + n.path("detail").asText();
    } catch (IOException e) {
      // not JSON: print as is
    }
    err.println("HTTP " + r.statusCode() + " " + detail);
    return r.statusCode() == 401 || r.statusCode() == 403 ? ExitCodes.NOT_ALLOWED : ExitCodes.NOT_FOUND;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : "";
  }

  static String env(String name) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? null : v;
  }
}
