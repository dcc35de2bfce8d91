package se.peppolgw.ap.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.testkit.GatewayFixture;

/** Finding 3 (API query parameters): numbers out of range are a 400 with a clear message. */
class ApiNumberBoundsTest {
  @TempDir static Path dir;
  static GatewayFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new GatewayFixture(dir).start();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(fx.url(path)).header("Authorization", "Bearer " + token).GET().build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void inboxLimitIsCheckedBeforeItIsNarrowed() throws Exception {
    String token = fx.gateway().localApiToken().orElseThrow();
    // on main: (int) 4294967297 == 1, answered 200 with one item per page
    for (String q : new String[] {"limit=4294967297", "limit=-1", "limit=%2B5", "cursor=-1",
        "cursor=99999999999999999999999", "limit=1e3"}) {
      HttpResponse<String> r = get("/api/inbox?" + q, token);
      assertEquals(400, r.statusCode(), q + ": " + r.body());
      assertTrue(r.body().contains("limit") || r.body().contains("cursor"), r.body());
    }
    assertEquals(200, get("/api/inbox?limit=5&cursor=0", token).statusCode());
  }

  @Test
  void punchoutLogBeforeIsAPositiveWholeNumber() throws Exception {
    String token = Files.readString(dir.resolve("data").resolve("local-operator-token.txt")).trim();
    // on main: a negative "before" was taken as is (200)
    for (String q : new String[] {"before=-5", "before=99999999999999999999", "before=1.5"}) {
      HttpResponse<String> r = get("/api/ops/punchout?" + q, token);
      assertEquals(400, r.statusCode(), q + ": " + r.body());
      assertTrue(r.body().contains("before must be a whole number"), r.body());
    }
    assertEquals(200, get("/api/ops/punchout?before=0", token).statusCode());
  }
}
