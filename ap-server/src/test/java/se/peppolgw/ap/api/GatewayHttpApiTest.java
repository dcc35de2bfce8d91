package se.peppolgw.ap.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.testkit.GatewayFixture;

/** Health, authentication and error answers of the HTTP API, over real HTTP. */
class GatewayHttpApiTest {
  @TempDir static Path dir;
  static GatewayFixture fx;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    fx = new GatewayFixture(dir).start();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  static HttpResponse<String> call(String method, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(fx.url(path)).method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  @Test
  void healthReportsWhatAnOperatorNeeds() throws Exception {
    // the details are for a token holder (HttpHardeningTest: a stranger sees UP/DOWN only)
    HttpResponse<String> r = call("GET", "/health", fx.apiToken());
    assertEquals(200, r.statusCode());
    JsonNode h = json(r);
    assertEquals("UP", h.get("status").asText());
    assertEquals("local", h.get("mode").asText());
    assertTrue(h.get("localMode").asBoolean());
    assertTrue(h.get("databaseReachable").asBoolean());
    assertTrue(h.get("keystoreLoaded").asBoolean());
    assertTrue(h.get("certificateSubject").asText().contains("CN=PSE000001"));
    assertTrue(h.get("certificateDaysLeft").asLong() > 700);
    assertTrue(h.get("as4Endpoint").asText().endsWith("/as4"));
    // the bundled Peppol BIS rules are the release in force (RuleSetFreshnessTest for the rest)
    assertEquals("2026.5", h.get("peppolRules").get("newestBundled").asText());
    assertEquals(false, h.get("peppolRules").get("outdated").asBoolean());
    assertTrue(h.get("peppolRules").get("warning").isNull());
  }

  @Test
  void inboxApiRefusesWithoutAValidToken() throws Exception {
    HttpResponse<String> none = call("GET", "/api/inbox", null);
    assertEquals(401, none.statusCode());
    assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    assertEquals("application/problem+json", none.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    assertEquals(401, json(none).get("status").asInt());
    assertEquals(401, call("GET", "/api/inbox", "not-the-token").statusCode());
    assertEquals(401, call("POST", "/api/inbox/x/ack", fx.apiToken() + "x").statusCode());
    assertEquals(200, call("GET", "/api/inbox", fx.apiToken()).statusCode());
  }

  @Test
  void inboxApiExplainsBadRequests() throws Exception {
    String t = fx.apiToken();
    HttpResponse<String> unknown = call("GET", "/api/inbox/" + UUID.randomUUID(), t);
    assertEquals(404, unknown.statusCode());
    assertTrue(json(unknown).get("detail").asText().contains("No inbound document"));
    assertEquals(400, call("GET", "/api/inbox?cursor=abc", t).statusCode());
    assertEquals(400, call("GET", "/api/inbox?limit=100000", t).statusCode());
    HttpResponse<String> wrongMethod = call("POST", "/api/inbox", t);
    assertEquals(405, wrongMethod.statusCode());
    assertEquals("GET", wrongMethod.headers().firstValue("Allow").orElse(""));
    assertEquals(404, call("POST", "/api/inbox/" + UUID.randomUUID() + "/ack", t).statusCode());
    assertEquals(404, call("GET", "/api/inbox/a/b/c", t).statusCode());
  }

  @Test
  void as4EndpointExplainsItselfToABrowser() throws Exception {
    HttpResponse<String> r = call("GET", "/as4", null);
    assertEquals(405, r.statusCode());
    assertTrue(json(r).get("detail").asText().contains("AS4"));
  }

  @Test
  void garbageOnTheAs4EndpointIsAClientError() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(fx.url("/as4"))
                .header("Content-Type", "application/soap+xml")
                .POST(HttpRequest.BodyPublishers.ofString("this is not SOAP"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, "status " + r.statusCode() + ": " + r.body());
    assertEquals(0, fx.gateway().store().inbox().inboxPending(0, 10).size());
  }
}
