package se.peppolgw.ap.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.api.HealthServlet.HealthReport;

/** An unhealthy report must turn into HTTP 503 with the reason in the body. */
class HealthServletTest {
  @Test
  void brokenDatabaseIs503() throws Exception {
    HealthReport down =
        new HealthReport(false, true, "DOWN: database unreachable", "test", false, "dev", false, true,
            "CN=PSE000001", "2030-01-01T00:00:00Z", 400, true, "https://ap.example/as4",
            java.util.Map.of("store", "unreachable"), java.util.Map.of(), java.util.Map.of());
    Server server = new Server(0);
    ServletContextHandler ctx = new ServletContextHandler("/");
    ctx.addServlet(new ServletHolder(new HealthServlet(() -> down)), "/health");
    server.setHandler(ctx);
    server.start();
    try {
      int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(503, r.statusCode());
      var body = Json.MAPPER.readTree(r.body());
      assertEquals("DOWN: database unreachable", body.get("status").asText());
      assertEquals(false, body.get("databaseReachable").asBoolean());
    } finally {
      server.stop();
    }
  }
}
