package se.peppolgw.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The back office's view: what is in the inbox folder (each {@code <id>.json} with its {@code
 * .xml}) and what the pull API lists, both keyed by SBDH InstanceIdentifier. A message handed over
 * twice shows up as two transmission ids for one InstanceIdentifier.
 */
public final class BackOffice {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BackOffice() {}

  /** InstanceIdentifier → transmission ids found in the inbox folder (complete pairs only). */
  public static Map<String, List<String>> inboxFolder(Path dir) throws IOException {
    Map<String, List<String>> out = new HashMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> jsons;
    try (Stream<Path> s = Files.list(dir)) {
      jsons = s.filter(p -> p.getFileName().toString().endsWith(".json"))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .toList();
    }
    for (Path p : jsons) {
      JsonNode n = JSON.readTree(Files.readAllBytes(p));
      String id = n.path("id").asText();
      Path xml = dir.resolve(id + ".xml");
      if (!Files.isRegularFile(xml)) {
        throw new IllegalStateException("inbox folder: " + p + " without its " + xml);
      }
      out.computeIfAbsent(n.path("sbdhInstanceIdentifier").asText(), k -> new ArrayList<>()).add(id);
    }
    return out;
  }

  /** InstanceIdentifier → transmission ids the pull API lists as pending. */
  public static Map<String, List<String>> pullApi(String baseUrl, String token) throws IOException, InterruptedException {
    Map<String, List<String>> out = new HashMap<>();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long cursor = 0;
    while (true) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/api/inbox?limit=500&cursor=" + cursor))
                  .header("Authorization", "Bearer " + token)
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (r.statusCode() != 200) {
        throw new IOException("GET /api/inbox: " + r.statusCode() + " " + r.body());
      }
      JsonNode body = JSON.readTree(r.body());
      for (JsonNode item : body.path("items")) {
        out.computeIfAbsent(item.path("sbdhInstanceIdentifier").asText(), k -> new ArrayList<>())
            .add(item.path("id").asText());
      }
      if (!body.path("more").asBoolean()) {
        return out;
      }
      cursor = body.path("nextCursor").asLong();
    }
  }

  public static String localToken(Path dataDir) throws IOException {
    return Files.readString(dataDir.resolve("local-api-token.txt"), StandardCharsets.UTF_8).trim();
  }

  /** Waits until every given InstanceIdentifier is in the inbox folder, or the timeout passes. */
  public static Map<String, List<String>> awaitInboxFolder(Path dir, Collection<String> expected, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<String, List<String>> now = inboxFolder(dir);
      if (now.keySet().containsAll(expected) || System.nanoTime() > deadline) {
        return now;
      }
      Thread.sleep(200);
    }
  }
}
