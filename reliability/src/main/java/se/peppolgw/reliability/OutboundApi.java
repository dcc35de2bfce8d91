package se.peppolgw.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The back office's side of {@code /api/outbound}: submit a document, read its state and timeline. */
public final class OutboundApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String baseUrl;
  private final String token;

  /** @param baseUrl the node, e.g. {@code http://127.0.0.1:8080} */
  public OutboundApi(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  /** POST /api/outbound; the status and the JSON body (the transmission id on 202). */
  public HttpResponse<String> submit(String document) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/api/outbound"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/xml")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(document, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  public static String idOf(HttpResponse<String> accepted) throws IOException {
    return JSON.readTree(accepted.body()).path("id").asText();
  }

  /** GET /api/outbound/{id}: state, attempts, timeline. */
  public JsonNode transmission(String id) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/api/outbound/" + id))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (r.statusCode() != 200) {
      throw new IOException("GET /api/outbound/" + id + ": " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** The timeline entries of one type, in order. */
  public static List<JsonNode> events(JsonNode transmission, String type) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : transmission.path("timeline")) {
      if (type.equals(e.path("type").asText())) {
        out.add(e);
      }
    }
    return out;
  }
}
