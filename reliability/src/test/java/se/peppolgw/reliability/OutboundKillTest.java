package se.peppolgw.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.pki.DevPki;

/**
 * Outbound under load, kill -9: orders are submitted through {@code POST /api/outbound} of the
 * buyer's gateway while that process is SIGKILLed and restarted; a second gateway process (the
 * supplier's) receives them over AS4 and hands them to its inbox folder. Every order that got 202
 * must arrive exactly once (by its order number); a resend after a receipt lost in the crash must
 * be recognised by the receiver as a duplicate, never handed over twice.
 */
class OutboundKillTest {
  static final String SUPPLIER = "0007:5567212344";
  static final String BUYER = "0088:7365560000000";
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyAcceptedDocumentIsDeliveredExactlyOnceAcrossSigkills() throws Exception {
    // ~2.5 min with two gateway processes: outside the default build's time budget
    org.junit.jupiter.api.Assumptions.assumeTrue(Env.LONG || Boolean.getBoolean("reliability.outbound"),
        "on demand: -Dreliability.outbound=true or -Dreliability.long=true");
    int kills = Env.LONG ? 15 : 3;
    int documents = Env.LONG ? 400 : 40;
    Random random = new Random(Long.getLong("reliability.seed", System.nanoTime()));
    Path dir = Env.workDir("outbound-kill");

    // Two access points from one dev CA.
    Path rks = dir.resolve("receiver").resolve("keystore");
    Path sks = dir.resolve("sender").resolve("keystore");
    Files.createDirectories(sks);
    DevPki receiverPki = DevPki.loadOrCreate(rks, "PSE000001");
    for (String f : new String[] {DevPki.CA_FILE, DevPki.PASSWORD_FILE}) {
      Files.copy(rks.resolve(f), sks.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    DevPki.loadOrCreate(sks, "PSE000002");
    Path receiverPem = dir.resolve("receiver.pem");
    Files.writeString(receiverPem, "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(receiverPki.apKeyMaterial().certificate().getEncoded())
        + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);

    Map<String, String> r = common(dir.resolve("receiver"));
    r.put("gateway.participants", "supplier");
    r.put("gateway.participant.supplier.id", SUPPLIER);
    r.put("gateway.participant.supplier.document-types", "order");
    GatewayProcess receiver = new GatewayProcess(dir, "receiver", r).jvmArg("-Xmx512m");

    Map<String, String> s = common(dir.resolve("sender"));
    s.put("gateway.local.seat-id", "PSE000002");
    s.put("gateway.participants", "buyer");
    s.put("gateway.participant.buyer.id", BUYER);
    s.put("gateway.outbound.dir", "none");
    s.put("gateway.outbound.default-country-c1", "SE");
    s.put("gateway.outbound.poll-ms", "100");
    s.put("gateway.outbound.retry.initial-delay-ms", "300");
    s.put("gateway.outbound.retry.multiplier", "1.5");
    s.put("gateway.outbound.retry.max-delay-ms", "1500");
    s.put("gateway.outbound.retry.max-attempts", "40");
    s.put("gateway.outbound.lease-seconds", "5");
    s.put("gateway.routing.static-routes", "supplier");
    s.put("gateway.routing.static.supplier.participant", SUPPLIER);
    s.put("gateway.routing.static.supplier.document-types", "order");
    s.put("gateway.routing.static.supplier.url", "http://127.0.0.1:" + receiver.port() + "/as4");
    s.put("gateway.routing.static.supplier.certificate", receiverPem.toString());
    GatewayProcess sender = new GatewayProcess(dir, "sender", s).jvmArg("-Xmx512m");

    byte[] order = Files.readAllBytes(
        Path.of(System.getProperty("gateway.shared.dir", "../../shared"), "testdata", "peppol-bis", "poacc", "Order_Example.xml"));
    String template = readdress(new String(order, StandardCharsets.UTF_8));

    Map<String, String> accepted = new ConcurrentHashMap<>(); // order number -> transmission id
    Set<String> unanswered = ConcurrentHashMap.newKeySet();
    AtomicInteger submitted = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    try {
      receiver.start();
      sender.start();
      Path senderData = dir.resolve("sender").resolve("data");
      String token = BackOffice.localToken(senderData);
      Thread client = new Thread(() -> {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (int i = 0; i < documents; i++) {
          String number = "REL-" + i;
          String doc = template.replaceFirst("<cbc:ID>34</cbc:ID>", "<cbc:ID>" + number + "</cbc:ID>");
          submitted.incrementAndGet();
          while (true) {
            try {
              HttpResponse<String> resp = http.send(
                  HttpRequest.newBuilder(URI.create(sender.url("/api/outbound")))
                      .header("Authorization", "Bearer " + token)
                      .header("Content-Type", "application/xml")
                      .timeout(Duration.ofSeconds(30))
                      .POST(HttpRequest.BodyPublishers.ofString(doc)).build(),
                  HttpResponse.BodyHandlers.ofString());
              if (resp.statusCode() == 202) {
                accepted.put(number, JSON.readTree(resp.body()).path("id").asText());
              } else {
                unanswered.add(number + " " + resp.statusCode());
              }
              break;
            } catch (java.net.ConnectException e) {
              // the gateway is down and nothing was sent: the back office simply tries again
              try {
                Thread.sleep(200);
              } catch (InterruptedException ie) {
                return;
              }
            } catch (IOException e) {
              unanswered.add(number); // died mid-request: the back office cannot know; not resent
              break;
            } catch (InterruptedException e) {
              return;
            }
          }
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            return;
          }
        }
        done.set(true);
      });
      client.start();
      List<Integer> acceptedAtKill = new ArrayList<>();
      for (int k = 0; k < kills; k++) {
        int base = accepted.size();
        long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        int want = base + 2 + random.nextInt(6);
        while (accepted.size() < want && System.nanoTime() < until) {
          Thread.sleep(20);
        }
        Thread.sleep(random.nextInt(300));
        acceptedAtKill.add(accepted.size());
        sender.kill9();
        Thread.sleep(random.nextInt(500));
        sender.start();
      }
      client.join(Duration.ofMinutes(5).toMillis());
      assertTrue(done.get(), "client did not finish");

      // Wait until every accepted order is at the receiver (or FAILED at the sender).
      Path inbox = dir.resolve("receiver").resolve("data").resolve("inbox");
      Map<String, List<String>> byNumber = Map.of();
      Map<String, String> finalStates = new TreeMap<>();
      long until = System.nanoTime() + Duration.ofMinutes(Env.LONG ? 10 : 3).toNanos();
      while (System.nanoTime() < until) {
        byNumber = receivedByOrderNumber(inbox);
        if (byNumber.keySet().containsAll(accepted.keySet())) {
          break;
        }
        Thread.sleep(500);
      }
      for (var e : accepted.entrySet()) {
        if (!byNumber.containsKey(e.getKey())) {
          finalStates.put(e.getKey(), outboundState(sender, token, e.getValue()));
        }
      }
      sender.stop();
      receiver.stop();
      StoreView rv = StoreView.read(StoreView.h2Url(dir.resolve("receiver").resolve("data")), "sa", "");

      int lost = 0;
      int failedVisibly = 0;
      int duplicated = 0;
      List<String> problems = new ArrayList<>();
      for (String number : accepted.keySet()) {
        int n = byNumber.getOrDefault(number, List.of()).size();
        if (n == 0) {
          String st = finalStates.get(number);
          if ("FAILED".equals(st)) {
            failedVisibly++;
          } else {
            lost++;
            problems.add(number + " accepted (202) but not delivered; sender state " + st);
          }
        }
      }
      for (var e : byNumber.entrySet()) {
        if (e.getValue().size() > 1) {
          duplicated++;
          problems.add(e.getKey() + " handed over " + e.getValue().size() + " times at the receiver");
        }
      }
      int delivered = (int) accepted.keySet().stream().filter(byNumber::containsKey).count();
      Summary.record(new Summary.Row(
          "outbound, sender gateway kill -9 x" + kills + ", receiver a second gateway", submitted.get(),
          accepted.size(), delivered, lost, duplicated,
          "202s before each kill " + acceptedAtKill + "; POSTs without 202 (gateway down/died): " + unanswered.size()
              + ", of them delivered " + unanswered.stream().map(u -> u.split(" ")[0]).filter(byNumber::containsKey).count()
              + "; FAILED with reason: " + failedVisibly + "; receiver store " + rv.inboundStates
              + " (DUPLICATE = resends recognised by the receiver)"));
      assertEquals(List.of(), problems);
      assertEquals(0, lost);
      assertEquals(0, duplicated);
      assertTrue(accepted.size() >= documents / 2, "most documents must be accepted: " + accepted.size());
    } finally {
      sender.close();
      receiver.close();
    }
  }

  static Map<String, String> common(Path node) {
    Map<String, String> m = new HashMap<>();
    m.put("gateway.mode", "local");
    m.put("gateway.data.dir", node.resolve("data").toString());
    m.put("gateway.keystore.dir", node.resolve("keystore").toString());
    m.put("gateway.handover.retry-seconds", "1");
    m.put("gateway.http.shutdown-grace-seconds", "5");
    m.put("gateway.punchout.config-dir", "none");
    return m;
  }

  static String readdress(String xml) {
    xml = xml.replaceFirst("<cbc:EndpointID schemeID=\"0192\">987654325</cbc:EndpointID>",
        "<cbc:EndpointID schemeID=\"0088\">7365560000000</cbc:EndpointID>");
    return xml.replaceFirst("<cbc:EndpointID schemeID=\"0192\">123456785</cbc:EndpointID>",
        "<cbc:EndpointID schemeID=\"0007\">5567212344</cbc:EndpointID>");
  }

  /** Order number (businessId) → transmission ids handed over at the receiver. */
  static Map<String, List<String>> receivedByOrderNumber(Path inbox) throws IOException {
    Map<String, List<String>> out = new HashMap<>();
    if (!Files.isDirectory(inbox)) {
      return out;
    }
    List<Path> jsons;
    try (Stream<Path> st = Files.list(inbox)) {
      jsons = st.filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith(".")).toList();
    }
    for (Path p : jsons) {
      JsonNode n = JSON.readTree(Files.readAllBytes(p));
      out.computeIfAbsent(n.path("businessId").asText(), k -> new ArrayList<>()).add(n.path("id").asText());
    }
    return out;
  }

  static String outboundState(GatewayProcess sender, String token, String id) {
    try {
      HttpResponse<String> resp = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(sender.url("/api/outbound/" + id)))
              .header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(resp.body()).path("state").asText(resp.statusCode() + "");
    } catch (IOException | InterruptedException e) {
      return "unknown: " + e;
    }
  }
}
