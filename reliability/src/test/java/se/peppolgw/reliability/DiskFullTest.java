package se.peppolgw.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Disk full in the inbox folder: the folder is a 256 KB tmpfs (needs root; skipped otherwise), so
 * the hand-over runs out of space after a few documents. Receiving must go on (the store is
 * elsewhere), the error must be clear (log, /health DEGRADED), the folder must hold no partial or
 * corrupt file, and once space is back (the tmpfs is grown) every document is handed over exactly
 * once, without restarting the gateway.
 */
class DiskFullTest {
  @Test
  void fullInboxFolderPausesHandOverCleanlyAndResumes() throws Exception {
    Path dir = Env.workDir("disk-full");
    Path inbox = dir.resolve("inbox-tmpfs");
    Files.createDirectories(inbox);
    String mount = run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", inbox.toString());
    Assumptions.assumeTrue(mount == null, () -> "cannot mount a small tmpfs (needs root): " + mount);
    Env env = new Env(dir);
    env.settings.put("gateway.inbox.dir", inbox.toString());
    // the hand-over's health is a detail; this test reads it without a token
    env.settings.put("gateway.health.details", "public");
    GatewayProcess gw = env.gateway("gateway");
    try {
      gw.start();
      int messages = Env.LONG ? 200 : 40;
      InboundLoad load =
          new InboundLoad(env.sender(gw), Env.invoice(), 2, messages, Duration.ofMillis(10), Duration.ofMinutes(3)).start();
      load.stopProducing();
      load.awaitDone(Duration.ofMinutes(Env.LONG ? 10 : 3));
      Map<String, InboundLoad.Message> sent = load.messages();
      Verdict v0 = new Verdict(sent, Map.of(), Map.of(), Map.of());

      // The folder fills up; what is there must be complete and intact. Hand-over follows the
      // validation after receipt, so the first failing write may come a while after the last
      // receipt: wait (with a deadline) until the log names the cause, then look.
      Path logFile = dir.resolve("gateway-1.log");
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      boolean clearError = false;
      while (!clearError && System.nanoTime() < deadline) {
        clearError = Files.readString(logFile, StandardCharsets.UTF_8).contains("No space left on device");
        if (!clearError) {
          Thread.sleep(250);
        }
      }
      Map<String, List<String>> whileFull = BackOffice.inboxFolder(inbox);
      int intactWhileFull = assertIntact(inbox);
      String health = healthBody(gw);

      // Space comes back.
      String grow = run("mount", "-o", "remount,size=64m", inbox.toString());
      assertEquals(null, grow);
      Map<String, List<String>> folder = BackOffice.awaitInboxFolder(inbox, v0.acked, Duration.ofSeconds(60));
      int intactAfter = assertIntact(inbox);
      Map<String, List<String>> api = BackOffice.pullApi(gw.url(""), BackOffice.localToken(env.dataDir));
      String healthAfter = healthBody(gw);
      gw.stop();
      StoreView store = StoreView.read(StoreView.h2Url(env.dataDir), "sa", "");
      Verdict v = new Verdict(sent, store.acceptedPerInstance, folder, api);
      Summary.record(
          new Summary.Row(
              "inbox folder full (256 KB tmpfs), then grown", sent.size(), v.acked.size(), v.delivered,
              v.lost, v.duplicated,
              "while full: " + whileFull.size() + " documents handed over, " + intactWhileFull
                  + " intact pairs, no partial files, 'No space left on device' logged: " + clearError
                  + ", /health " + health.replaceAll(".*\"status\":\"([^\"]*)\".*", "$1") + "; after: " + intactAfter + " intact pairs; store " + store.inboundStates));
      assertEquals(List.of(), v.problems);
      assertEquals(sent.size(), v.acked.size(), "receiving goes on while the inbox folder is full");
      assertTrue(whileFull.size() < sent.size(), "the tmpfs must really have filled up");
      assertTrue(clearError, "the log must say why the hand-over fails");
      assertTrue(health.contains("inbox hand-over failing"), health);
      assertEquals(sent.size(), intactAfter);
      assertEquals(0, v.lost);
      assertEquals(0, v.duplicated);
      assertEquals(1, gw.starts());
    } finally {
      gw.close();
      run("umount", inbox.toString());
    }
  }

  /** Every .json has its .xml, the .xml matches the .json's SHA-256, no temp files. Returns pairs. */
  static int assertIntact(Path inbox) throws Exception {
    ObjectMapper json = new ObjectMapper();
    int pairs = 0;
    List<Path> files;
    try (Stream<Path> s = Files.list(inbox)) {
      files = s.toList();
    }
    for (Path f : files) {
      String name = f.getFileName().toString();
      assertTrue(!name.startsWith(".") && !name.endsWith(".tmp"), "temporary file left behind: " + name);
      if (name.endsWith(".json")) {
        JsonNode n = json.readTree(Files.readAllBytes(f));
        Path xml = inbox.resolve(n.path("id").asText() + ".xml");
        assertTrue(Files.isRegularFile(xml), "json without xml: " + name);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(xml)));
        assertEquals(n.path("documentSha256").asText().toLowerCase(java.util.Locale.ROOT), sha, "corrupt " + xml);
        pairs++;
      }
    }
    return pairs;
  }

  static String healthBody(GatewayProcess gw) throws Exception {
    var r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.url("/health"))).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  /** Runs a command; null when it succeeded, else its output. */
  static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return p.waitFor() == 0 ? null : "exit " + p.exitValue() + ": " + out.trim();
  }
}
