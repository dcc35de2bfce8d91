package se.peppolgw.ap.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import se.peppolgw.ap.api.Json;

/**
 * A back office's status webhook on loopback: records every call with the status it answered, and
 * answers {@link #answer} (503 while "down"). Checks signatures the way a back office would.
 */
final class StatusReceiver implements AutoCloseable {
  record Call(String eventId, String event, String transmissionId, String timestamp, String signature,
      byte[] body, int answered) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("callback body is not JSON: " + new String(body, StandardCharsets.UTF_8), e);
      }
    }

    /** Recomputes HMAC-SHA256(secret, timestamp + "." + body) independently of the gateway's code. */
    boolean signedWith(String secret) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).equals(signature);
      } catch (java.security.GeneralSecurityException e) {
        throw new AssertionError(e);
      }
    }
  }

  final List<Call> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger answer = new AtomicInteger(204);
  private final HttpServer server;

  StatusReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/status", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      int status = answer.get();
      var h = ex.getRequestHeaders();
      calls.add(new Call(h.getFirst("X-Gateway-Event-Id"), h.getFirst("X-Gateway-Event"),
          h.getFirst("X-Gateway-Transmission-Id"), h.getFirst("X-Gateway-Timestamp"),
          h.getFirst("X-Gateway-Signature"), body, status));
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/status");
  }

  List<Call> of(String transmissionId) {
    return calls.stream().filter(c -> transmissionId.equals(c.transmissionId())).toList();
  }

  List<Call> accepted(String transmissionId) {
    return of(transmissionId).stream().filter(c -> c.answered() / 100 == 2).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
