package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.Gateway;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;

/**
 * Issue 16, ready means ready: while validation warms up, POST /api/outbound answers 503 with
 * Retry-After (never a slow 202 that a client times out on and retries), /health says ready:
 * false, and the outbound folder leaves files where they are; once warm, all of them work.
 */
class ReadinessTest {
  @TempDir Path dir;

  @Test
  void duringWarmUpDocumentsAreRefusedWith503AndRetryAfter() throws Exception {
    Path folder = dir.resolve("to-send");
    GatewayFixture fx = new GatewayFixture(dir).with("gateway.outbound.dir", folder.toString());
    CountDownLatch release = new CountDownLatch(1);
    Gateway g =
        Gateway.builder(new GatewayConfig(ConfigSource.of(fx.settings, null)))
            .beforeWarmUp(
                () -> {
                  try {
                    release.await(120, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                })
            .start();
    try {
      String token = g.localApiToken().orElseThrow();
      HttpResponse<String> refused = post(g, token);
      assertEquals(503, refused.statusCode(), refused.body());
      assertEquals("5", refused.headers().firstValue("Retry-After").orElse(""));
      assertEquals("Warming up", Json.MAPPER.readTree(refused.body()).get("title").asText());
      assertEquals(0, outboundCount(g));

      JsonNode health = health(g);
      assertFalse(health.get("ready").asBoolean(), health::toString);

      Files.createDirectories(folder);
      Files.write(folder.resolve("early.xml.part"), SharedTestData.read(SharedTestData.ORDER));
      Files.move(folder.resolve("early.xml.part"), folder.resolve("early.xml"));
      // the folder is scanned every second: after two scans the file is still waiting
      Path early = folder.resolve("early.xml");
      Path result = folder.resolve("results").resolve("early.xml.result.json");
      long twoScans = System.nanoTime() + Duration.ofMillis(2500).toNanos();
      while (System.nanoTime() < twoScans) {
        assertTrue(Files.exists(early), "the folder took a file during warm-up");
        assertFalse(Files.exists(result));
        Thread.sleep(100);
      }

      release.countDown();
      assertTrue(g.outbound().warmth().await(Duration.ofSeconds(180)));
      assertTrue(health(g).get("ready").asBoolean());
      HttpResponse<String> accepted = post(g, token);
      assertEquals(202, accepted.statusCode(), accepted.body());
      Peer.await(() -> Files.exists(result), Duration.ofSeconds(60), () -> "early.xml not taken once warm");
    } finally {
      release.countDown();
      g.stop();
    }
  }

  static HttpResponse<String> post(Gateway g, String token) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(g.localUrl().resolve("/api/outbound"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofByteArray(SharedTestData.read(SharedTestData.ORDER)))
            .build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode health(Gateway g) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(g.localUrl().resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
    return Json.MAPPER.readTree(r.body());
  }

  static long outboundCount(Gateway g) {
    long n = 0;
    for (TransmissionState s : TransmissionState.values()) {
      n += g.store().count(Direction.OUT, s);
    }
    return n;
  }
}
