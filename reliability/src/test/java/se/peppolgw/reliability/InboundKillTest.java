package se.peppolgw.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Inbound under load, kill -9: senders push invoices over AS4 while the gateway process is killed
 * with SIGKILL at random moments and restarted. Every message for which a sender got a signed
 * receipt must be in the store and in the back office's inbox folder exactly once; messages that
 * got no receipt are resent (same SBDH InstanceIdentifier) until they get one, and are then still
 * there exactly once.
 */
class InboundKillTest {
  @Test
  void acknowledgedMessagesSurviveSigkillAndAreHandedOverExactlyOnce() throws Exception {
    Path dir = Env.workDir("inbound-kill");
    int kills = Env.LONG ? 25 : 3;
    int minMessages = Env.LONG ? 1000 : 60;
    int senders = Env.LONG ? 8 : 4;
    Random random = new Random(Long.getLong("reliability.seed", System.nanoTime()));

    Env env = new Env(dir);
    GatewayProcess gw = env.gateway("gateway");
    try {
      gw.start();
      InboundLoad load =
          new InboundLoad(env.sender(gw), Env.invoice(), senders, minMessages,
              Duration.ofMillis(Env.LONG ? 10 : 30), Duration.ofMinutes(5)).start();
      List<Integer> ackedAtKill = new ArrayList<>();
      for (int k = 0; k < kills; k++) {
        // Kill mid-load: once a few more receipts went out since the (re)start, at a random moment.
        load.awaitAcked(load.ackedCount() + 2 + random.nextInt(Env.LONG ? 40 : 10), Duration.ofMinutes(2));
        Thread.sleep(random.nextInt(400));
        ackedAtKill.add(load.ackedCount());
        gw.kill9();
        Thread.sleep(random.nextInt(500));
        gw.start();
      }
      load.stopProducing();
      load.awaitDone(Duration.ofMinutes(Env.LONG ? 20 : 4));

      Map<String, InboundLoad.Message> sent = load.messages();
      Set<String> acked =
          sent.values().stream().filter(m -> m.acked).map(m -> m.instanceId).collect(Collectors.toSet());
      Map<String, List<String>> folder =
          BackOffice.awaitInboxFolder(env.inboxDir(), acked, Duration.ofSeconds(60));
      Map<String, List<String>> api = BackOffice.pullApi(gw.url(""), BackOffice.localToken(env.dataDir));
      gw.stop();
      StoreView store = StoreView.read(StoreView.h2Url(env.dataDir), "sa", "");

      int lost = 0;
      int duplicated = 0;
      List<String> problems = new ArrayList<>();
      for (String id : acked) {
        int inStore = store.acceptedPerInstance.getOrDefault(id, 0);
        int inFolder = folder.getOrDefault(id, List.of()).size();
        int inApi = api.getOrDefault(id, List.of()).size();
        if (inStore == 0 || inFolder == 0 || inApi == 0) {
          lost++;
          problems.add(id + " acknowledged but store=" + inStore + " folder=" + inFolder + " api=" + inApi);
        } else if (inStore > 1 || inFolder > 1 || inApi > 1) {
          duplicated++;
          problems.add(id + " more than once: store=" + inStore + " folder=" + inFolder + " api=" + inApi);
        }
      }
      // Nothing may appear that nobody sent, and nothing sent may appear twice, acked or not.
      for (var e : folder.entrySet()) {
        if (!sent.containsKey(e.getKey())) {
          problems.add("unknown document in the inbox folder: " + e.getKey());
        } else if (!acked.contains(e.getKey()) && e.getValue().size() > 1) {
          duplicated++;
          problems.add(e.getKey() + " (never acknowledged) handed over " + e.getValue().size() + " times");
        }
      }
      int duplicatesDetected = store.inboundStates.getOrDefault("DUPLICATE", 0);
      Summary.record(
          new Summary.Row(
              "inbound, " + senders + " senders, kill -9 x" + kills, sent.size(), acked.size(),
              (int) sent.keySet().stream().filter(folder::containsKey).count(), lost, duplicated,
              "acked before each kill " + ackedAtKill + "; resends recognised as duplicates: "
                  + duplicatesDetected + "; sender-side failures " + new TreeMap<>(load.failureKinds())
                  + "; store " + store.inboundStates));
      assertEquals(List.of(), problems);
      assertEquals(sent.size(), acked.size(), "every message must get a receipt in the end");
      assertEquals(0, lost);
      assertEquals(0, duplicated);
      assertTrue(sent.size() >= minMessages);
      assertEquals(kills + 1, gw.starts());
    } finally {
      gw.close();
    }
  }
}
