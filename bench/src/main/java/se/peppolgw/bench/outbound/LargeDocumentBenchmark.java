package se.peppolgw.bench.outbound;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import se.peppolgw.ap.pki.DevPki;

/**
 * Large documents and the first document after start (issue 16), with two gateways in child JVMs
 * ({@code GatewayMain}, as {@code ./gateway} starts it) on loopback: the sender takes each invoice
 * on {@code POST /api/outbound} and sends it over AS4 to the receiver, which hands it over to its
 * inbox folder.
 *
 * <ul>
 *   <li>First against hundredth: as soon as the sender's {@code /health} says ready, 100 invoices
 *       of 10 KB are posted one after the other; the latency of the 1st and the 100th {@code 202}
 *       is printed.
 *   <li>Large documents: for each size an invoice of that many bytes (the BIS example with one
 *       embedded attachment of random bytes, so gzip does not shrink it) is posted; printed are the
 *       seconds until the {@code 202}, the seconds until the sender reports DELIVERED, and the peak
 *       heap of the sender and of the receiver (sum of the heap pools' peaks over JMX, reset after
 *       a GC before each size; until the receiver's inbox folder holds the document).
 * </ul>
 *
 * Both children get the heap flags of {@code --heap} (default: none, the JVM default that {@code
 * ./gateway} gets without {@code JAVA_OPTS}). An out-of-memory child exits
 * ({@code -XX:+ExitOnOutOfMemoryError}), which is printed with the size that caused it.
 *
 * <pre>
 * ./mvnw -q -o -pl bench -am package -DskipTests
 * java -cp "bench/target/bench.jar:bench/target/lib/*" se.peppolgw.bench.outbound.LargeDocumentBenchmark \
 *      [--sizes 10m,50m,100m] [--heap "-Xmx2g"] [--first-vs-hundredth true] [--testdata ../shared/testdata]
 *      [--response-timeout-seconds 600]
 * </pre>
 */
public final class LargeDocumentBenchmark {
  private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private LargeDocumentBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    List<Long> sizes = Arrays.stream(opt.getOrDefault("sizes", "10m,50m,100m").split(","))
        .map(LargeDocumentBenchmark::parseSize).toList();
    String heap = opt.getOrDefault("heap", "").trim();
    List<String> heapFlags = heap.isEmpty() ? List.of() : List.of(heap.split("\\s+"));
    boolean firstVsHundredth = Boolean.parseBoolean(opt.getOrDefault("first-vs-hundredth", "true"));
    Path testdata = Path.of(opt.getOrDefault("testdata", "../shared/testdata"));
    // empty: the gateway's default (120 s), which a large message on a busy machine can exceed
    String responseTimeout = opt.getOrDefault("response-timeout-seconds", "");
    byte[] invoice = OutboundBenchmark.readdressedInvoice(testdata.resolve("peppol-bis/billing/base-example.xml"));
    Path work = Files.createTempDirectory("large-bench");

