package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;

/**
 * Finding 14: a back-office token, and the outbound folder, may send only for the participants
 * this gateway serves, unless configuration lists more for that token (a service provider sending
 * for its customers). The shared test order is sent by 0192:987654325, which this fixture does not
 * serve.
 */
class SenderAuthorizationTest {
  static final String FOREIGN_SENDER = "0192:987654325";
  static final String OWN_TOKEN = "own-participants-only-token-0123456789";
  static final String PROVIDER_TOKEN = "service-provider-token-0123456789abcdef";
  @TempDir static Path dir;
  static GatewayFixture fx;
  static Path outbound;

  @BeforeAll
  static void start() throws Exception {
    outbound = dir.resolve("to-send");
    fx =
        new GatewayFixture(dir)
            .without("gateway.api.local-token.may-send-for")
            .without("gateway.outbound.dir.may-send-for")
            .with("gateway.outbound.dir", outbound.toString())
            .with("gateway.api.token-hashes", ApiTokens.hash(OWN_TOKEN))
            .with("gateway.api.tokens", "provider")
            .with("gateway.api.token.provider.hash", ApiTokens.hash(PROVIDER_TOKEN))
            .with("gateway.api.token.provider.may-send-for", FOREIGN_SENDER)
            .start();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  static HttpResponse<String> post(String token, String query) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(fx.url("/api/outbound" + query))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofByteArray(SharedTestData.read(SharedTestData.ORDER)))
            .build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aTokenForOurParticipantsCannotSendForAnotherSender() throws Exception {
    // on main: 202, and the document was sent in the foreign sender's name
    HttpResponse<String> r = post(OWN_TOKEN, "");
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("content-type").orElse("").contains("problem+json"), r.headers().toString());
    JsonNode p = Json.MAPPER.readTree(r.body());
    assertEquals("Sender not allowed", p.get("title").asText());
    assertTrue(p.get("detail").asText().contains(FOREIGN_SENDER), p.toString());
    assertEquals(FOREIGN_SENDER, p.get("sender").asText());
  }

  @Test
  void aTokenSendsForOurOwnParticipants() throws Exception {
    HttpResponse<String> r = post(OWN_TOKEN, "?sender=" + GatewayFixture.SUPPLIER);
    assertEquals(202, r.statusCode(), r.body());
  }

  @Test
  void aTokenConfiguredForAnotherSenderMaySendForIt() throws Exception {
    HttpResponse<String> r = post(PROVIDER_TOKEN, "");
    assertEquals(202, r.statusCode(), r.body());
    HttpResponse<String> other = post(PROVIDER_TOKEN, "?sender=0192:111111111");
    assertEquals(403, other.statusCode(), other.body());
  }

  @Test
  void theOutboundFolderSendsForOurParticipantsOnly() throws Exception {
    Files.write(outbound.resolve("foreign.xml.part"), SharedTestData.read(SharedTestData.ORDER));
    Files.move(outbound.resolve("foreign.xml.part"), outbound.resolve("foreign.xml"));
    Path result = outbound.resolve("results").resolve("foreign.xml.result.json");
    Peer.await(() -> Files.exists(result), Duration.ofSeconds(60), () -> "no result for foreign.xml");
    JsonNode r = Json.MAPPER.readTree(Files.readAllBytes(result));
    assertEquals("rejected", r.get("status").asText(), r::toString);
    assertEquals(403, r.get("httpStatus").asInt());
    assertTrue(r.get("detail").asText().contains(FOREIGN_SENDER), r::toString);
  }
}
