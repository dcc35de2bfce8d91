package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;

/**
 * Issue 16: GET /api/outbound lists the caller's submissions (the senders its token may send
 * for), oldest first, cursor-paged, filtered by state and acceptance time; bad parameters are a
 * clear 400.
 */
class OutboundListTest {
  static final String FOREIGN_SENDER = "0192:987654325";
  static final String OWN_TOKEN = "list-own-participants-token-0123456789";
  static final String PROVIDER_TOKEN = "list-service-provider-token-0123456789ab";
  @TempDir static Path dir;
  static GatewayFixture fx;
  static Instant started;
  static final List<String> OWN = new ArrayList<>();
  static final List<String> FOREIGN = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    fx =
        new GatewayFixture(dir)
            .without("gateway.api.local-token.may-send-for")
            .with("gateway.outbound.dir", "none")
            .with("gateway.api.token-hashes", ApiTokens.hash(OWN_TOKEN))
            .with("gateway.api.tokens", "provider")
            .with("gateway.api.token.provider.hash", ApiTokens.hash(PROVIDER_TOKEN))
            .with("gateway.api.token.provider.may-send-for", FOREIGN_SENDER)
            .start();
    started = Instant.now().minusSeconds(1);
    for (int i = 0; i < 3; i++) {
      OWN.add(submit(OWN_TOKEN, "?sender=" + GatewayFixture.SUPPLIER));
      if (i < 2) {
        FOREIGN.add(submit(PROVIDER_TOKEN, ""));
      }
    }
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  static String submit(String token, String query) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(fx.url("/api/outbound" + query))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofByteArray(SharedTestData.read(SharedTestData.ORDER)))
            .build();
    HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    assertEquals(202, r.statusCode(), r.body());
    return Json.MAPPER.readTree(r.body()).get("id").asText();
  }

  static HttpResponse<String> list(String token, String query) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(fx.url("/api/outbound" + query)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode ok(String token, String query) throws Exception {
    HttpResponse<String> r = list(token, query);
    assertEquals(200, r.statusCode(), () -> query + ": " + r.body());
    return Json.MAPPER.readTree(r.body());
  }

  static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("items").forEach(i -> out.add(i.get("id").asText()));
    return out;
  }

  @Test
  void aTokenSeesTheSubmissionsOfItsSendersOnlyOldestFirst() throws Exception {
    JsonNode own = ok(OWN_TOKEN, "");
    assertEquals(OWN, ids(own));
    assertFalse(own.get("more").asBoolean());
    JsonNode first = own.get("items").get(0);
    assertEquals(GatewayFixture.SUPPLIER, first.get("sender").asText());
    assertEquals("/api/outbound/" + OWN.get(0), first.get("location").asText());
    assertTrue(first.hasNonNull("createdAt") && first.hasNonNull("state"), first::toString);

    List<String> all = new ArrayList<>(OWN);
    all.addAll(FOREIGN);
    List<String> provider = ids(ok(PROVIDER_TOKEN, ""));
    assertEquals(5, provider.size(), provider::toString);
    assertTrue(provider.containsAll(all), provider::toString);
  }

  @Test
  void pagesFollowTheCursorWithoutGapsOrRepeats() throws Exception {
    List<String> seen = new ArrayList<>();
    String cursor = "0";
    int pages = 0;
    while (true) {
      JsonNode page = ok(PROVIDER_TOKEN, "?limit=2&cursor=" + cursor);
      seen.addAll(ids(page));
      pages++;
      cursor = page.get("nextCursor").asText();
      if (!page.get("more").asBoolean()) {
        break;
      }
      assertEquals(2, page.get("items").size());
      assertTrue(pages < 10, "the cursor does not advance");
    }
    assertEquals(3, pages);
    assertEquals(ids(ok(PROVIDER_TOKEN, "")), seen);
    // the last cursor is where a poller continues: nothing new yet
    JsonNode after = ok(PROVIDER_TOKEN, "?cursor=" + cursor);
    assertEquals(0, after.get("items").size());
    assertEquals(cursor, after.get("nextCursor").asText());
  }

  @Test
  void stateAndSinceFilter() throws Exception {
    // the example order's receiver is not routed: each one ends FAILED quickly
    for (String id : OWN) {
      Peer.await(
          () -> fx.gateway().store().find(id).orElseThrow().state() == TransmissionState.FAILED,
          Duration.ofSeconds(60),
          () -> id + " is " + fx.gateway().store().find(id).orElseThrow().state());
    }
    assertEquals(OWN, ids(ok(OWN_TOKEN, "?state=FAILED")));
    assertEquals(OWN, ids(ok(OWN_TOKEN, "?state=delivered,FAILED")));
    assertEquals(List.of(), ids(ok(OWN_TOKEN, "?state=DELIVERED")));
    assertEquals(OWN, ids(ok(OWN_TOKEN, "?since=" + started)));
    assertEquals(List.of(), ids(ok(OWN_TOKEN, "?since=" + Instant.now().plusSeconds(3600))));
    assertEquals(OWN, ids(ok(OWN_TOKEN, "?since=2000-01-01T01:00:00%2B01:00")));
  }

  @Test
  void badParametersAreAClear400() throws Exception {
    for (String q :
        List.of(
            "?state=NOPE",
            "?state=RECEIVED",
            "?since=yesterday",
            "?since=2026-12-01",
            "?cursor=-1",
            "?cursor=abc",
            "?limit=0",
            "?limit=501",
            "?limit=4294967297",
            "?stat=FAILED",
            "?limit=1&limit=2")) {
      HttpResponse<String> r = list(OWN_TOKEN, q);
      assertEquals(400, r.statusCode(), () -> q + ": " + r.body());
      String detail = Json.MAPPER.readTree(r.body()).get("detail").asText();
      String name = q.substring(1, q.indexOf('='));
      assertTrue(detail.contains(name), () -> q + ": " + detail);
    }
  }

  @Test
  void withoutATokenIs401() throws Exception {
    assertEquals(401, list(null, "").statusCode());
    assertEquals(401, list("wrong-token", "").statusCode());
  }
}
