package se.peppolgw.bench.outbound;

import java.io.IOException;
import java.lang.management.ManagementFactory;
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
import java.time.Instant;
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
import se.peppolgw.ap.pki.DevPki;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.TransmissionState;
import se.peppolgw.ap.validation.PeppolBisValidator;
import se.peppolgw.ap.xml.SharedSaxonTransformerFactory;
import se.peppolgw.smp.EndpointQuery;
import se.peppolgw.smp.SmpLookupService;

/**
 * Outbound benchmark: documents accepted per second (POST /api/outbound: parse, Peppol BIS
 * validation, commit) and sent per second (outbox worker, static routing with a warm cache,
 * phase4 send, verified receipt, commit) against the bare phase4 Peppol sender to the same
 * receiver in the same run; plus receiver lookup latency (warm cache / cold static table) and the
 * cost of Peppol BIS validation per document. CPU time per document is measured for each JVM.
 *
 * <p>Three JVMs: the receiver (a gateway, child), the gateway under test (this JVM, with the
 * benchmark's HTTP clients that POST the documents), and bare phase4 (child, {@link
 * BareSenderProcess}). The TransformerFactory is pinned in each, and named in the output: by
 * default the gateway JVMs get the factory the gateway ships ({@code GatewayMain} installs {@link
 * SharedSaxonTransformerFactory}), bare phase4 gets plain Saxon, the pin as4-reference §7
 * recommends to phase4 users. {@code --bare-transformer-factory} gives bare phase4 the gateway's
 * factory too, to see what the factory alone is worth.
 *
 * <p>About 550 lines in one file on purpose: it is measuring rig, not gateway code, and a run reads
 * top to bottom as its steps (start, warm up, measure each stage, print).
 *
 * <pre>
 * ./mvnw -q -o -pl bench -am package -DskipTests
 * java -cp "bench/target/bench.jar:bench/target/lib/*" se.peppolgw.bench.outbound.OutboundBenchmark \
 *      [--n 200] [--concurrency 1,4,16] [--rounds 1] [--testdata ../shared/testdata]
 *      [--gateway-transformer-factory se.peppolgw.ap.xml.SharedSaxonTransformerFactory]
 *      [--bare-transformer-factory net.sf.saxon.TransformerFactoryImpl] [--micro true]
 * </pre>
 */
public final class OutboundBenchmark {
  static final String TF = "javax.xml.transform.TransformerFactory";
  static final String SAXON = "net.sf.saxon.TransformerFactoryImpl";
  /** What the gateway ships: {@code GatewayMain} installs it unless the operator pins another. */
  static final String GATEWAY_TF = SharedSaxonTransformerFactory.class.getName();
  static final String RECEIVER = "0007:5567212344";
  static final String SENDER = "0088:7365560000000";
  static final String BILLING = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

  /** Santuario warns (JUL) on every signed message; GatewayMain silences it, so do we. */
  private static final java.util.logging.Logger DSIG_JUL =
      java.util.logging.Logger.getLogger("org.apache.jcp.xml.dsig.internal.dom");

