package se.peppolgw.ap.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.handover.WebhookDelivery;

/**
 * Alerts as a JSON POST, signed like the hand-over webhook ({@link WebhookDelivery#sign}): {@code
 * X-Gateway-Signature: sha256=<hex>} = HMAC-SHA256 over {@code "<timestamp>.<body>"}, with {@code
 * X-Gateway-Timestamp}, so the receiver can check origin and freshness.
 */
public final class WebhookChannel implements AlertChannel {
  private final URI url;
  private final byte[] secret;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public WebhookChannel(URI url, String secret, Clock clock) {
    this.url = url;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  /** The JSON body of an alert. */
  static byte[] body(Alert a) throws JsonProcessingException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", a.kind().code());
    m.put("title", a.kind().words());
    m.put("detail", a.detail());
    m.put("transmissionId", a.transmissionId());
    m.put("at", a.at().toString());
    m.put("suppressed", a.suppressed());
    return Json.MAPPER.writeValueAsBytes(m);
  }

  @Override
  public void send(Alert alert) throws IOException {
    byte[] body = body(alert);
    String ts = Long.toString(clock.instant().getEpochSecond());
    HttpRequest req = HttpRequest.newBuilder(url)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header(WebhookDelivery.TIMESTAMP_HEADER, ts)
        .header(WebhookDelivery.SIGNATURE_HEADER, "sha256=" + WebhookDelivery.sign(secret, ts, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    HttpResponse<Void> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while calling the alert webhook", e);
    }
    if (resp.statusCode() / 100 != 2) {
      throw new IOException("alert webhook " + url + " answered HTTP " + resp.statusCode());
    }
  }

  @Override
  public String describe() {
    return "webhook " + url;
  }
}
