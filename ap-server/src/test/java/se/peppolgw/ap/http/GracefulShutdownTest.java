package se.peppolgw.ap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.Gateway;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.testkit.GatewayFixture;

/** Stopping the gateway lets a request that is being processed finish with its real answer. */
class GracefulShutdownTest {
  @TempDir Path dir;

  @Test
  void inFlightRequestCompletesDuringStop() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    HttpServlet slow =
        new HttpServlet() {
          private static final long serialVersionUID = 1L;

          @Override
          protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            entered.countDown();
            try {
              Thread.sleep(1500);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            resp.getWriter().write("finished");
          }
        };
    GatewayFixture fx = new GatewayFixture(dir);
    Gateway g = Gateway.builder(new GatewayConfig(ConfigSource.of(fx.settings, null))).servlet("/slow", slow).start();
    HttpClient http = HttpClient.newHttpClient();
    var url = g.localUrl();
    CompletableFuture<HttpResponse<String>> inFlight =
        http.sendAsync(HttpRequest.newBuilder(url.resolve("/slow")).build(), HttpResponse.BodyHandlers.ofString());
    entered.await(10, TimeUnit.SECONDS);
    g.stop();
    HttpResponse<String> r = inFlight.get(10, TimeUnit.SECONDS);
    assertEquals(200, r.statusCode());
    assertEquals("finished", r.body());
    assertThrows(
        IOException.class,
        () -> http.send(HttpRequest.newBuilder(url.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString()));
  }
}
