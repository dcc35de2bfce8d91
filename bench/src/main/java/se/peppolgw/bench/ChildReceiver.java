package se.peppolgw.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The benchmark's handle on a {@link ReceiverProcess} running in a child JVM. */
final class ChildReceiver {
  /**
   * What the child reports after a run.
   *
   * @param afterReceiptCpuNanos the part of {@code cpuNanos} spent by the gateway's threads that
   *     work after the receipt ({@link ReceiverProcess#AFTER_RECEIPT_THREADS}); 0 for bare phase4
   * @param javaThreadsCpuNanos the part spent by live Java threads (the rest: GC, JIT)
   * @param jitCpuNanos the part spent by the JIT compiler's threads ({@link JvmThreadsCpu})
   */
  record Usage(
      long cpuNanos, long afterReceiptCpuNanos, long javaThreadsCpuNanos, long jitCpuNanos, long heapPeakBytes) {
    /** CPU beyond the live Java threads: GC, JIT and threads that ended. */
    long jvmCpuNanos() {
      return Math.max(0, cpuNanos - javaThreadsCpuNanos);
    }

    /** CPU of the receipt path: the HTTP threads, the group commit, GC and JIT. */
    long receiptPathCpuNanos() {
      return cpuNanos - afterReceiptCpuNanos;
    }
  }

  final String kind;
  private final Process process;
  private final PrintWriter commands;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private final int port;
  private long cpuAtReset;
  private long afterCpuAtReset;
  private long javaCpuAtReset;
  private long jitCpuAtReset;

  private ChildReceiver(String kind, Process process, Path log) throws IOException, InterruptedException {
    this.kind = kind;
    this.process = process;
    this.commands =
        new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    Writer logWriter =
        Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader r =
                      new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  logWriter) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (line.startsWith(ReceiverProcess.REPLY)) {
                    replies.add(line.substring(ReceiverProcess.REPLY.length()));
                  } else {
                    logWriter.write(line);
                    logWriter.write('\n');
                    logWriter.flush();
                  }
                }
              } catch (IOException e) {
                replies.add("ERROR " + e);
              }
              replies.add("EXIT");
            },
            kind + "-output");
    pump.setDaemon(true);
    pump.start();
    String ready = reply(180);
    if (!ready.startsWith("READY port=")) {
      throw new IllegalStateException(kind + " receiver did not start: " + ready + " (see " + log + ")");
    }
    this.port = Integer.parseInt(ready.substring("READY port=".length()));
  }

  /** Starts {@code java <jvmArgs> -D...TransformerFactory=.. -cp <our class path> ReceiverProcess kind work}. */
  static ChildReceiver start(String kind, Path work, List<String> jvmArgs, String transformerFactory)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-D" + InboundBenchmark.TF + "=" + transformerFactory);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ReceiverProcess.class.getName());
    cmd.add(kind);
    cmd.add(work.toString());
    Path log = work.resolve(kind + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    return new ChildReceiver(kind, p, log);
  }

  String as4Url() {
    return "http://127.0.0.1:" + port + "/as4";
  }

  long pid() {
    return process.pid();
  }

  /** Waits for the child to be idle, collects garbage and resets its peak heap. */
  void reset() throws InterruptedException {
    commands.println("RESET");
    Map<String, Long> v = values(reply(240));
    cpuAtReset = v.get("cpu");
    afterCpuAtReset = v.get("after");
    javaCpuAtReset = v.get("java");
    jitCpuAtReset = v.get("jit");
  }

  /** CPU since the last reset (after background work has settled) and the peak heap. */
  Usage usage() throws InterruptedException {
    commands.println("STATS");
    Map<String, Long> v = values(reply(240));
    return new Usage(
        v.get("cpu") - cpuAtReset, v.get("after") - afterCpuAtReset, v.get("java") - javaCpuAtReset,
        v.get("jit") - jitCpuAtReset,
        v.get("heapPeak"));
  }

  private String reply(int seconds) throws InterruptedException {
    String r = replies.poll(seconds, TimeUnit.SECONDS);
    if (r == null) {
      throw new IllegalStateException(kind + " receiver did not answer within " + seconds + " s");
    }
    if (r.startsWith("ERROR") || r.equals("EXIT")) {
      throw new IllegalStateException(kind + " receiver: " + r);
    }
    return r;
  }

  private static Map<String, Long> values(String reply) {
    Map<String, Long> m = new HashMap<>();
    for (String part : reply.split(" ")) {
      int i = part.indexOf('=');
      if (i > 0) {
        m.put(part.substring(0, i), Long.parseLong(part.substring(i + 1)));
      }
    }
    return m;
  }

  /** Asks the child to stop; kills it if it does not. */
  void close() throws InterruptedException {
    if (process.isAlive()) {
      commands.println("QUIT");
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
