package se.peppolgw.ap.outbound;

import com.helger.peppolid.factory.PeppolIdentifierFactory;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    this.port = freeUdpPort();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                exe.toString(),
                "--keep-in-foreground",
                "--conf-file=/dev/null",
                "--no-resolv",
                "--no-hosts",
                "--pid-file=",
                "--port=" + port,
                "--listen-address=127.0.0.1",
                "--bind-interfaces",
                "--cache-size=0",
                "--local=/" + ZONE + "/"));
    for (java.util.Map.Entry<String, String> e : smpByParticipant.entrySet()) {
      String name =
          NaptrSmpLocator.dnsNameOf(
              PeppolIdentifierFactory.INSTANCE.createParticipantIdentifierWithDefaultScheme(e.getKey()), ZONE);
      cmd.add("--naptr-record=" + name + ",100,10,U,Meta:SMP,!^.*$!" + e.getValue() + "!");
    }
    Path log = workDir.resolve("dnsmasq.log");
    this.process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    awaitListening(log);
  }

  /** "127.0.0.1:port", the value of gateway.routing.dns-server. */
  String server() {
    return "127.0.0.1:" + port;
  }

  private void awaitListening(Path log) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException("dnsmasq exited: " + Files.readString(log));
      }
      // dnsmasq also listens on TCP: a connection means it is ready
      try (Socket s = new Socket()) {
        s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("dnsmasq did not start: " + Files.readString(log));
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
  }
}