  private OutboundBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String gatewayTf = opt.getOrDefault("gateway-transformer-factory", GATEWAY_TF);
    String bareTf = opt.getOrDefault("bare-transformer-factory", SAXON);
    // before any XML is loaded in this JVM (the gateway under test)
    System.setProperty(TF, gatewayTf);
    DSIG_JUL.setLevel(java.util.logging.Level.SEVERE);
    int n = Integer.parseInt(opt.getOrDefault("n", "200"));
    int rounds = Integer.parseInt(opt.getOrDefault("rounds", "1"));
    boolean micro = Boolean.parseBoolean(opt.getOrDefault("micro", "true"));
    List<Integer> conc =
        Arrays.stream(opt.getOrDefault("concurrency", "1,4,16").split(",")).map(Integer::parseInt).toList();
    Path testdata = Path.of(opt.getOrDefault("testdata", "../shared/testdata"));
    Path work = Files.createTempDirectory("outbound-bench");
    byte[] invoice = readdressedInvoice(testdata.resolve("peppol-bis/billing/base-example.xml"));
    Path invoiceFile = work.resolve("invoice.xml");
    Files.write(invoiceFile, invoice);

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
    String receiverTf = opt.getOrDefault("receiver-transformer-factory", gatewayTf);
    Process receiver = startReceiver(work, rxKeys, rxPort, receiverTf);
    String rxUrl = "http://127.0.0.1:" + rxPort + "/as4";
    int workers =
        Integer.parseInt(
            opt.getOrDefault(
                "workers", Integer.toString(conc.stream().mapToInt(Integer::intValue).max().orElse(4))));
    Gateway gw = startSender(work, txKeys, rxUrl, rxPem, workers);
    String token = gw.localApiToken().orElseThrow();
    BareSender bare = BareSender.start(work, txKeys, gw.keys().seatId(), rxPem, rxUrl, invoiceFile, bareTf);
    try {
      System.out.printf(Locale.ROOT,
          "# Outbound benchmark %s: %d x 10 KB invoice (%d bytes), %d cores, Java %s, load %.2f%n"
              + "# TransformerFactory: gateway %s, bare phase4 %s, receiver %s%n",
          java.time.Instant.now(), n, invoice.length, Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"), load(), gatewayTf, bareTf, receiverTf);
      System.out.println("warming up (validation, phase4, JIT) ...");
      gatewayRun(gw, token, invoice, Math.min(n, 60), 4, receiver);
      bare.run(Math.min(n, 60), 4, receiver);

      System.out.println();
      System.out.println("| clients | load | gateway accepted/s | accept p50 / p99 ms | gateway sent/s (" + workers
          + " workers) | bare phase4 sent/s | ratio sent | CPU ms/doc gateway JVM / bare JVM |"
          + " receiver CPU ms/doc gateway / bare |");
      System.out.println("|---|---|---|---|---|---|---|---|---|");
      boolean endToEnd = Boolean.parseBoolean(opt.getOrDefault("end-to-end", "true"));
      for (int c : endToEnd ? conc : List.<Integer>of()) {
        for (int r = 0; r < rounds; r++) {
          double loadBefore = load();
          Run g;
          Run b;
          // alternate which side goes first, so that a drift in machine load hits both
          if (r % 2 == 0) {
            g = gatewayRun(gw, token, invoice, n, c, receiver);
            b = bare.run(n, c, receiver);
          } else {
            b = bare.run(n, c, receiver);
            g = gatewayRun(gw, token, invoice, n, c, receiver);
          }
          System.out.printf(Locale.ROOT, "| %d | %.1f | %.0f | %.1f / %.1f | %.1f | %.1f | %.2f | %.1f / %.1f | %.1f / %.1f |%n",
              c, loadBefore, g.acceptedPerSecond, g.acceptP50, g.acceptP99, g.sentPerSecond, b.sentPerSecond,
              g.sentPerSecond / b.sentPerSecond, g.senderCpuMs, b.senderCpuMs, g.receiverCpuMs, b.receiverCpuMs);
        }
      }
      if (Boolean.parseBoolean(opt.getOrDefault("send-stage", "true"))) {
        Path stageData = work.resolve("stage/data");
        Gateway intake = startSender(stageData, txKeys, rxUrl, rxPem, 0, Map.of());
        try {
          String intakeToken = intake.localApiToken().orElseThrow();
          System.out.println();
          System.out.println("Send stage: " + n + " documents accepted by an intake-only node first, then a sending"
              + " node (" + workers + " workers) timed from its start until all are DELIVERED; bare phase4 sends"
              + " the same number with the clients given.");
          sendStageRun(intake, intakeToken, stageData, txKeys, rxUrl, rxPem, invoice, Math.min(n, 60), 4, workers, receiver);
          System.out.println();
          System.out.println("| bare clients | load | intake accepted/s | gateway sent/s | bare phase4 sent/s | ratio sent |"
              + " CPU ms/doc gateway JVM / bare JVM | receiver CPU ms/doc gateway / bare |");
          System.out.println("|---|---|---|---|---|---|---|---|");
          for (int c : conc) {
            for (int r = 0; r < rounds; r++) {
              double loadBefore = load();
              Run g;
              Run b;
              if (r % 2 == 0) {
                g = sendStageRun(intake, intakeToken, stageData, txKeys, rxUrl, rxPem, invoice, n, 16, workers, receiver);
                b = bare.run(n, c, receiver);
              } else {
                b = bare.run(n, c, receiver);
                g = sendStageRun(intake, intakeToken, stageData, txKeys, rxUrl, rxPem, invoice, n, 16, workers, receiver);
              }
              System.out.printf(Locale.ROOT, "| %d | %.1f | %.0f | %.1f | %.1f | %.2f | %.1f / %.1f | %.1f / %.1f |%n",
                  c, loadBefore, g.acceptedPerSecond, g.sentPerSecond, b.sentPerSecond,
                  g.sentPerSecond / b.sentPerSecond, g.senderCpuMs, b.senderCpuMs, g.receiverCpuMs, b.receiverCpuMs);
            }
          }
        } finally {
          intake.stop();
        }
      }
      if (micro) {
        micro(gw, invoice);
      }
    } finally {
      bare.close();
      gw.stop();
      receiver.destroy();
      receiver.waitFor();
    }
  }

