package se.peppolgw.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import se.peppolgw.reliability.FlappingReceiver.Fault;

/**
 * Receiver flapping: orders are POSTed to the buyer's gateway (a separate process) whose static
 * route points at a {@link FlappingReceiver}. For a while every connection meets a fault — 502
 * and 504 HTML pages, a response that never comes (longer than the sender's 4 s response
 * timeout), a TCP reset, 200 with garbage — then the link forwards to the supplier's gateway (a
 * second process). Every 202-accepted order must be handed over exactly once at the supplier, and
 * each spoiled attempt must be on the sender's timeline ({@code GET /api/outbound/{id}}) with a
 * reason that fits the fault, followed by retries and the delivery.
 */
class FlappingReceiverTest {
  private static final Pattern ATTEMPT_MESSAGE_ID = Pattern.compile("AS4 message (\\S+) to ");

  @Test
  void everyAcceptedDocumentIsDeliveredOnceAfterTheFlappingWithEveryFailedAttemptOnItsTimeline()
      throws Exception {
    int documents = Env.LONG ? 200 : 24;
    Duration minFlapping = Duration.ofSeconds(Env.LONG ? 60 : 12);
    int eachFaultAtLeast = Env.LONG ? 20 : 3;
    Path dir = Env.workDir("flapping-receiver");
    TwoAccessPoints aps = new TwoAccessPoints(dir);
    GatewayProcess receiver = aps.receiver();
    FlappingReceiver link = new FlappingReceiver(receiver.port());
    Map<String, String> s = aps.senderSettings("sender", link.as4Url());
    s.put("gateway.outbound.response-timeout-seconds", "4");
    s.put("gateway.outbound.lease-seconds", "30");
    // retry budget: 100 attempts at most 1.5 s apart, far longer than the flapping phase
    s.put("gateway.outbound.retry.max-attempts", "100");
    GatewayProcess sender = new GatewayProcess(dir, "sender", s).jvmArg("-Xmx384m");
    try {
      receiver.start();
      sender.start();
      OutboundApi api = new OutboundApi(sender.url(""), BackOffice.localToken(dir.resolve("sender").resolve("data")));
      String template = TwoAccessPoints.orderTemplate();

      long flapStart = System.nanoTime();
      Map<String, String> accepted = new LinkedHashMap<>(); // order number -> transmission id
      List<String> refused = new ArrayList<>();
      for (int i = 0; i < documents; i++) {
        String number = "FLAP-" + i;
        HttpResponse<String> r = api.submit(TwoAccessPoints.order(template, number));
        if (r.statusCode() == 202) {
          accepted.put(number, OutboundApi.idOf(r));
        } else {
          refused.add(number + " " + r.statusCode() + " " + r.body());
        }
        Thread.sleep(Env.LONG ? 150 : 100);
      }
      // Flap until the minimum time has passed, every fault was met often enough and every
      // document has had an attempt recorded — which, while flapping, is a failed one (bounded).
      long flapDeadline = flapStart + minFlapping.multipliedBy(4).toNanos();
      java.util.Set<String> untried = new java.util.HashSet<>(accepted.values());
      while (System.nanoTime() < flapDeadline
          && (System.nanoTime() - flapStart < minFlapping.toNanos() || !everyFaultSeen(link, eachFaultAtLeast)
              || !untried.isEmpty())) {
        untried.removeIf(id -> attempts(api, id) > 0);
        Thread.sleep(500);
      }
      link.stopFlapping();
      long flapMillis = (System.nanoTime() - flapStart) / 1_000_000;

      Map<String, List<String>> byNumber = Map.of();
      long until = System.nanoTime() + Duration.ofMinutes(Env.LONG ? 5 : 2).toNanos();
      while (System.nanoTime() < until) {
        byNumber = OutboundKillTest.receivedByOrderNumber(aps.receiverInbox());
        if (byNumber.keySet().containsAll(accepted.keySet())) {
          break;
        }
        Thread.sleep(300);
      }

      // The sender records the receipt after the receiver has handed the document over: wait for
      // every transmission to reach its final state before reading the timelines.
      long settle = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < settle && !allFinal(api, accepted.values())) {
        Thread.sleep(200);
      }

      // The sender's own account, attempt by attempt.
      List<String> problems = new ArrayList<>();
      Map<String, String> codeByMessageId = new TreeMap<>();
      Map<String, String> reasonByMessageId = new TreeMap<>();
      Map<String, Integer> attemptCodes = new TreeMap<>();
      Map<String, Integer> finalStates = new TreeMap<>();
      int minFailed = Integer.MAX_VALUE;
      int maxFailed = 0;
      for (var e : accepted.entrySet()) {
        JsonNode t = api.transmission(e.getValue());
        String state = t.path("state").asText();
        finalStates.merge(state, 1, Integer::sum);
        List<JsonNode> attempts = OutboundApi.events(t, "SEND_ATTEMPT");
        int failed = 0;
        int succeeded = 0;
        for (JsonNode a : attempts) {
          String code = a.path("code").asText("");
          String message = a.path("message").asText("");
          attemptCodes.merge(code, 1, Integer::sum);
          Matcher m = ATTEMPT_MESSAGE_ID.matcher(message);
          if (m.find()) {
            codeByMessageId.put(m.group(1), code);
            reasonByMessageId.put(m.group(1), message);
          }
          if ("SUCCESS".equals(code)) {
            succeeded++;
          } else {
            failed++;
            if (code.isBlank() || !message.contains("->")) {
              problems.add(e.getKey() + ": failed attempt without a reason: " + a);
            }
          }
        }
        minFailed = Math.min(minFailed, failed);
        maxFailed = Math.max(maxFailed, failed);
        if ("DELIVERED".equals(state)) {
          if (succeeded != 1 || !"SUCCESS".equals(attempts.get(attempts.size() - 1).path("code").asText())) {
            problems.add(e.getKey() + ": DELIVERED but " + succeeded + " successful attempts, last "
                + attempts.get(attempts.size() - 1).path("code").asText());
          }
          if (OutboundApi.events(t, "DELIVERED").size() != 1) {
            problems.add(e.getKey() + ": DELIVERED without exactly one DELIVERED event");
          }
        }
        if (failed == 0) {
          problems.add(e.getKey() + ": first attempted while the receiver flapped, yet no failed attempt on its timeline");
        }
        if (OutboundApi.events(t, "RETRY_SCHEDULED").size() != failed) {
          problems.add(e.getKey() + ": " + failed + " failed attempts but "
              + OutboundApi.events(t, "RETRY_SCHEDULED").size() + " RETRY_SCHEDULED");
        }
      }

      // Each fault the link injected is on a timeline, with a reason that fits it.
      Map<Fault, Map<String, Integer>> codesPerFault = new EnumMap<>(Fault.class);
      int faultsWithoutMessageId = 0;
      Map<String, Integer> failedAfterFlapping = new TreeMap<>(attemptCodes);
      failedAfterFlapping.remove("SUCCESS");
      for (FlappingReceiver.Injected i : link.injected()) {
        if (i.as4MessageId() == null) {
          faultsWithoutMessageId++;
          continue;
        }
        String code = codeByMessageId.get(i.as4MessageId());
        if (code == null) {
          problems.add(i.fault() + " on " + i.as4MessageId() + ": attempt not on any timeline");
          continue;
        }
        codesPerFault.computeIfAbsent(i.fault(), k -> new TreeMap<>()).merge(code, 1, Integer::sum);
        failedAfterFlapping.merge(code, -1, Integer::sum);
        String reason = reasonByMessageId.get(i.as4MessageId());
        if (!fits(i.fault(), code, reason)) {
          problems.add(i.fault() + " on " + i.as4MessageId() + " recorded as " + code + ": " + reason);
        }
      }

      sender.stop();
      receiver.stop();
      StoreView rv = StoreView.read(StoreView.h2Url(aps.receiverData()), "sa", "");

      int lost = 0;
      int duplicated = 0;
      int failedVisibly = finalStates.getOrDefault("FAILED", 0);
      for (String number : accepted.keySet()) {
        if (!byNumber.containsKey(number)) {
          lost++;
          problems.add(number + " accepted (202) but never handed over at the receiver");
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
          "outbound, receiver flapping " + flapMillis / 1000 + " s (502/504 pages, hang past the 4 s"
              + " response timeout, TCP reset, garbage 200), then forwarded to a second gateway",
          documents, accepted.size(), delivered, lost, duplicated,
          "faults injected " + link.injectedPerFault() + "; recorded as " + codesPerFault
              + "; failed attempts per document " + minFailed + "–" + maxFailed + "; all attempt codes "
              + attemptCodes + "; failed attempts through the forwarding (receiver slower than the 4 s"
              + " timeout) " + positive(failedAfterFlapping) + "; sender states " + finalStates + " (FAILED with reason: " + failedVisibly
              + "); connections forwarded after the flapping " + link.forwarded() + "; receiver store "
              + rv.inboundStates));
      assertEquals(List.of(), problems);
      assertEquals(List.of(), refused, "every POST is accepted");
      assertEquals(0, lost);
      assertEquals(0, duplicated);
      assertEquals(Map.of("DELIVERED", accepted.size()), finalStates,
          "a flapping phase shorter than the retry budget ends delivered");
      assertEquals(0, faultsWithoutMessageId, "every spoiled request carried an AS4 message");
      for (Fault f : Fault.values()) {
        assertTrue(codesPerFault.containsKey(f), f + " was never injected into a recorded attempt");
      }
    } finally {
      sender.close();
      receiver.close();
      link.close();
    }
  }

  private static int attempts(OutboundApi api, String id) {
    try {
      return api.transmission(id).path("attempts").asInt();
    } catch (java.io.IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static boolean allFinal(OutboundApi api, java.util.Collection<String> ids) throws Exception {
    for (String id : ids) {
      String state = api.transmission(id).path("state").asText();
      if (!state.equals("DELIVERED") && !state.equals("FAILED")) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Integer> positive(Map<String, Integer> m) {
    Map<String, Integer> out = new TreeMap<>();
    m.forEach((k, v) -> {
      if (v > 0) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static boolean everyFaultSeen(FlappingReceiver link, int atLeast) {
    Map<Fault, Integer> n = link.injectedPerFault();
    for (Fault f : Fault.values()) {
      if (n.getOrDefault(f, 0) < atLeast) {
        return false;
      }
    }
    return true;
  }

  /** Whether the code and reason on the timeline describe what the link did. */
  static boolean fits(Fault fault, String code, String reason) {
    String r = reason.toLowerCase(Locale.ROOT);
    return switch (fault) {
      case HTTP_502 -> code.equals("HTTP_502");
      case HTTP_504 -> code.equals("HTTP_504");
      case HANG -> code.equals("TRANSPORT_ERROR") && r.contains("timed out");
      case RESET -> code.equals("TRANSPORT_ERROR") && r.contains("reset");
      case GARBAGE_MIME, GARBAGE_BARE ->
          (code.equals("INVALID_RESPONSE") || code.equals("NO_SIGNAL")) && r.contains("http 200");
    };
  }
}
