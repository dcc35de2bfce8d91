package se.peppolgw.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Memory: receiving a 100 MB payload (an invoice with a 100 MB embedded attachment, random so it
 * does not compress) by a gateway with {@code -Xmx256m}. Peak heap is sampled with jstat while the
 * message is received and handed over. On demand only ({@code -Dreliability.memory=true}): it
 * moves 100 MB several times. Fails today: phase4 4.4.1 buffers the whole MIME part in memory
 * (see docs/reliability.md, "Memory").
 */
class LargePayloadTest {
  @Test
  void hundredMegabytePayloadIsReceivedWithA256MbHeap() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("reliability.memory"),
        "on demand: -Dreliability.memory=true");
    Path dir = Env.workDir("large-payload");
    Env env = new Env(dir);
    env.settings.put("gateway.inbound.max-payload-bytes", Long.toString(150L * 1024 * 1024));
    GatewayProcess gw = new GatewayProcess(dir, "gateway", env.settings).jvmArg("-Xmx256m");
    AtomicBoolean sampling = new AtomicBoolean(true);
    AtomicLong peakKb = new AtomicLong();
    try {
      gw.start();
      Thread sampler = new Thread(() -> {
        while (sampling.get()) {
          peakKb.accumulateAndGet(heapUsedKb(gw.pid()), Math::max);
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      sampler.setDaemon(true);
      sampler.start();
      long baselineKb = heapUsedKb(gw.pid());

      byte[] invoice = withAttachment(Env.invoice(), 100 * 1024 * 1024);
      String instanceId = UUID.randomUUID().toString();
      byte[] sbd = As4Client.invoiceSbd(instanceId, invoice);
      As4Client.Outcome o = env.sender(gw).send(UUID.randomUUID() + "@reliability.peppolgw", sbd);
      Map<String, List<String>> folder =
          BackOffice.awaitInboxFolder(env.inboxDir(), o.acked() ? List.of(instanceId) : List.of(), Duration.ofMinutes(3));
      sampling.set(false);
      boolean alive = gw.isAlive();
      String log = Files.readString(dir.resolve("gateway-1.log"), StandardCharsets.UTF_8);
      boolean oom = log.contains("OutOfMemoryError");
      Summary.record(new Summary.Row(
          "inbound 100 MB payload, gateway -Xmx256m", 1, o.acked() ? 1 : 0,
          folder.containsKey(instanceId) ? 1 : 0, 0, 0,
          "SBD " + sbd.length / (1024 * 1024) + " MB; peak heap used " + peakKb.get() / 1024 + " MB (idle "
              + baselineKb / 1024 + " MB); OutOfMemoryError in log: " + oom + "; gateway alive: " + alive
              + (o.acked() ? "" : "; sender: " + o.failure())));
      assertTrue(o.acked(), () -> "no receipt: " + o.failure());
      assertEquals(1, folder.getOrDefault(instanceId, List.of()).size());
      assertTrue(!oom && alive);
    } finally {
      sampling.set(false);
      gw.close();
    }
  }

  static byte[] withAttachment(byte[] invoice, int bytes) {
    byte[] raw = new byte[bytes * 3 / 4];
    new Random(1).nextBytes(raw);
    String b64 = Base64.getEncoder().encodeToString(raw);
    String doc = new String(invoice, StandardCharsets.UTF_8);
    int at = doc.indexOf("<cac:AccountingSupplierParty>");
    return (doc.substring(0, at)
            + "<cac:AdditionalDocumentReference><cbc:ID>big-1</cbc:ID><cac:Attachment>"
            + "<cbc:EmbeddedDocumentBinaryObject mimeCode=\"application/pdf\" filename=\"big.pdf\">" + b64
            + "</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>"
            + doc.substring(at))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Used heap (survivor + eden + old) of a JVM in KB, from jstat; 0 when unavailable. */
  static long heapUsedKb(long pid) {
    try {
      Process p = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc", Long.toString(pid))
          .redirectErrorStream(true).start();
      List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
      p.waitFor();
      if (lines.size() < 2) {
        return 0;
      }
      List<String> h = List.of(lines.get(0).trim().split("\\s+"));
      String[] v = lines.get(1).trim().split("\\s+");
      double kb = 0;
      for (String col : List.of("S0U", "S1U", "EU", "OU")) {
        int i = h.indexOf(col);
        if (i >= 0) {
          kb += Double.parseDouble(v[i]);
        }
      }
      return (long) kb;
    } catch (IOException | InterruptedException | RuntimeException e) {
      return 0;
    }
  }
}
