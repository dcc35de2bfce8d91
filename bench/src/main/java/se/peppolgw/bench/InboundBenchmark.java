package se.peppolgw.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.inbound.As4Runtime;
import se.peppolgw.ap.pki.ApCertificateVerifier;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.ap.pki.DevPki;

/**
 * Inbound AS4 benchmark: the gateway against a bare phase4 receiver (the floor), same run, same
 * sender. See docs/benchmarks.md for the command and the reading of the figures.
 *
 * <p>This JVM is the sender (phase4's Peppol sender, C threads, closed loop). Each receiver runs in
 * its own child JVM so that its CPU time and peak heap are measured alone.
 */
public final class InboundBenchmark {
  static final String SAXON = "net.sf.saxon.TransformerFactoryImpl";

  private InboundBenchmark() {}

  /**
   * as4-reference.md §7: unpinned, every SOAP serialisation scans the class path. The same holds
   * for jakarta.mail's StreamProvider, looked up for every MIME part phase4 reads: the gateway
   * names it ({@code GatewayMain.configureJvm}), so the sender and bare phase4 do too, and the
   * comparison stays one of the receivers' own work.
   */
  static void pinTransformerFactory() {
    if (System.getProperty(TF) == null) {
      System.setProperty(TF, SAXON);
    }
    if (System.getProperty(se.peppolgw.ap.GatewayMain.MAIL_STREAM_PROVIDER) == null) {
      System.setProperty(se.peppolgw.ap.GatewayMain.MAIL_STREAM_PROVIDER, se.peppolgw.ap.GatewayMain.ANGUS_STREAM_PROVIDER);
    }
  }

  static final String TF = "javax.xml.transform.TransformerFactory";
  static final String GATEWAY_TF = se.peppolgw.ap.xml.SharedSaxonTransformerFactory.class.getName();

