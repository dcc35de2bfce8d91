package se.peppolgw.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of the buyer's gateway (separate processes) on one PostgreSQL, both accepting orders
 * on {@code POST /api/outbound} and both sending; mid-load node A is SIGKILLed at a moment when
 * it holds claims (leases) on sends, and is not restarted. Node B must deliver everything: its own
 * documents, A's unclaimed ones at once, and A's claimed ones once their lease has expired. The
 * receiver (a third process) hands each order over exactly once; a send A made just before dying
 * may arrive again from B, and must then be recognised there as a duplicate (same SBDH
 * InstanceIdentifier) and not handed over twice.
 */
class TwoNodesKillTest {
  private static final Pattern NODE = Pattern.compile("\\(node ([^)]+)\\)");
  private static final int LEASE_SECONDS = 12;

  record Accepted(String node, String id) {}

  @Test
  void theSurvivorDeliversEverythingTheKilledNodeAcceptedOrHadClaimed() throws Exception {
    int documents = Env.LONG ? 300 : 40;
    Path dir = Env.workDir("two-nodes");
    Path pgData = dir.resolve("pg");
    int pgPort = GatewayProcess.freePort();
    EmbeddedPostgres pg = DatabaseFaultTest.startPostgres(pgData, pgPort);
    String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres";
    TwoAccessPoints aps = new TwoAccessPoints(dir);
    GatewayProcess receiver = aps.receiver();
    GatewayProcess a = node(aps, "node-a", receiver, url);
    GatewayProcess b = node(aps, "node-b", receiver, url);
    try {
      // A migrates the shared database first; the receiver starts meanwhile.
      Thread receiverStart = startInBackground(receiver);
      a.start();
      b.start();
      receiverStart.join();
      assertTrue(receiver.isAlive(), "receiver did not start");
      OutboundApi apiA = new OutboundApi(a.url(""), BackOffice.localToken(dir.resolve("node-a").resolve("data")));
      OutboundApi apiB = new OutboundApi(b.url(""), BackOffice.localToken(dir.resolve("node-b").resolve("data")));
      String template = TwoAccessPoints.orderTemplate();

      Map<String, Accepted> accepted = new ConcurrentHashMap<>(); // order number -> node, id
      // One order through each node first: a cold JVM's first AS4 send takes seconds (phase4 and
      // XML security set-up); the load should meet two nodes that both send.
      for (var n : Map.of("node-a", apiA, "node-b", apiB).entrySet()) {
        HttpResponse<String> r = n.getValue().submit(TwoAccessPoints.order(template, "TWO-WARM-" + n.getKey()));
        assertEquals(202, r.statusCode(), r.body());
        accepted.put("TWO-WARM-" + n.getKey(), new Accepted(n.getKey(), OutboundApi.idOf(r)));
      }
      long warm = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (System.nanoTime() < warm && !allFinal(apiB, accepted.values())) {
        Thread.sleep(100);
      }
      Set<String> unanswered = ConcurrentHashMap.newKeySet();
      AtomicInteger submitted = new AtomicInteger(accepted.size()); // the warm-up orders count
      AtomicBoolean aDown = new AtomicBoolean();
      AtomicBoolean done = new AtomicBoolean();
      AtomicInteger submittedAtKill = new AtomicInteger(-1);
      // The back office alternates between the nodes; a node that refuses connections is skipped
      // (nothing was sent), a request that dies mid-way is not resent (its fate is unknown). It
      // goes on for a while after the kill, so that the load continues on the survivor.
      Thread client = new Thread(() -> {
        for (int i = 0; i < 3 * documents; i++) {
          int killedAt = submittedAtKill.get();
          if (i >= documents && killedAt >= 0 && i >= killedAt + documents / 4) {
            break;
          }
          String number = "TWO-" + i;
          String doc = TwoAccessPoints.order(template, number);
          submitted.incrementAndGet();
          boolean toA = i % 2 == 0 && !aDown.get();
          try {
            HttpResponse<String> r;
            try {
              r = (toA ? apiA : apiB).submit(doc);
            } catch (ConnectException e) {
              aDown.set(true);
              toA = false;
              r = apiB.submit(doc);
            }
            if (r.statusCode() == 202) {
              accepted.put(number, new Accepted(toA ? "node-a" : "node-b", OutboundApi.idOf(r)));
            } else {
              unanswered.add(number + " " + r.statusCode());
            }
          } catch (IOException e) {
            unanswered.add(number);
          } catch (InterruptedException e) {
            return;
          }
          try {
            Thread.sleep(60);
          } catch (InterruptedException e) {
            return;
          }
        }
        done.set(true);
      });
      client.start();

      // Kill A mid-load, once it has delivered some documents itself, at a moment when it holds
      // live leases (sends it has claimed).
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      Set<String> claimedAtKill = new TreeSet<>();
      int deliveredByABeforeKill;
      try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
        int aMustHaveDelivered = Math.max(3, documents / 10);
        while (System.nanoTime() < until
            && (accepted.size() < documents / 3 || deliveredBy(c, "node-a") < aMustHaveDelivered)) {
          Thread.sleep(20);
        }
        while (System.nanoTime() < until && liveLeases(c, "node-a").isEmpty()) {
          Thread.sleep(5);
        }
        a.kill9();
        submittedAtKill.set(submitted.get());
        claimedAtKill.addAll(liveLeases(c, "node-a"));
        deliveredByABeforeKill = deliveredBy(c, "node-a");
      }
      int acceptedAtKill = accepted.size();
      long aAcceptedAtKill = accepted.values().stream().filter(x -> x.node().equals("node-a")).count();
      client.join(Duration.ofMinutes(3).toMillis());
      assertTrue(done.get(), "client did not finish");

      Map<String, List<String>> byNumber = Map.of();
      until = System.nanoTime() + Duration.ofMinutes(Env.LONG ? 5 : 2).toNanos();
      while (System.nanoTime() < until) {
        byNumber = OutboundKillTest.receivedByOrderNumber(aps.receiverInbox());
        if (byNumber.keySet().containsAll(accepted.keySet())) {
          break;
        }
        Thread.sleep(300);
      }

      // The sender records the receipt after the receiver has handed the document over: wait for
      // every transmission to reach its final state before reading the timelines.
      long settle = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < settle && !allFinal(apiB, accepted.values())) {
        Thread.sleep(200);
      }

