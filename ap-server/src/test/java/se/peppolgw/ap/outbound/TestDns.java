package se.peppolgw.ap.outbound;

import com.helger.peppolid.factory.PeppolIdentifierFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import se.peppolgw.ap.testkit.FreePort;
import se.peppolgw.smp.dns.NaptrSmpLocator;

/**
 * An SML stand-in: dnsmasq on a free loopback port answering U-NAPTR ({@code Meta:SMP}) records of
 * one zone, so that the gateway's SML lookup runs for real (DNS, then SMP). Names are built the
 * way peppol-commons builds them (SHA-256, Base32, scheme, zone).
 */
final class TestDns implements AutoCloseable {
  static final String ZONE = "sml.gateway-test.example";

  private final Process process;
  private final int port;

  /** @param participants participant ids (e.g. 0007:5567212344) that all point to {@code smpUrl} */
  TestDns(Path workDir, String smpUrl, List<String> participants) throws Exception {
    this(workDir, participants.stream().collect(
        java.util.stream.Collectors.toMap(p -> p, p -> smpUrl, (a, b) -> a, java.util.LinkedHashMap::new)));
  }

  /** @param smpByParticipant participant id (e.g. 0007:5567212344) to the URL of its SMP */
  TestDns(Path workDir, java.util.Map<String, String> smpByParticipant) throws Exception {
    Path exe = Path.of("/usr/sbin/dnsmasq");
    if (!Files.isExecutable(exe)) {
      throw new IllegalStateException("dnsmasq is needed for the SML routing test (apt-get install dnsmasq)");
    }
    List<String> records = new ArrayList<>();
    for (java.util.Map.Entry<String, String> e : smpByParticipant.entrySet()) {
      String name =
          NaptrSmpLocator.dnsNameOf(
              PeppolIdentifierFactory.INSTANCE.createParticipantIdentifierWithDefaultScheme(e.getKey()), ZONE);
      records.add("--naptr-record=" + name + ",100,10,U,Meta:SMP,!^.*$!" + e.getValue() + "!");
    }
    Path log = workDir.resolve("dnsmasq.log");
    Started started = start(exe, records, log);
    this.process = started.process();
    this.port = started.port();
  }

  private record Started(Process process, int port) {}

  /**
   * A probed port can still be taken before dnsmasq binds it (by another test's server, over TCP
   * or UDP): then dnsmasq is started again on another one.
   */
  private static Started start(Path exe, List<String> records, Path log) throws Exception {
    for (int attempt = 1; ; attempt++) {
      int candidate = FreePort.forLaterBindTcpAndUdp();
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  exe.toString(),
                  "--keep-in-foreground",
                  "--conf-file=/dev/null",
                  "--no-resolv",
                  "--no-hosts",
                  "--pid-file=",
                  "--port=" + candidate,
                  "--listen-address=127.0.0.1",
                  "--bind-interfaces",
                  "--cache-size=0",
                  "--local=/" + ZONE + "/"));
      cmd.addAll(records);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        awaitListening(p, candidate, log);
        return new Started(p, candidate);
      } catch (IllegalStateException e) {
        p.destroy();
        if (attempt == 3 || !e.getMessage().contains("Address already in use")) {
          throw e;
        }
      }
    }
  }

  /** "127.0.0.1:port", the value of gateway.routing.dns-server. */
  String server() {
    return "127.0.0.1:" + port;
  }

  private static void awaitListening(Process process, int port, Path log) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException("dnsmasq exited: " + Files.readString(log));
      }
      // dnsmasq also listens on TCP: a connection means it is ready (unless someone else holds
      // the port and dnsmasq is exiting over it, which the loop then sees)
      try (Socket s = new Socket()) {
        s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        if (process.isAlive()) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("dnsmasq did not start: " + Files.readString(log));
  }

  @Override
  public void close() {
    process.destroy();
  }
}