    Path rxKeys = work.resolve("receiver/keystore");
    Path txKeys = work.resolve("sender/keystore");
    Files.createDirectories(txKeys);
    X509Certificate rxCert = DevPki.loadOrCreate(rxKeys, "PSE000001").apKeyMaterial().certificate();
    for (String f : new String[] {DevPki.CA_FILE, DevPki.PASSWORD_FILE}) {
      Files.copy(rxKeys.resolve(f), txKeys.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    Path rxPem = work.resolve("receiver.pem");
    Files.writeString(rxPem, "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(rxCert.getEncoded())
        + "\n-----END CERTIFICATE-----\n");
    Path inbox = work.resolve("receiver/inbox");
    int rxPort = OutboundBenchmark.freePort();

    System.out.printf(Locale.ROOT, "# Large document benchmark %s: %d cores, Java %s, load %.2f, heap flags: %s%n",
        java.time.Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        OutboundBenchmark.load(), heapFlags.isEmpty() ? "none (JVM default, as ./gateway)" : heapFlags);
    try (GatewayChild receiver = GatewayChild.start("receiver", work, receiverConfig(work, rxKeys, rxPort, inbox), heapFlags);
        GatewayChild sender = GatewayChild.start("sender", work,
            senderConfig(work, txKeys, "http://127.0.0.1:" + rxPort + "/as4", rxPem, responseTimeout), heapFlags)) {
      System.out.printf(Locale.ROOT, "# max heap: sender %d MB, receiver %d MB; logs in %s%n",
          sender.maxHeapMb(), receiver.maxHeapMb(), work);
      String token = sender.apiToken();
      if (firstVsHundredth) {
        firstVsHundredth(sender, token, invoice);
      }
      System.out.println();
      System.out.println("| invoice | accepted (202) s | end to end (DELIVERED) s | sender peak heap MB | receiver peak heap MB | result |");
      System.out.println("|---|---|---|---|---|---|");
      for (long size : sizes) {
        String result = largeDocument(sender, receiver, token, invoice, size, inbox);
        if (!sender.alive() || !receiver.alive()) {
          System.out.println("A gateway died (" + (sender.alive() ? "receiver" : "sender") + "): " + result
              + ". Re-run with a larger heap, e.g. --heap -Xmx2g; logs in " + work);
          break;
        }
      }
    }
  }

  /** Posts 100 invoices of 10 KB, one at a time, right after ready; prints the 1st and 100th latency. */
  static void firstVsHundredth(GatewayChild sender, String token, byte[] invoice) throws Exception {
    double[] ms = new double[100];
    URI last = null;
    for (int i = 0; i < ms.length; i++) {
      long t = System.nanoTime();
      HttpResponse<String> r = post(sender, token, invoice);
      ms[i] = (System.nanoTime() - t) / 1e6;
      if (r.statusCode() != 202) {
        throw new IllegalStateException("POST " + (i + 1) + " answered " + r.statusCode() + ": " + r.body());
      }
      last = location(sender, r);
    }
    double[] rest = Arrays.copyOfRange(ms, 1, ms.length);
    System.out.printf(Locale.ROOT,
        "POST /api/outbound after ready, 10 KB invoice: 1st %.0f ms, 100th %.0f ms (2nd-100th median %.0f ms, max %.0f ms)%n",
        ms[0], ms[99], OutboundBenchmark.pct(rest, 50), OutboundBenchmark.pct(rest, 100));
    // let the 100 go out before the large documents are measured
    String state = awaitFinal(sender, token, last, Duration.ofMinutes(10));
    if (!"DELIVERED".equals(state)) {
      throw new IllegalStateException("the 10 KB invoices did not go out: " + state);
    }
  }

  /** One large invoice end to end; prints its row and returns the result in words. */
  static String largeDocument(GatewayChild sender, GatewayChild receiver, String token, byte[] base, long size,
      Path inbox) throws Exception {
    byte[] doc = withAttachment(base, size);
    long inboxBefore = countXml(inbox);
    sender.resetPeak();
    receiver.resetPeak();
    long t0 = System.nanoTime();
    String result;
    double acceptedS = Double.NaN;
    double deliveredS = Double.NaN;
    HttpResponse<String> r;
    try {
      r = post(sender, token, doc);
    } catch (IOException e) {
      r = null;
      result = "POST failed: " + e;
    }
    doc = null; // the benchmark JVM need not keep 100 MB while waiting
    if (r != null && r.statusCode() == 202) {
      acceptedS = (System.nanoTime() - t0) / 1e9;
      String state = awaitFinal(sender, token, location(sender, r), Duration.ofMinutes(15));
      deliveredS = (System.nanoTime() - t0) / 1e9;
      result = state;
      if ("DELIVERED".equals(state) && !awaitInbox(inbox, inboxBefore + 1, receiver, Duration.ofMinutes(10))) {
        result = "DELIVERED, but not handed over to the receiver's inbox folder";
      }
    } else {
      result = r == null ? "POST failed" : "POST answered " + r.statusCode() + ": " + abbreviate(r.body());
    }
    String senderPeak = peak(sender);
    String receiverPeak = peak(receiver);
    if (!sender.alive() || !receiver.alive()) {
      result += "; exited" + (oom(sender) || oom(receiver) ? " with OutOfMemoryError" : "");
    }
    System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %s | %s | %s |%n",
        label(size), acceptedS, deliveredS, senderPeak, receiverPeak, result);
    return result;
  }

  /** A child that is exiting (an OutOfMemoryError) may still look alive but refuse JMX. */
  private static String peak(GatewayChild g) {
    if (!g.alive()) {
      return "died";
    }
    try {
      return Long.toString(g.peakHeapMb());
    } catch (IOException | RuntimeException e) {
      return "died";
    }
  }

  private static boolean oom(GatewayChild g) throws IOException {
    return !g.alive() && g.logShowsOutOfMemory();
  }