      // The surviving node's account of every document, including those accepted by A.
      List<String> problems = new ArrayList<>();
      Map<String, Integer> states = new TreeMap<>();
      Map<String, Integer> deliveredBy = new TreeMap<>();
      int claimedTakenOver = 0;
      Map<String, String> idToNumber = new TreeMap<>();
      accepted.forEach((n, x) -> idToNumber.put(x.id(), n));
      for (var e : accepted.entrySet()) {
        JsonNode t = apiB.transmission(e.getValue().id());
        String state = t.path("state").asText();
        states.merge(state, 1, Integer::sum);
        List<JsonNode> successes = OutboundApi.events(t, "SEND_ATTEMPT").stream()
            .filter(x -> "SUCCESS".equals(x.path("code").asText())).toList();
        if (successes.size() > 1) {
          problems.add(e.getKey() + ": " + successes.size() + " successful sends recorded");
        }
        if (!successes.isEmpty()) {
          Matcher m = NODE.matcher(successes.get(0).path("message").asText());
          deliveredBy.merge(m.find() ? m.group(1) : "?", 1, Integer::sum);
        }
        if (claimedAtKill.contains(e.getValue().id())) {
          boolean noted = OutboundApi.events(t, "NOTE").stream()
              .anyMatch(x -> "LEASE_EXPIRED".equals(x.path("code").asText())
                  && x.path("message").asText().contains("node-a"));
          boolean byB = successes.stream().anyMatch(x -> x.path("message").asText().contains("(node node-b)"));
          if (noted && byB) {
            claimedTakenOver++;
          } else {
            problems.add(e.getKey() + ": claimed by node-a at the kill, but LEASE_EXPIRED noted " + noted
                + ", delivered by node-b " + byB + " (state " + state + ")");
          }
        }
      }
      int outboxLeft;
      try (Connection c = DriverManager.getConnection(url, "postgres", "");
          ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM outbox")) {
        rs.next();
        outboxLeft = rs.getInt(1);
      }

      b.stop();
      receiver.stop();
      StoreView rv = StoreView.read(StoreView.h2Url(aps.receiverData()), "sa", "");

