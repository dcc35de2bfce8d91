package se.peppolgw.bench.outbound;

import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.phase4.crypto.AS4CryptoFactoryInMemoryKeyStore;
import com.helger.phase4.messaging.http.HttpRetrySettings;
import com.helger.phase4.peppol.Phase4PeppolSender;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import com.helger.security.certificate.TrustedCAChecker;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import se.peppolgw.ap.Gateway;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.pki.ApCertificateVerifier;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.ap.pki.DevPki;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.validation.PeppolBisValidator;
import se.peppolgw.smp.EndpointQuery;
import se.peppolgw.smp.SmpLookupService;

/**
 * Outbound benchmark: documents accepted per second (POST /api/outbound: parse, Peppol BIS
 * validation, commit) and sent per second (outbox worker, static routing with a warm cache,
 * phase4 send, verified receipt, commit) against the bare phase4 Peppol sender to the same
 * receiver in the same run; plus receiver lookup latency (warm cache / cold static table) and the
 * cost of Peppol BIS validation per document. The receiver is a gateway in a child JVM. The
 * TransformerFactory is pinned in both JVMs.
 *
 * <pre>
 * ./mvnw -q -o -pl bench -am package -DskipTests
 * java -cp "bench/target/bench.jar:bench/target/lib/*" se.peppolgw.bench.outbound.OutboundBenchmark \
 *      [--n 200] [--concurrency 1,4,16] [--testdata ../shared/testdata]
 * </pre>
 */
public final class OutboundBenchmark {
  static final String TF = "javax.xml.transform.TransformerFactory";
  static final String SAXON = "net.sf.saxon.TransformerFactoryImpl";
  static final String RECEIVER = "0007:5567212344";
  static final String SENDER = "0088:7365560000000";
  static final String BILLING = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