  static void micro(Gateway gw, byte[] invoice) throws Exception {
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
    v.validate("Invoice", "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0", invoice);
    double[] val = new double[200];
    for (int i = 0; i < val.length; i++) {
      long t = System.nanoTime();
      v.validate("Invoice", "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0", invoice);
      val[i] = (System.nanoTime() - t) / 1e6;
    }
    System.out.printf(Locale.ROOT, "Peppol BIS validation of the invoice: p50 %.1f ms, p99 %.1f ms (load %.1f)%n",
        pct(val, 50), pct(val, 99), load());
  }

  static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static long cpuNanos(Process p) {
    return p.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /** {@link BareSenderProcess} in its JVM, driven over stdin/stdout. */
  static final class BareSender implements AutoCloseable {
    private final Process process;
    private final java.io.PrintWriter commands;
    private final java.util.concurrent.BlockingQueue<String> replies = new java.util.concurrent.LinkedBlockingQueue<>();

    private BareSender(Process process) {
      this.process = process;
      this.commands = new java.io.PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
      Thread reader = new Thread(() -> {
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String l = in.readLine(); l != null; l = in.readLine()) {
            if (l.startsWith(BareSenderProcess.REPLY)) {
              replies.add(l.substring(BareSenderProcess.REPLY.length()));
            }
          }
        } catch (IOException e) {
          replies.add("ERROR " + e);
        }
      }, "bare-sender-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static BareSender start(Path work, Path keys, String seatId, Path rxPem, String rxUrl, Path invoice, String tf)
        throws Exception {
      List<String> cmd =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx1g",
              "-D" + TF + "=" + tf,
              "-cp",
              System.getProperty("java.class.path"),
              BareSenderProcess.class.getName(),
              keys.toString(),
              seatId,
              rxPem.toString(),
              rxUrl,
              invoice.toString());
      Process p =
          new ProcessBuilder(cmd)
              .redirectError(work.resolve("bare-sender.log").toFile())
              .start();
      BareSender b = new BareSender(p);
      b.expect("READY");
      return b;
    }

    private String expect(String prefix) throws InterruptedException {
      String r = replies.poll(10, java.util.concurrent.TimeUnit.MINUTES);
      if (r == null || !r.startsWith(prefix)) {
        throw new IllegalStateException("bare sender: expected " + prefix + ", got " + r);
      }
      return r;
    }

    Run run(int n, int clients, Process receiver) throws InterruptedException {
      long rx0 = cpuNanos(receiver);
      commands.println("RUN " + n + " " + clients);
      String[] w = expect("DONE").split(" ");
      long rx = cpuNanos(receiver) - rx0;
      double seconds = Double.parseDouble(w[1]);
      return new Run(0, 0, 0, n / seconds, Long.parseLong(w[2]) / 1e6 / n, rx / 1e6 / n);
    }

    @Override
    public void close() {
      commands.println("QUIT");
      try {
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroy();
        }
      } catch (InterruptedException e) {
        process.destroy();
        Thread.currentThread().interrupt();
      }
    }
  }

  record Run(
      double acceptedPerSecond,
      double acceptP50,
      double acceptP99,
      double sentPerSecond,
      double senderCpuMs,
      double receiverCpuMs) {}

  /** {@code clients} threads POST {@code n} invoices; then waits until all are DELIVERED. */
  static Run gatewayRun(Gateway gw, String token, byte[] invoice, int n, int clients, Process receiver)
      throws Exception {
    long cpu0 = cpuNanos();
    long rx0 = cpuNanos(receiver);
    long deliveredBefore = gw.store().count(Direction.OUT, TransmissionState.DELIVERED);
    long start = System.nanoTime();
    double[] lat = postAll(gw, token, invoice, n, clients);
    long accepted = System.nanoTime();
    awaitDelivered(gw, deliveredBefore + n);
    long sent = System.nanoTime();
    return new Run(
        n / ((accepted - start) / 1e9), pct(lat, 50), pct(lat, 99), n / ((sent - start) / 1e9),
        (cpuNanos() - cpu0) / 1e6 / n, (cpuNanos(receiver) - rx0) / 1e6 / n);
  }

  /** {@code clients} threads POST {@code n} invoices, each answered 202; returns latencies (ms). */
  static double[] postAll(Gateway gw, String token, byte[] invoice, int n, int clients) throws Exception {
    HttpClient http = HttpClient.newBuilder().build();
    URI uri = gw.localUrl().resolve("/api/outbound");
    double[] lat = new double[n];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
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
    pool.shutdown();
    return lat;
  }

  /**
   * The send stage alone, as the issue frames the ratio ("the durable outbox must cost less than
   * what connection reuse and lean plumbing win back"): an intake-only node
   * (gateway.outbound.workers=0) accepts and validates {@code n} documents first; then a sending
   * node starts on the same database with validation off (it sends what the intake validated) and
   * is timed from the end of its start-up (the documents are held back until then by their due
   * time, set in the benchmark's own SQL) until the last document is DELIVERED with a verified
   * receipt:
   * outbox claim, warm routing, phase4 send over pooled connections, receipt check, outcome
   * commit. This JVM's CPU and the receiver's are measured over that time.
   */
  static Run sendStageRun(
      Gateway intake, String token, Path dataDir, Path keys, String rxUrl, Path rxPem, byte[] invoice,
      int n, int clients, int workers, Process receiver) throws Exception {
    long deliveredBefore = intake.store().count(Direction.OUT, TransmissionState.DELIVERED);
    long t0 = System.nanoTime();
    postAll(intake, token, invoice, n, clients);
    double acceptedPerSecond = n / ((System.nanoTime() - t0) / 1e9);
    // hold the documents back while the sending node starts (its start-up is not sending)
    setDue(intake, Instant.now().plus(Duration.ofHours(1)));
    Gateway sender =
        startSender(dataDir, keys, rxUrl, rxPem, workers, Map.of("gateway.outbound.validation.enabled", "false"));
    try {
      long cpu0 = cpuNanos();
      long rx0 = cpuNanos(receiver);
      long start = System.nanoTime();
      setDue(intake, Instant.now().minusSeconds(1));
      sender.outbound().worker().wake();
      awaitDelivered(sender, deliveredBefore + n);
      long sent = System.nanoTime();
      return new Run(acceptedPerSecond, 0, 0, n / ((sent - start) / 1e9),
          (cpuNanos() - cpu0) / 1e6 / n, (cpuNanos(receiver) - rx0) / 1e6 / n);
    } finally {
      sender.stop();
    }
  }

  /** Waits until the node's store counts {@code delivered} DELIVERED documents; fails on FAILED. */
  static void awaitDelivered(Gateway g, long delivered) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (g.store().count(Direction.OUT, TransmissionState.DELIVERED) < delivered) {
      if (g.store().count(Direction.OUT, TransmissionState.FAILED) > 0 || System.nanoTime() > deadline) {
        throw new IllegalStateException("sending failed or stalled; see the gateway log");
      }
      Thread.sleep(5);
    }
  }

  /**
   * Benchmark rig only: makes every queued document due at {@code when}. Raw SQL because the
   * gateway has no such operation on purpose (the outbox decides when a document is due).
   */
  static void setDue(Gateway g, Instant when) throws java.sql.SQLException {
    try (java.sql.Connection c = g.store().database().connection();
        java.sql.PreparedStatement ps = c.prepareStatement("UPDATE outbox SET next_attempt_at = ?")) {
      ps.setObject(1, java.time.OffsetDateTime.ofInstant(when, java.time.ZoneOffset.UTC));
      ps.executeUpdate();
    }
  }

  static Process startReceiver(Path work, Path keys, int port, String tf) throws Exception {
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
            "-D" + TF + "=" + tf,
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
    return startSender(work.resolve("sender/data"), keys, rxUrl, rxPem, workers, Map.of());
  }

  static Gateway startSender(
      Path dataDir, Path keys, String rxUrl, Path rxPem, int workers, Map<String, String> extra)
      throws Exception {
    Map<String, String> s = new HashMap<>();
    s.put("gateway.mode", "local");
    s.put("gateway.local.seat-id", "PSE000002");
    s.put("gateway.http.port", "0");
    s.put("gateway.http.bind", "127.0.0.1");
    s.put("gateway.data.dir", dataDir.toString());
    s.put("gateway.keystore.dir", keys.toString());
    s.put("gateway.inbox.dir", "none");
    s.put("gateway.outbound.dir", "none");
    s.put("gateway.outbound.workers", Integer.toString(workers));
    s.put("gateway.outbound.poll-ms", "50");
    // the benchmark sends one invoice many times: the duplicate rule (issue 16) would refuse it
    s.put("gateway.outbound.duplicate-window-days", "0");
    s.put("gateway.routing.static-routes", "rx");
    s.put("gateway.routing.static.rx.participant", RECEIVER);
    s.put("gateway.routing.static.rx.document-types", "invoice");
    s.put("gateway.routing.static.rx.url", rxUrl);
    s.put("gateway.routing.static.rx.certificate", rxPem.toString());
    s.putAll(extra);
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
