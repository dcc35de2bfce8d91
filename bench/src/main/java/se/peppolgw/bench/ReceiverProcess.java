package se.peppolgw.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.peppolgw.ap.Gateway;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.pki.DevPki;

/**
 * A receiver in its own JVM, so that its CPU time and heap are measured alone: {@code gateway}
 * (the real gateway, local mode, durable H2 store, hand-over to the inbox folder, every inbound
 * check) or {@code bare} (phase4 answering receipts, see {@link BarePhase4Receiver}).
 *
 * <p>Talks to {@link InboundBenchmark} over stdin/stdout; replies start with {@link #REPLY}, all
 * other output is the receiver's log. Commands: {@code RESET} (settle, collect garbage, reset the
 * peak heap, report CPU), {@code STATS} (settle, report CPU and peak heap), {@code QUIT}.
 */
public final class ReceiverProcess {
  static final String REPLY = "@@bench ";
  public static final String SUPPLIER = "0007:5567212345";
  public static final String BUYER = "0088:7365560000009";

  private ReceiverProcess() {}

  /** A running receiver. */
  interface Stoppable {
    void stop() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    if (kind.equals("gateway")) {
      // as ./gateway runs it: its TransformerFactory, the JDK's StAX factories, the depth limit
      se.peppolgw.ap.GatewayMain.configureJvm();
    }
    InboundBenchmark.pinTransformerFactory();
    Path work = Path.of(args[1]);
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    Stoppable receiver;
    int port;
    if (kind.equals("gateway")) {
      Gateway g = Gateway.builder(new GatewayConfig(ConfigSource.of(gatewaySettings(work), null))).start();
      receiver = g::stop;
      port = g.port();
    } else {
      DevPki pki = DevPki.loadOrCreate(work.resolve("keystore"), GatewayConfig.DEFAULT_SEAT_ID);
      BarePhase4Receiver b = BarePhase4Receiver.start(pki.apKeyMaterial(), 0);
      receiver = b;
      port = b.port();
    }
    out.println(REPLY + "READY port=" + port);

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      switch (line.trim()) {
        case "RESET" -> {
          settle();
          System.gc();
          resetPeaks();
          out.println(REPLY + "OK cpu=" + cpuNanos() + " after=" + afterReceiptCpuNanos() + " java=" + javaThreadsCpuNanos()
              + " jit=" + JvmThreadsCpu.jitNanos());
        }
        case "STATS" -> {
          settle();
          out.println(REPLY + "STATS cpu=" + cpuNanos() + " after=" + afterReceiptCpuNanos() + " java=" + javaThreadsCpuNanos()
              + " jit=" + JvmThreadsCpu.jitNanos() + " heapPeak=" + heapPeak()
              + " gc=" + gcCount());
        }
        case "QUIT" -> {
          receiver.stop();
          out.println(REPLY + "BYE");
          System.exit(0);
        }
        default -> out.println(REPLY + "ERROR unknown command " + line);
      }
    }
    receiver.stop();
  }

  /** The gateway as deployed in local mode: durable store, hand-over on, every inbound check. */
  static Map<String, String> gatewaySettings(Path work) {
    Map<String, String> s = new HashMap<>();
    s.put("gateway.mode", "local");
    s.put("gateway.http.port", "0");
    s.put("gateway.http.bind", "127.0.0.1");
    s.put("gateway.data.dir", work.resolve("gateway-data").toString());
    s.put("gateway.keystore.dir", work.resolve("keystore").toString());
    s.put("gateway.participants", "supplier");
    s.put("gateway.participant.supplier.id", SUPPLIER);
    s.put("gateway.participant.supplier.document-types", "order,invoice,credit-note");
    s.put("gateway.http.shutdown-grace-seconds", "5");
    // The one sender stands for many access points, and phase4 opens a connection per message
    // that lingers until its idle timeout: with the per-address default of 64 connections the
    // gateway closed the benchmark's connections at once ("Broken pipe", 2026-12-06), which bare
    // phase4, without such a limit, never does. Raised for the loopback sender only; the threads
    // per address (16) stay at the default, C <= 16 never reaches it.
    s.put("gateway.http.max-connections-per-client", "4096");
    // experiments: --receiver-jvm "... -Dgateway.some.key=value" overrides a gateway setting
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("gateway."))
        .forEach(k -> s.put(k, System.getProperty(k)));
    return s;
  }

  /**
   * The gateway's threads that work after the receipt has left (validation of the received
   * document and its MLS answer, hand-over, business duplicates, reporting, outbound sends).
   * Everything else, the HTTP threads with phase4 and the inbound checks, the group commit, GC
   * and JIT, is the receipt path. Bare phase4 has none of these threads. Since the gateway runs its
   * periodic work on one scheduler ({@code jobs-N} threads, renamed to the job while it runs, so an
   * idle one reads {@code jobs-N} when its CPU time is taken), those threads count here too;
   * without them the validation's CPU was counted as receipt path.
   */
  static final List<String> AFTER_RECEIPT_THREADS =
      List.of("jobs-", "inbound-validation", "inbox-handover", "inbound-business-duplicates", "mls-", "outbound-",
          "peppol-reporting");

  /** CPU time of the live threads named in {@link #AFTER_RECEIPT_THREADS} (all long-lived). */
  static long afterReceiptCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null && AFTER_RECEIPT_THREADS.stream().anyMatch(t.getThreadName()::startsWith)) {
        sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  /**
   * CPU time of all live Java threads. The process's CPU beyond it is the JVM's own threads (GC,
   * JIT compiler) plus Java threads that ended in between (few: the thread pools keep theirs).
   */
  static long javaThreadsCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (long id : threads.getAllThreadIds()) {
      sum += Math.max(0, threads.getThreadCpuTime(id));
    }
    return sum;
  }

  /**
   * Waits until background work (validation after the receipt, hand-over, JIT, GC) has died down:
   * < 5 % of a core for 300 ms. Up to 3 minutes, so that the validation a point's messages cause
   * is counted in that point (and does not slow the next one down), not cut off after 15 s.
   */
  private static void settle() throws InterruptedException {
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (System.nanoTime() < deadline) {
      long c0 = cpuNanos();
      long t0 = System.nanoTime();
      Thread.sleep(300);
      double busy = (double) (cpuNanos() - c0) / (System.nanoTime() - t0);
      if (busy < 0.05) {
        return;
      }
    }
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .toList();
  }

  private static void resetPeaks() {
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** Sum of the heap pools' peaks since the last reset (an upper bound of the true peak). */
  private static long heapPeak() {
    return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  private static long gcCount() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionCount)
        .sum();
  }
}
