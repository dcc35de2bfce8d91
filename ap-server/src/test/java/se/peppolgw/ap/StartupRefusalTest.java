package se.peppolgw.ap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.testkit.GatewayFixture;

/**
 * "Refuse to run half-started" (issue #11): a typo in one punch-out buyer profile printed an
 * exception, yet the process kept running with /health UP and every punch-out URL 404.
 */
class StartupRefusalTest {
  @TempDir Path dir;

  /** A copy of the sample punch-out configuration with "allowedReturnUrls" misspelt in one file. */
  private Path brokenPunchoutConfig() throws IOException {
    Path src = Path.of("..", "config", "punchout").toAbsolutePath().normalize();
    Path dst = dir.resolve("punchout");
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = dst.resolve(src.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    Path profile = dst.resolve("buyers").resolve("marks-oci4.json");
    Files.writeString(profile, Files.readString(profile).replace("\"allowedReturnUrls\"", "\"alowedReturnUrls\""));
    return dst;
  }

  /**
   * Gateway.start throws a ConfigException naming the file, the key and the key meant, and leaves
   * no port open. On main the exception is an UncheckedIOException thrown after Jetty started, and
   * the port stays bound (the bind assertion fails).
   */
  @Test
  void aMisspeltBuyerProfileKeyStopsTheStartAndLeavesNoPortOpen() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    GatewayFixture fx =
        new GatewayFixture(dir)
            .with("gateway.http.port", Integer.toString(port))
            .with("gateway.punchout.config-dir", brokenPunchoutConfig().toString());
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Gateway.builder(new GatewayConfig(ConfigSource.of(fx.settings, null))).start());
    assertTrue(e.getMessage().contains("marks-oci4.json"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown key 'alowedReturnUrls'"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'allowedReturnUrls'"), e.getMessage());
    try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
      assertEquals(port, again.getLocalPort());
    }
    // and the database was closed: a second gateway on the same data folder starts
    try (GatewayFixture ok = new GatewayFixture(dir).start()) {
      assertTrue(ok.gateway().port() > 0);
    }
  }

  /**
   * /health is UP only while every configured component runs: with the outbound worker stopped it
   * answers 503, DOWN, not ready, and names the component for a token holder. On main it stays
   * 200 UP.
   */
  @Test
  void healthIsNotUpWhenAConfiguredComponentIsNotRunning() throws Exception {
    try (GatewayFixture fx = new GatewayFixture(dir).start()) {
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpRequest stranger = java.net.http.HttpRequest.newBuilder(fx.url("/health")).build();
      assertEquals(200, client.send(stranger, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
      fx.gateway().outbound().worker().stop(java.time.Duration.ZERO);
      var down = client.send(stranger, java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(503, down.statusCode());
      assertEquals("{\"status\":\"DOWN\",\"ready\":false}", down.body());
      var details =
          client.send(
              java.net.http.HttpRequest.newBuilder(fx.url("/health"))
                  .header("Authorization", "Bearer " + fx.apiToken())
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(503, details.statusCode());
      assertTrue(details.body().contains("\"outbound\":\"not running\""), details.body());
      assertTrue(details.body().contains("outbound worker not running"), details.body());
    }
  }

  /**
   * The real process: exit status 2 and one line on stderr naming the file and the key. On main
   * the process keeps running (the wait times out) and stderr holds a stack trace.
   */
  @Test
  void theProcessExitsWithOneLineNamingFileAndKey() throws Exception {
    GatewayFixture fx = new GatewayFixture(dir).with("gateway.punchout.config-dir", brokenPunchoutConfig().toString());
    StringBuilder cfg = new StringBuilder();
    fx.settings.forEach((k, v) -> cfg.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
    Path config = dir.resolve("gateway.properties");
    Files.writeString(config, cfg.toString(), StandardCharsets.UTF_8);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(GatewayMain.class.getName());
    cmd.add("--config");
    cmd.add(config.toString());
    Path out = dir.resolve("stdout.log");
    Path err = dir.resolve("stderr.log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("GATEWAY_DEBUG");
    Process p = pb.start();
    try {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the gateway process is still running");
      assertEquals(2, p.exitValue());
      List<String> lines =
          Files.readAllLines(err, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
      assertEquals(1, lines.size(), String.join("\n", lines));
      assertTrue(lines.get(0).startsWith("Cannot start the gateway: "), lines.get(0));
      assertTrue(lines.get(0).contains("marks-oci4.json"), lines.get(0));
      assertTrue(lines.get(0).contains("alowedReturnUrls"), lines.get(0));
    } finally {
      p.destroyForcibly();
    }
  }
}
