package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.testkit.GatewayFixture;
import se.peppolgw.ap.testkit.SharedTestData;

/** Validation is only ever skipped because the configuration says so, and never silently. */
class ValidationSwitchTest {
  @TempDir Path dir;

  static final byte[] INVALID_INVOICE =
      new String(SharedTestData.read(SharedTestData.INVOICE), StandardCharsets.UTF_8)
          .replaceAll("<cbc:BuyerReference>[^<]*</cbc:BuyerReference>", "")
          .getBytes(StandardCharsets.UTF_8);

  static HttpResponse<byte[]> post(GatewayFixture fx, String query) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(fx.url("/api/outbound" + query))
                .header("Authorization", "Bearer " + fx.apiToken())
                .POST(HttpRequest.BodyPublishers.ofByteArray(INVALID_INVOICE))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  static String codesOf(GatewayFixture fx, HttpResponse<byte[]> r) throws Exception {
    String id = Json.MAPPER.readTree(r.body()).get("id").asText();
    return fx.gateway().store().timeline(id).stream().map(TimelineEvent::code).toList().toString();
  }

  @Test
  void switchedOffByConfigurationEveryDocumentSaysSo() throws Exception {
    try (GatewayFixture fx =
        new GatewayFixture(dir)
            .with("gateway.outbound.dir", "none")
            .with("gateway.outbound.validation.enabled", "false")
            .start()) {
      HttpResponse<byte[]> r = post(fx, "");
      assertEquals(202, r.statusCode());
      assertTrue(codesOf(fx, r).contains("VALIDATION_OFF"));
    }
  }

  @Test
  void skippedPerRequestOnlyWhenAllowedAndThenOnTheTimeline() throws Exception {
    try (GatewayFixture fx =
        new GatewayFixture(dir)
            .with("gateway.outbound.dir", "none")
            .with("gateway.outbound.validation.allow-skip", "true")
            .start()) {
      assertEquals(422, post(fx, "").statusCode(), "still validated unless asked");
      HttpResponse<byte[]> r = post(fx, "?validate=false");
      assertEquals(202, r.statusCode());
      assertTrue(codesOf(fx, r).contains("VALIDATION_SKIPPED"));
    }
  }
}
