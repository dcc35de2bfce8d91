package se.peppolgw.bench.outbound;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A gateway ({@code GatewayMain}, what {@code ./gateway} runs) in its own JVM, started with the
 * heap flags given (none: the JVM default, as {@code ./gateway} without {@code JAVA_OPTS}), with
 * JMX on loopback so that the benchmark can read and reset the heap pools' peak usage.
 */
final class GatewayChild implements AutoCloseable {
  final String name;
  final int httpPort;
  final Path dataDir;
  final Path log;
  private final Process process;
  private final JMXConnector jmx;
  private final MBeanServerConnection mbeans;

  private GatewayChild(String name, int httpPort, Path dataDir, Path log, Process process, JMXConnector jmx)
      throws IOException {
    this.name = name;
    this.httpPort = httpPort;
    this.dataDir = dataDir;
    this.log = log;
    this.process = process;
    this.jmx = jmx;
    this.mbeans = jmx.getMBeanServerConnection();
  }

  /**
   * Starts the child and waits until its {@code /health} says {@code "ready":true} (validation
   * warmed up, every component started); returns when the gateway would accept a document.
   */
  static GatewayChild start(String name, Path work, Properties config, List<String> heapFlags) throws Exception {
    int port = Integer.parseInt(config.getProperty("gateway.http.port"));
    int jmxPort = OutboundBenchmark.freePort();
    Path cfg = work.resolve(name + ".properties");
    try (var out = Files.newOutputStream(cfg)) {
      config.store(out, "large document benchmark: " + name);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(heapFlags);
    cmd.add("-XX:+ExitOnOutOfMemoryError"); // an OOM shows as a dead process, not a hung send
    cmd.add("-Dcom.sun.management.jmxremote.port=" + jmxPort);
    cmd.add("-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort);
    cmd.add("-Dcom.sun.management.jmxremote.host=127.0.0.1");
    cmd.add("-Djava.rmi.server.hostname=127.0.0.1");
    cmd.add("-Dcom.sun.management.jmxremote.authenticate=false");
    cmd.add("-Dcom.sun.management.jmxremote.ssl=false");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("se.peppolgw.ap.GatewayMain");
    cmd.add("--config");
    cmd.add(cfg.toString());
    Path log = work.resolve(name + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Path dataDir = Path.of(config.getProperty("gateway.data.dir"));
    awaitReady(p, port, log);
    JMXConnector c =
        JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
    return new GatewayChild(name, port, dataDir, log, p, c);
  }

  private static void awaitReady(Process p, int port, Path log) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI health = URI.create("http://127.0.0.1:" + port + "/health");
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("gateway exited at start; see " + log);
      }
      try {
        String body = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body();
        if (body.replace(" ", "").contains("\"ready\":true")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("gateway not ready after 5 minutes; see " + log);
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + path);
  }

  String apiToken() throws IOException {
    return Files.readString(dataDir.resolve("local-api-token.txt"), StandardCharsets.UTF_8).trim();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The child's maximum heap (what -Xmx or the JVM default gives it), in MB. */
  long maxHeapMb() throws IOException {
    return memory().getHeapMemoryUsage().getMax() / (1024 * 1024);
  }

  /** Collects garbage and resets the heap pools' peaks, so the next peak belongs to what follows. */
  void resetPeak() throws IOException {
    memory().gc();
    for (MemoryPoolMXBean pool : heapPools()) {
      pool.resetPeakUsage();
    }
  }

  /** Sum of the heap pools' peak usage since {@link #resetPeak}, in MB (an upper bound: garbage counts). */
  long peakHeapMb() throws IOException {
    long bytes = 0;
    for (MemoryPoolMXBean pool : heapPools()) {
      bytes += pool.getPeakUsage().getUsed();
    }
    return bytes / (1024 * 1024);
  }

  /** Whether the child's log reports an OutOfMemoryError. */
  boolean logShowsOutOfMemory() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8).contains("OutOfMemoryError");
  }

  private MemoryMXBean memory() throws IOException {
    return ManagementFactory.getPlatformMXBean(mbeans, MemoryMXBean.class);
  }

  private List<MemoryPoolMXBean> heapPools() throws IOException {
    return ManagementFactory.getPlatformMXBeans(mbeans, MemoryPoolMXBean.class).stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .toList();
  }

  @Override
  public void close() {
    try {
      jmx.close();
    } catch (IOException gone) {
      // the child may have died already (OOM)
    }
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
