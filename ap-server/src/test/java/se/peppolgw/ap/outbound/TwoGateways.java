package se.peppolgw.ap.outbound;

import java.nio.file.Path;
import java.util.List;

/**
 * Two gateways on loopback that find each other like on the Peppol network: through the SML (a
 * real DNS server answering U-NAPTR, {@link TestDns}) and a signed SMP ({@link TestSmpServer}),
 * each with its own key from one dev CA. In this order: construct (both peers and the SMP), {@link
 * #smp()}{@code .register(…)} what each one receives, {@link #routeBySml} (DNS, SMP trust, routing
 * settings of both), configure each {@link Peer} further, {@link #start}. {@link #close} stops
 * everything in reverse order, best effort.
 */
final class TwoGateways implements AutoCloseable {
  static final String SMP_TRUST_PASSWORD = "secret";

  private final Path dir;
  private final Peer first;
  private final Peer second;
  private final TestSmpServer smp;
  private TestDns dns;

  /** The second gateway's key comes from the first one's CA, so each trusts the other. */
  TwoGateways(Path dir, String firstName, String firstSeat, String secondName, String secondSeat) throws Exception {
    this.dir = dir;
    this.first = new Peer(dir, firstName, firstSeat, null);
    this.second = new Peer(dir, secondName, secondSeat, first.keystoreDir());
    this.smp = new TestSmpServer();
  }

  Peer first() {
    return first;
  }

  Peer second() {
    return second;
  }

  TestSmpServer smp() {
    return smp;
  }

  TestDns dns() {
    return dns;
  }

  /** Publishes {@code participants} in the SML (pointing at the SMP) and routes both peers by it. */
  TwoGateways routeBySml(List<String> participants) throws Exception {
    dns = new TestDns(smp.url(), participants);
    Path smpTrust = smp.writeTrustStore(dir.resolve("smp-ca.p12"), SMP_TRUST_PASSWORD);
    for (Peer p : List.of(first, second)) {
      p.with("gateway.routing.mode", "sml")
          .with("gateway.routing.sml-zone", TestDns.ZONE)
          .with("gateway.routing.dns-server", dns.server())
          .with("gateway.routing.smp-truststore.path", smpTrust.toString())
          .with("gateway.routing.smp-truststore.password", SMP_TRUST_PASSWORD);
    }
    return this;
  }

  /** Starts the first gateway, then the second. */
  TwoGateways start() throws Exception {
    first.start();
    second.start();
    return this;
  }

  /**
   * Closes each resource in turn, skipping nulls (a field a failed setup never set) and going on
   * after one fails: the next resource still gets closed.
   */
  static void closeAll(AutoCloseable... resources) {
    for (AutoCloseable c : resources) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // best effort, see above
      }
    }
  }

  /** Null-safe: a field not yet set by a failed setup is skipped. */
  static void closeQuietly(TwoGateways g) {
    if (g != null) {
      g.close();
    }
  }

  @Override
  public void close() {
    closeAll(second, first, dns, smp);
  }
}