  private OutboundBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty(TF) == null) {
      System.setProperty(TF, SAXON);
    }
    Map<String, String> opt = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int n = Integer.parseInt(opt.getOrDefault("n", "200"));
    List<Integer> conc =
        Arrays.stream(opt.getOrDefault("concurrency", "1,4,16").split(",")).map(Integer::parseInt).toList();
    Path testdata = Path.of(opt.getOrDefault("testdata", "../shared/testdata"));
    Path work = Files.createTempDirectory("outbound-bench");
    byte[] invoice = readdressedInvoice(testdata.resolve("peppol-bis/billing/base-example.xml"));

    // one dev CA, two keys: the receiver's (child JVM) and ours
    Path rxKeys = work.resolve("receiver/keystore");
    Path txKeys = work.resolve("sender/keystore");
    Files.createDirectories(txKeys);
    X509Certificate rxCert = DevPki.loadOrCreate(rxKeys, "PSE000001").apKeyMaterial().certificate();
    for (String f : new String[] {DevPki.CA_FILE, DevPki.PASSWORD_FILE}) {
      Files.copy(rxKeys.resolve(f), txKeys.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    Path rxPem = work.resolve("receiver.pem");
    Files.writeString(
        rxPem,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(rxCert.getEncoded())
            + "\n-----END CERTIFICATE-----\n");

    int rxPort = freePort();
    Process receiver = startReceiver(work, rxKeys, rxPort);
    String rxUrl = "http://127.0.0.1:" + rxPort + "/as4";
    int workers = conc.stream().mapToInt(Integer::intValue).max().orElse(4);
    Gateway gw = startSender(work, txKeys, rxUrl, rxPem, workers);
    String token = gw.localApiToken().orElseThrow();
    try {
      System.out.printf(Locale.ROOT, "# Outbound benchmark: %d x 10 KB invoice (%d bytes), %d cores, Java %s, %s pinned%n",
          n, invoice.length, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty(TF));
      System.out.println("warming up (validation, phase4, JIT) ...");
      gatewayRun(gw, token, invoice, Math.min(n, 60), 4);
      bareRun(gw.keys(), rxCert, rxUrl, invoice, Math.min(n, 60), 4);

      System.out.println();
      System.out.println("| clients | gateway accepted/s | accept p50 / p99 ms | gateway sent/s (" + workers
          + " workers) | bare phase4 sent/s |");
      System.out.println("|---|---|---|---|---|");
      for (int c : conc) {
        Run g = gatewayRun(gw, token, invoice, n, c);
        double bare = bareRun(gw.keys(), rxCert, rxUrl, invoice, n, c);
        System.out.printf(Locale.ROOT, "| %d | %.0f | %.1f / %.1f | %.1f | %.1f |%n",
            c, g.acceptedPerSecond, g.acceptP50, g.acceptP99, g.sentPerSecond, bare);
      }

      SmpLookupService lookup = gw.outbound().lookupService().orElseThrow();
      EndpointQuery q =
          EndpointQuery.of(
              "iso6523-actorid-upis::" + RECEIVER,
              "busdox-docid-qns::" + DocumentTypeAliases.expand("invoice"),
              "cenbii-procid-ubl::" + BILLING);
      lookup.lookup(q);
      double[] warm = new double[20_000];
      for (int i = 0; i < warm.length; i++) {
        long t = System.nanoTime();
        lookup.lookup(q);
        warm[i] = (System.nanoTime() - t) / 1000.0;
      }
      double[] cold = new double[2_000];
      for (int i = 0; i < cold.length; i++) {
        lookup.clearCache();
        long t = System.nanoTime();
        lookup.lookup(q);
        cold[i] = (System.nanoTime() - t) / 1000.0;
      }
      System.out.println();
      System.out.printf(Locale.ROOT, "receiver lookup, warm cache: p50 %.1f µs, p99 %.1f µs (%d lookups)%n",
          pct(warm, 50), pct(warm, 99), warm.length);
      System.out.printf(Locale.ROOT, "receiver lookup, cold (static table + certificate check): p50 %.1f µs, p99 %.1f µs%n",
          pct(cold, 50), pct(cold, 99));

      PeppolBisValidator v = new PeppolBisValidator();
      byte[] doc = invoice;
      v.validate("Invoice", "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0", doc);
      double[] val = new double[200];
      for (int i = 0; i < val.length; i++) {
        long t = System.nanoTime();
        v.validate("Invoice", "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0", doc);
        val[i] = (System.nanoTime() - t) / 1e6;
      }
      System.out.printf(Locale.ROOT, "Peppol BIS validation of the invoice: p50 %.1f ms, p99 %.1f ms%n",
          pct(val, 50), pct(val, 99));
    } finally {
      gw.stop();
      receiver.destroy();
      receiver.waitFor();
    }
  }

  record Run(double acceptedPerSecond, double acceptP50, double acceptP99, double sentPerSecond) {}

  /** {@code clients} threads POST {@code n} invoices; then waits until all are DELIVERED. */
  static Run gatewayRun(Gateway gw, String token, byte[] invoice, int n, int clients) throws Exception {
    long deliveredBefore = gw.store().count(Direction.OUT, TransmissionState.DELIVERED);
    HttpClient http = HttpClient.newBuilder().build();
    URI uri = gw.localUrl().resolve("/api/outbound");
    double[] lat = new double[n];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    List<Future<?>> fs = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      fs.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
          long t = System.nanoTime();
          HttpResponse<byte[]> r =
              http.send(
                  HttpRequest.newBuilder(uri)
                      .header("Authorization", "Bearer " + token)
                      .POST(HttpRequest.BodyPublishers.ofByteArray(invoice))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
          if (r.statusCode() != 202) {
            throw new IllegalStateException("not accepted: " + new String(r.body(), StandardCharsets.UTF_8));
          }
          lat[i] = (System.nanoTime() - t) / 1e6;
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    long accepted = System.nanoTime();
    pool.shutdown();
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (gw.store().count(Direction.OUT, TransmissionState.DELIVERED) - deliveredBefore < n) {
      if (gw.store().count(Direction.OUT, TransmissionState.FAILED) > 0 || System.nanoTime() > deadline) {
        throw new IllegalStateException("sending failed or stalled; see the gateway log");
      }
      Thread.sleep(5);
    }
    long sent = System.nanoTime();
    return new Run(
        n / ((accepted - start) / 1e9), pct(lat, 50), pct(lat, 99), n / ((sent - start) / 1e9));
  }

  /** The same invoices straight through phase4's Peppol sender (SBDH built by phase4). */
  static double bareRun(ApKeyMaterial keys, X509Certificate rxCert, String url, byte[] invoice, int n, int threads)
      throws Exception {
    var ids = PeppolIdentifierFactory.INSTANCE;
    TrustedCAChecker ca = ApCertificateVerifier.forKeyMaterial(keys).asTrustedCAChecker();
    var crypto = new AS4CryptoFactoryInMemoryKeyStore(keys.keyStore(), keys.alias(), keys.keyPassword(), keys.trustStore());
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      fs.add(pool.submit(() -> {
        while (next.getAndIncrement() < n) {
          EAS4UserMessageSendResult r =
              Phase4PeppolSender.builder()
                  .cryptoFactory(crypto)
                  .httpRetrySettings(new HttpRetrySettings().setMaxRetries(0))
                  .senderParticipantID(ids.createParticipantIdentifierWithDefaultScheme(SENDER))
                  .receiverParticipantID(ids.createParticipantIdentifierWithDefaultScheme(RECEIVER))
                  .documentTypeID(ids.createDocumentTypeIdentifierWithDefaultScheme(DocumentTypeAliases.expand("invoice")))
                  .processID(ids.createProcessIdentifierWithDefaultScheme(BILLING))
                  .countryC1("SE")
                  .senderPartyID(keys.seatId())
                  .receiverEndpointDetails(rxCert, url)
                  .peppolAP_CAChecker(ca)
                  .payload(invoice)
                  .sendMessageAndCheckForReceipt(e -> {});
          if (r != EAS4UserMessageSendResult.SUCCESS) {
            throw new IllegalStateException("bare phase4 send: " + r);
          }
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    return n / ((System.nanoTime() - start) / 1e9);
  }

  static Process startReceiver(Path work, Path keys, int port) throws Exception {
    Properties p = new Properties();
    p.setProperty("gateway.mode", "local");
    p.setProperty("gateway.local.seat-id", "PSE000001");
    p.setProperty("gateway.http.port", Integer.toString(port));
    p.setProperty("gateway.http.bind", "127.0.0.1");
    p.setProperty("gateway.data.dir", work.resolve("receiver/data").toString());
    p.setProperty("gateway.keystore.dir", keys.toString());
    p.setProperty("gateway.participants", "rx");
    p.setProperty("gateway.participant.rx.id", RECEIVER);
    p.setProperty("gateway.participant.rx.document-types", "invoice");
    p.setProperty("gateway.outbound.dir", "none");
    Path cfg = work.resolve("receiver.properties");
    try (var out = Files.newOutputStream(cfg)) {
      p.store(out, "outbound benchmark receiver");
    }
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g",
            "-D" + TF + "=" + SAXON,
            "-cp",
            System.getProperty("java.class.path"),
            "se.peppolgw.ap.GatewayMain",
            "--config",
            cfg.toString());
    Process proc =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("receiver.log").toFile()).start();
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!proc.isAlive()) {
        throw new IllegalStateException("receiver exited; see " + work.resolve("receiver.log"));
      }
      try {
        if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return proc;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("receiver did not start; see " + work.resolve("receiver.log"));
  }

  static Gateway startSender(Path work, Path keys, String rxUrl, Path rxPem, int workers) throws Exception {
    Map<String, String> s = new HashMap<>();
    s.put("gateway.mode", "local");
    s.put("gateway.local.seat-id", "PSE000002");
    s.put("gateway.http.port", "0");
    s.put("gateway.http.bind", "127.0.0.1");
    s.put("gateway.data.dir", work.resolve("sender/data").toString());
    s.put("gateway.keystore.dir", keys.toString());
    s.put("gateway.inbox.dir", "none");
    s.put("gateway.outbound.dir", "none");
    s.put("gateway.outbound.workers", Integer.toString(workers));
    s.put("gateway.outbound.poll-ms", "50");
    s.put("gateway.routing.static-routes", "rx");
    s.put("gateway.routing.static.rx.participant", RECEIVER);
    s.put("gateway.routing.static.rx.document-types", "invoice");
    s.put("gateway.routing.static.rx.url", rxUrl);
    s.put("gateway.routing.static.rx.certificate", rxPem.toString());
    return Gateway.builder(new GatewayConfig(ConfigSource.of(s, null))).start();
  }

  /** The BIS billing example, addressed from our sender to the receiver; valid as it stands. */
  static byte[] readdressedInvoice(Path file) throws IOException {
    String xml = Files.readString(file, StandardCharsets.UTF_8);
    xml = xml.replace("<cbc:EndpointID schemeID=\"0088\">9482348239847239874</cbc:EndpointID>",
        "<cbc:EndpointID schemeID=\"0088\">" + SENDER.substring(5) + "</cbc:EndpointID>");
    xml = xml.replace("<cbc:EndpointID schemeID=\"0002\">FR23342</cbc:EndpointID>",
        "<cbc:EndpointID schemeID=\"0007\">" + RECEIVER.substring(5) + "</cbc:EndpointID>");
    return xml.getBytes(StandardCharsets.UTF_8);
  }

  static double pct(double[] v, int p) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