  /** Command-line options, {@code --name value}. */
  static final class Options {
    int nSmall = 300;
    int nLarge = 40;
    // 1,500 at C = 4 and again at C = 16: after 200 the gateway's JIT compiler still took 16-32 ms
    // of CPU per measured message (it runs far more code than bare phase4: Saxon, H2, the MLS's
    // outbound AS4); after 1,500 it took 4-16 ms in the first round and ~4 at C = 16 in later ones,
    // bare phase4 2-4 (docs/benchmarks.md, session 10)
    int warmupSmall = 1500;
    int warmupLarge = 16;
    List<Integer> concurrency = List.of(1, 4, 16);
    List<String> payloads = List.of("10k", "1m");
    List<String> targets = List.of("bare", "gateway");
    int largeBytes = 1024 * 1024;
    String receiverJvm = "-Xms1g -Xmx2g -XX:+UseG1GC";
    /** Added to the gateway receiver's JVM only, after {@link #receiverJvm} (later flags win). */
    String gatewayJvm = "";
    String transformerFactory = SAXON;
    /** What the gateway ships ({@code GatewayMain} installs it unless the operator pins another). */
    String gatewayTransformerFactory = GATEWAY_TF;
    String invoice;
    Path work;
    boolean keep;
    /** Measured passes over all points; the summary gives each ratio's median over them. */
    int rounds = 1;
    /** When set, each receiver JVM records a JFR profile to {@code DIR/<target>.jfr}. */
    Path jfr;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--keep")) {
          o.keep = true;
          continue;
        }
        if (a.equals("-h") || a.equals("--help")) {
          usage(null);
        }
        if (i + 1 >= args.length) {
          usage("missing value for " + a);
        }
        String v = args[++i];
        switch (a) {
          case "--n-10k" -> o.nSmall = Integer.parseInt(v);
          case "--n-1m" -> o.nLarge = Integer.parseInt(v);
          case "--warmup-10k" -> o.warmupSmall = Integer.parseInt(v);
          case "--warmup-1m" -> o.warmupLarge = Integer.parseInt(v);
          case "--concurrency" -> o.concurrency = Arrays.stream(v.split(",")).map(String::trim).map(Integer::valueOf).toList();
          case "--payloads" -> o.payloads = Arrays.stream(v.split(",")).map(String::trim).toList();
          case "--targets" -> o.targets = Arrays.stream(v.split(",")).map(String::trim).toList();
          case "--large-bytes" -> o.largeBytes = Integer.parseInt(v);
          case "--receiver-jvm" -> o.receiverJvm = v;
          case "--gateway-jvm" -> o.gatewayJvm = v;
          case "--invoice" -> o.invoice = v;
          case "--transformer-factory" -> o.transformerFactory = v;
          case "--gateway-transformer-factory" -> o.gatewayTransformerFactory = v;
          case "--work" -> o.work = Path.of(v);
          case "--rounds" -> o.rounds = Integer.parseInt(v);
          case "--jfr" -> o.jfr = Path.of(v).toAbsolutePath();
          default -> usage("unknown option " + a);
        }
      }
      return o;
    }

    static void usage(String error) {
      if (error != null) {
        System.err.println(error);
      }
      System.err.println(
          "usage: InboundBenchmark [--n-10k 300] [--n-1m 40] [--warmup-10k 1500] [--warmup-1m 16]\n"
              + "         [--concurrency 1,4,16] [--payloads 10k,1m] [--targets bare,gateway] [--rounds 1]\n"
              + "         [--receiver-jvm \"-Xms1g -Xmx2g -XX:+UseG1GC\"] [--invoice FILE] [--work DIR] [--keep] [--jfr DIR]\n"
              + "         [--gateway-jvm \"-XX:+UseParallelGC -Dgateway.mls.send=false\"]   (the gateway receiver only)\n"
              + "         [--transformer-factory net.sf.saxon.TransformerFactoryImpl]   (sender and bare phase4)\n"
              + "         [--gateway-transformer-factory " + GATEWAY_TF + "]");
      System.exit(error == null ? 0 : 64);
    }
  }

  /**
   * Starts a receiver, up to three times: on a machine with load 25+ the gateway's first H2
   * connection sometimes takes longer than the pool's 5 s timeout and the child exits at start.
   */
  static ChildReceiver startWithRetries(String target, Path work, List<String> jvm, String tf)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return ChildReceiver.start(target, work, jvm, tf);
      } catch (IllegalStateException e) {
        if (attempt == 3) {
          throw e;
        }
        System.out.println("  " + target + " receiver did not start (" + e.getMessage() + "); trying again");
      }
    }
  }

  /** The receiver's JVM options, plus a JFR recording (profile settings, written at exit) when asked for. */
  static List<String> withJfr(List<String> jvm, Path jfrDir, String target) throws IOException {
    if (jfrDir == null) {
      return jvm;
    }
    Files.createDirectories(jfrDir);
    List<String> all = new ArrayList<>(jvm);
    all.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfrDir.resolve(target + ".jfr"));
    return all;
  }

  /** One measured point. */
  record Row(
      int round,
      String target,
      String payload,
      int concurrency,
      LoadGenerator.Result result,
      ChildReceiver.Usage receiver,
      long senderCpuNanos,
      double loadBefore) {
    double perSecond() {
      return result.perSecond();
    }

    Stats wire() {
      return new Stats(result.wireNanos());
    }

    Stats total() {
      return new Stats(result.totalNanos());
    }

    double receiverCpuMsPerMessage() {
      return receiver.cpuNanos() / 1e6 / result.messages();
    }

    /** Receiver CPU without the gateway's work after the receipt (validation, MLS, hand-over). */
    double receiptPathCpuMsPerMessage() {
      return receiver.receiptPathCpuNanos() / 1e6 / result.messages();
    }

    /** The JIT compiler's CPU in this point: start-up work that a long-running receiver has done. */
    double jitCpuMsPerMessage() {
      return receiver.jitCpuNanos() / 1e6 / result.messages();
    }

    /** Receiver CPU without its JIT compiler threads: what each message costs once warm. */
    double receiverCpuWithoutJitMsPerMessage() {
      return receiverCpuMsPerMessage() - jitCpuMsPerMessage();
    }

    double senderCpuMsPerMessage() {
      return senderCpuNanos / 1e6 / result.messages();
    }
  }

  /** Apache Santuario warns (JUL) about null digest input on attachment references; harmless. */
  private static final java.util.logging.Logger XMLSEC_JUL =
      java.util.logging.Logger.getLogger("org.apache.jcp.xml.dsig.internal.dom");

  public static void main(String[] args) throws Exception {
    XMLSEC_JUL.setLevel(java.util.logging.Level.SEVERE);
    Options o = Options.parse(args);
    // pinned in this JVM (the sender) and bare phase4's JVM alike, before any XML is loaded; the
    // gateway's JVM gets the factory the gateway ships with (GatewayMain), unless told otherwise
    System.setProperty(TF, o.transformerFactory);
    Path work = o.work != null ? o.work : Files.createTempDirectory("peppolgw-bench-");
    Files.createDirectories(work);
    System.out.printf(
        Locale.ROOT,
        "Inbound benchmark %s: %d cores, Java %s, load %.2f, TransformerFactory %s (gateway: %s), work dir %s%n",
        Instant.now(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        load(),
        o.transformerFactory,
        o.gatewayTransformerFactory,
        work);
    System.out.printf("Receiver JVMs: %s; the gateway's adds: %s%n", o.receiverJvm, o.gatewayJvm.isBlank() ? "nothing" : o.gatewayJvm);

    DevPki pki = DevPki.loadOrCreate(work.resolve("keystore"), GatewayConfig.DEFAULT_SEAT_ID);
    ApKeyMaterial senderKeys =
        pki.issueApCertificate("PSE000002", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    ApKeyMaterial receiverKeys = pki.apKeyMaterial();
    As4Runtime.acquire();

    byte[] small = Invoices.baseExample(o.invoice);
    byte[] large = Invoices.grow(small, o.largeBytes);
    Map<String, byte[]> payloads = new LinkedHashMap<>();
    for (String p : o.payloads) {
      payloads.put(p, p.equals("1m") ? large : small);
    }

    List<String> jvm = Arrays.stream(o.receiverJvm.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    List<String> gatewayJvm = new ArrayList<>(jvm);
    Arrays.stream(o.gatewayJvm.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(gatewayJvm::add);
    Map<String, ChildReceiver> receivers = new LinkedHashMap<>();
    List<Row> rows = new ArrayList<>();
    try {
      for (String t : o.targets) {
        boolean gateway = t.equals("gateway");
        ChildReceiver c = startWithRetries(t, work, withJfr(gateway ? gatewayJvm : jvm, o.jfr, t),
            gateway ? o.gatewayTransformerFactory : o.transformerFactory);
        receivers.put(t, c);
        System.out.printf("  %-8s receiver: pid %d, %s%n", t, c.pid(), c.as4Url());
      }
      BenchSender sender =
          new BenchSender(
              senderKeys,
              receiverKeys.certificate(),
              ApCertificateVerifier.forKeyMaterial(receiverKeys).asTrustedCAChecker());
      LoadGenerator load = new LoadGenerator(sender);

      // warm-up: JIT, pools, phase4 caches, both sides; not measured
      for (Map.Entry<String, byte[]> p : payloads.entrySet()) {
        int n = p.getKey().equals("1m") ? o.warmupLarge : o.warmupSmall;
        for (ChildReceiver c : receivers.values()) {
          for (int conc : new int[] {4, 16}) {
            LoadGenerator.Result r = load.run(c.as4Url(), p.getValue(), Math.max(n / 2, conc), conc);
            System.out.printf(
                Locale.ROOT, "  warm-up %-8s %-4s C=%-2d %5.1f msg/s%s%n",
                c.kind, p.getKey(), conc, r.perSecond(),
                r.failures() > 0 ? "  FAILURES " + r.failures() + ": " + r.firstError() : "");
          }
        }
      }

      int point = 0;
      for (int round = 1; round <= o.rounds; round++) {
        if (o.rounds > 1) {
          System.out.printf(Locale.ROOT, "  round %d of %d%n", round, o.rounds);
        }
        for (Map.Entry<String, byte[]> p : payloads.entrySet()) {
          int n = p.getKey().equals("1m") ? o.nLarge : o.nSmall;
          for (int conc : o.concurrency) {
            // alternate which target goes first, so slow drift (other load) hits both alike
            List<ChildReceiver> order = new ArrayList<>(receivers.values());
            if (point++ % 2 == 1) {
              java.util.Collections.reverse(order);
            }
            for (ChildReceiver c : order) {
              c.reset();
              double loadBefore = load();
              long cpu0 = ReceiverProcess.cpuNanos();
              LoadGenerator.Result r = load.run(c.as4Url(), p.getValue(), n, conc);
              long senderCpu = ReceiverProcess.cpuNanos() - cpu0;
              ChildReceiver.Usage u = c.usage();
              Row row = new Row(round, c.kind, p.getKey(), conc, r, u, senderCpu, loadBefore);
              rows.add(row);
              System.out.println("  " + line(row));
            }
          }
        }
      }
    } finally {
      for (ChildReceiver c : receivers.values()) {
        c.close();
      }
      As4Runtime.release();
    }

    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Payloads: 10k = %d bytes, 1m = %d bytes (the invoice; the SBD adds ~1 KB). Load average now %.2f.%n",
        small.length, large.length, load());
    printTable(rows);
    printRatios(rows);
    if (o.rounds > 1) {
      RoundsSummary.print(rows, o.rounds);
    }
    if (!o.keep && o.work == null) {
      deleteTree(work);
    } else {
      System.out.println("Work dir kept: " + work);
    }
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String line(Row r) {
    return String.format(
        Locale.ROOT,
        "%-8s %-4s C=%-2d n=%-4d %6.1f msg/s  http p50 %7.1f p99 %7.1f ms  e2e p50 %7.1f p99 %7.1f ms"
            + "  recv %6.1f ms/msg (receipt path %6.1f, of it GC/JIT %5.1f, JIT %5.1f)  send %6.1f ms/msg  heap %5.0f MB  load %.2f%s",
        r.target(), r.payload(), r.concurrency(), r.result().messages(), r.perSecond(),
        r.wire().percentileMs(50), r.wire().percentileMs(99),
        r.total().percentileMs(50), r.total().percentileMs(99),
        r.receiverCpuMsPerMessage(), r.receiptPathCpuMsPerMessage(),
        r.receiver().jvmCpuNanos() / 1e6 / r.result().messages(), r.jitCpuMsPerMessage(), r.senderCpuMsPerMessage(),
        r.receiver().heapPeakBytes() / 1048576.0, r.loadBefore(),
        r.result().failures() > 0
            ? "  FAILURES " + r.result().failures() + " (" + r.result().firstError() + ")"
            : "");
  }

  static void printTable(List<Row> rows) {
    System.out.println();
    System.out.println(
        "| round | target | payload | C | messages | failed | msg/s | p50 ms | p99 ms | e2e p50 ms | e2e p99 ms"
            + " | receiver CPU ms/msg | receipt-path CPU ms/msg | receiver JIT CPU ms/msg | sender CPU ms/msg"
            + " | receiver peak heap MB | load avg |");
    System.out.println("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "| %d | %s | %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f | %.2f |%n",
          r.round(),
          r.target().equals("bare") ? "bare phase4" : r.target(),
          r.payload().equals("1m") ? "1 MB" : "10 KB",
          r.concurrency(),
          r.result().messages(),
          r.result().failures(),
          r.perSecond(),
          r.wire().percentileMs(50),
          r.wire().percentileMs(99),
          r.total().percentileMs(50),
          r.total().percentileMs(99),
          r.receiverCpuMsPerMessage(),
          r.receiptPathCpuMsPerMessage(),
          r.jitCpuMsPerMessage(),
          r.senderCpuMsPerMessage(),
          r.receiver().heapPeakBytes() / 1048576.0,
          r.loadBefore());
    }
  }

  static void printRatios(List<Row> rows) {
    System.out.println();
    System.out.println(
        "| round | payload | C | msg/s gateway/bare | p99 gateway/bare | e2e p99 gateway/bare | receiver CPU gateway/bare"
            + " | receipt-path CPU gateway/bare | receiver CPU without JIT gateway/bare |");
    System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Row g : rows) {
      if (!g.target().equals("gateway")) {
        continue;
      }
      for (Row b : rows) {
        if (b.target().equals("bare") && b.round() == g.round() && b.payload().equals(g.payload())
            && b.concurrency() == g.concurrency()) {
          System.out.printf(
              Locale.ROOT,
              "| %d | %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
              g.round(),
              g.payload().equals("1m") ? "1 MB" : "10 KB",
              g.concurrency(),
              g.perSecond() / b.perSecond(),
              g.wire().percentileMs(99) / b.wire().percentileMs(99),
              g.total().percentileMs(99) / b.total().percentileMs(99),
              g.receiverCpuMsPerMessage() / b.receiverCpuMsPerMessage(),
              g.receiptPathCpuMsPerMessage() / b.receiverCpuMsPerMessage(),
              g.receiverCpuWithoutJitMsPerMessage() / b.receiverCpuWithoutJitMsPerMessage());
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