  /** Polls GET /api/outbound/{id} until DELIVERED or FAILED (or the sender is gone, or the deadline). */
  static String awaitFinal(GatewayChild sender, String token, URI status, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String state = "unknown";
    while (System.nanoTime() < deadline) {
      if (!sender.alive()) {
        return "sender exited while " + state;
      }
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(status).header("Authorization", "Bearer " + token)
            .build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = STATE.matcher(r.body());
        if (m.find()) {
          state = m.group(1);
        }
        if (state.equals("DELIVERED") || state.equals("FAILED")) {
          return state;
        }
      } catch (IOException e) {
        state = "unreachable (" + e.getMessage() + ")";
      }
      Thread.sleep(100);
    }
    return "still " + state + " after " + timeout;
  }

  private static boolean awaitInbox(Path inbox, long count, GatewayChild receiver, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && receiver.alive()) {
      if (countXml(inbox) >= count) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static long countXml(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".xml")).count();
    }
  }

  private static HttpResponse<String> post(GatewayChild sender, String token, byte[] body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(sender.url("/api/outbound"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/xml")
        .timeout(Duration.ofMinutes(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI location(GatewayChild sender, HttpResponse<String> r) {
    String loc = r.headers().firstValue("Location")
        .orElseThrow(() -> new IllegalStateException("202 without Location: " + r.body()));
    return sender.url("/").resolve(loc);
  }

  /**
   * The invoice with one embedded attachment (random bytes, base64) sized so that the whole
   * document has {@code size} bytes; the document keeps its invoice number (the benchmark's sender
   * has the duplicate rule off).
   */
  static byte[] withAttachment(byte[] invoice, long size) {
    String doc = new String(invoice, StandardCharsets.UTF_8);
    String head = "<cac:AdditionalDocumentReference><cbc:ID>attachment-1</cbc:ID><cac:Attachment>"
        + "<cbc:EmbeddedDocumentBinaryObject mimeCode=\"application/pdf\" filename=\"attachment.pdf\">";
    String tail = "</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>";
    long room = size - invoice.length - head.length() - tail.length();
    if (room < 4) {
      throw new IllegalArgumentException("size " + size + " is smaller than the invoice itself");
    }
    byte[] raw = new byte[Math.toIntExact(room / 4 * 3)];
    new Random(size).nextBytes(raw);
    int at = doc.indexOf("<cac:AccountingSupplierParty>");
    return (doc.substring(0, at) + head + Base64.getEncoder().encodeToString(raw) + tail + doc.substring(at))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** {@code 10m} = 10,000,000 bytes (decimal, so 100m stays under the 100 MiB document limit), {@code 500k}. */
  static long parseSize(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    long unit = v.endsWith("m") ? 1_000_000L : v.endsWith("k") ? 1_000L : 1L;
    return Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1)) * unit;
  }

  private static String label(long size) {
    return size >= 1_000_000 ? size / 1_000_000 + " MB" : size / 1_000 + " KB";
  }

  private static String abbreviate(String s) {
    String oneLine = s.replaceAll("\\s+", " ");
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
  }

  static Properties receiverConfig(Path work, Path keys, int port, Path inbox) {
    Properties p = common(work.resolve("receiver/data"), keys, port, "PSE000001");
    p.setProperty("gateway.participants", "rx");
    p.setProperty("gateway.participant.rx.id", OutboundBenchmark.RECEIVER);
    p.setProperty("gateway.participant.rx.document-types", "invoice");
    p.setProperty("gateway.inbox.dir", inbox.toString());
    return p;
  }

  static Properties senderConfig(Path work, Path keys, String rxUrl, Path rxPem, String responseTimeoutSeconds)
      throws IOException {
    Properties p = common(work.resolve("sender/data"), keys, OutboundBenchmark.freePort(), "PSE000002");
    if (!responseTimeoutSeconds.isEmpty()) {
      p.setProperty("gateway.outbound.response-timeout-seconds", responseTimeoutSeconds);
      // the claim must outlive the wait for the answer (README, gateway.outbound.lease-seconds)
      p.setProperty("gateway.outbound.lease-seconds",
          Integer.toString(Math.max(300, Integer.parseInt(responseTimeoutSeconds) * 2)));
    }
    p.setProperty("gateway.inbox.dir", "none");
    // the back-office token sends for the gateway's own participants
    p.setProperty("gateway.participants", "tx");
    p.setProperty("gateway.participant.tx.id", OutboundBenchmark.SENDER);
    p.setProperty("gateway.participant.tx.document-types", "invoice");
    p.setProperty("gateway.outbound.poll-ms", "50");
    // the benchmark sends one invoice number many times: the duplicate rule would refuse it
    p.setProperty("gateway.outbound.duplicate-window-days", "0");
    p.setProperty("gateway.routing.static-routes", "rx");
    p.setProperty("gateway.routing.static.rx.participant", OutboundBenchmark.RECEIVER);
    p.setProperty("gateway.routing.static.rx.document-types", "invoice");
    p.setProperty("gateway.routing.static.rx.url", rxUrl);
    p.setProperty("gateway.routing.static.rx.certificate", rxPem.toString());
    return p;
  }

  private static Properties common(Path dataDir, Path keys, int port, String seat) {
    Properties p = new Properties();
    p.setProperty("gateway.mode", "local");
    p.setProperty("gateway.local.seat-id", seat);
    p.setProperty("gateway.http.port", Integer.toString(port));
    p.setProperty("gateway.http.bind", "127.0.0.1");
    p.setProperty("gateway.data.dir", dataDir.toString());
    p.setProperty("gateway.keystore.dir", keys.toString());
    p.setProperty("gateway.outbound.dir", "none");
    return p;
  }
}
