package se.peppolgw.ap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.testkit.GatewayFixture;

/** {@code ./gateway} as the operator starts it: GatewayMain in a JVM of its own. */
class GatewayStartProcessTest {
  @TempDir Path dir;

  record Exit(int code, List<String> stderr) {}

  private Exit runGatewayMain(Map<String, String> settings) throws Exception {
    StringBuilder cfg = new StringBuilder();
    settings.forEach((k, v) -> cfg.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
    Path config = dir.resolve("gateway.properties");
    Files.writeString(config, cfg.toString(), StandardCharsets.UTF_8);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(GatewayMain.class.getName());
    cmd.add("--config");
    cmd.add(config.toString());
    Path err = dir.resolve("stderr.log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .redirectError(err.toFile());
    // the build's own environment must not add or hide problems
    pb.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
    Process p = pb.start();
    try {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the gateway process is still running");
      return new Exit(
          p.exitValue(),
          Files.readAllLines(err, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList());
    } finally {
      p.destroyForcibly();
    }
  }

  /**
   * Every problem on a line of its own, exit status 2, and nothing created: no data folder, no
   * key store, no database.
   */
  @Test
  void aBadConfigurationPrintsEveryProblemAndCreatesNothing() throws Exception {
    Map<String, String> s =
        new GatewayFixture(dir)
            .with("gateway.http.port", "70000")
            .with("gateway.outbound.retry.max-attemps", "3")
            .with("gateway.reporting.zone", "Europe/Stockholmm")
            .settings;
    Exit e = runGatewayMain(s);
    assertEquals(2, e.code(), String.join("\n", e.stderr()));
    assertEquals(
        List.of(
            "Cannot start the gateway: 3 problems in the configuration:",
            "  gateway.outbound.retry.max-attemps (configuration file) is not a known key; did you mean"
                + " gateway.outbound.retry.max-attempts?",
            "  gateway.http.port = '70000' (configuration file) is out of range; allowed: 0 to 65535",
            "  gateway.reporting.zone = 'Europe/Stockholmm' (configuration file) is not a time zone id"
                + " (e.g. Europe/Stockholm)"),
        e.stderr());
    assertFalse(Files.exists(dir.resolve("data")), "the data folder was created");
    assertFalse(Files.exists(dir.resolve("keystore")), "the key store folder was created");
  }

  /**
   * A second gateway on the data folder of a running one: one sentence, exit 2, instead of a pool
   * timeout and its stack trace; the running one keeps running.
   */
  @Test
  void aSecondGatewayOnTheSameDataFolderSaysTheDatabaseIsInUse() throws Exception {
    try (GatewayFixture first = new GatewayFixture(dir).start()) {
      Map<String, String> s = new java.util.HashMap<>(first.settings);
      s.put("gateway.data.dir", "data");
      s.put("gateway.keystore.dir", "keystore");
      Exit e = runGatewayMain(s);
      assertEquals(2, e.code(), String.join("\n", e.stderr()));
      assertEquals(
          List.of("Cannot start the gateway: the database in data/db is in use by another gateway process"),
          e.stderr());
      var health =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(first.url("/health")).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
    }
  }
}