      int lost = 0;
      int duplicated = 0;
      for (var e : accepted.entrySet()) {
        if (!byNumber.containsKey(e.getKey())) {
          lost++;
          problems.add(e.getKey() + " accepted (202) by " + e.getValue().node() + " but not handed over at the receiver");
        }
      }
      for (var e : byNumber.entrySet()) {
        if (e.getValue().size() > 1) {
          duplicated++;
          problems.add(e.getKey() + " handed over " + e.getValue().size() + " times at the receiver");
        }
      }
      int delivered = (int) accepted.keySet().stream().filter(byNumber::containsKey).count();
      long byA = accepted.values().stream().filter(x -> x.node().equals("node-a")).count();
      Summary.record(new Summary.Row(
          "outbound, two nodes on one PostgreSQL, node A kill -9 mid-load (not restarted), lease " + LEASE_SECONDS + " s",
          submitted.get(), accepted.size(), delivered, lost, duplicated,
          "202s by A " + byA + " (" + aAcceptedAtKill + " before the kill), by B " + (accepted.size() - byA)
              + "; killed after " + acceptedAtKill + " 202s and " + deliveredByABeforeKill + " deliveries by A, holding " + claimedAtKill.size()
              + " claims, all taken over by B after the lease (LEASE_EXPIRED on the timeline): " + claimedTakenOver
              + "; delivered by " + deliveredBy + "; POSTs without 202 (died with A): " + unanswered.size()
              + ", of them delivered " + unanswered.stream().map(u -> u.split(" ")[0]).filter(byNumber::containsKey).count()
              + "; sender states " + states + "; outbox rows left " + outboxLeft + "; receiver store "
              + rv.inboundStates + " (DUPLICATE = resends recognised by the receiver)"));
      assertEquals(List.of(), problems);
      assertEquals(0, lost);
      assertEquals(0, duplicated);
      assertFalse(claimedAtKill.isEmpty(), "node A must hold claims when it is killed");
      assertEquals(claimedAtKill.size(), claimedTakenOver);
      assertEquals(Map.of("DELIVERED", accepted.size()), states);
      assertEquals(0, outboxLeft, "no claim stuck in the outbox");
      assertTrue(aAcceptedAtKill > 0 && byA > 0, "node A took part before the kill");
      assertTrue(deliveredByABeforeKill > 0, "both nodes were sending before the kill");
      assertTrue(accepted.size() >= submitted.get() - 2, "nearly every POST accepted: " + accepted.size());
    } finally {
      a.close();
      b.close();
      receiver.close();
      DatabaseFaultTest.closeQuietly(pg);
    }
  }

  private static GatewayProcess node(TwoAccessPoints aps, String name, GatewayProcess receiver, String dbUrl) {
    Map<String, String> s = aps.senderSettings(name, receiver.url("/as4"));
    s.put("gateway.db.url", dbUrl);
    s.put("gateway.db.user", "postgres");
    s.put("gateway.db.password", "");
    s.put("gateway.db.pool-size", "6");
    // A lease longer than one attempt can take (5 s response timeout + 5 s connect), short enough
    // for the test: the dead node's claims are free 12 s after it claimed them.
    s.put("gateway.outbound.lease-seconds", Integer.toString(LEASE_SECONDS));
    s.put("gateway.outbound.response-timeout-seconds", "5");
    s.put("gateway.outbound.retry.max-attempts", "40");
    return new GatewayProcess(aps.dir, name, s).jvmArg("-Xmx384m");
  }

  private static boolean allFinal(OutboundApi api, java.util.Collection<Accepted> docs) throws Exception {
    for (Accepted d : docs) {
      String state = api.transmission(d.id()).path("state").asText();
      if (!state.equals("DELIVERED") && !state.equals("FAILED")) {
        return false;
      }
    }
    return true;
  }

  private static Thread startInBackground(GatewayProcess gw) {
    Thread t = new Thread(() -> {
      try {
        gw.start();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "start-" + gw.port());
    t.start();
    return t;
  }

  /** Successful sends recorded by {@code node}. */
  private static int deliveredBy(Connection c, String node) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT COUNT(*) FROM transmission_event WHERE type = 'SEND_ATTEMPT' AND code = 'SUCCESS'"
            + " AND message LIKE ?")) {
      ps.setString(1, "%(node " + node + ")%");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Transmission ids whose outbox row {@code owner} holds a live lease on. */
  private static List<String> liveLeases(Connection c, String owner) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT transmission_id FROM outbox WHERE lease_owner = ? AND lease_until > now()")) {
      ps.setString(1, owner);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }
}
