package se.peppolgw.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.smp.TestIds.BILLING;
import static se.peppolgw.smp.TestIds.INVOICE;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.security.KeyStore;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import se.peppolgw.smp.fixture.Dnsmasq;

/** The DNS server itself failing: nothing listening (ICMP port unreachable), or a server that never answers. */
class DnsFailureTest {

  private static SmpLookupService serviceAskingDnsAt(int port) throws Exception {
    KeyStore empty = KeyStore.getInstance("PKCS12");
    empty.load(null, null);
    return SmpLookupService.create(SmpLookupConfig.builder()
        .sml("sml.peppolgw.test")
        .dnsServer("127.0.0.1:" + port)
        .dnsTimeout(Duration.ofMillis(400))
        .smpTrustStore(empty)
        .build(), ReceiverCertificateChecks.acceptAll());
  }

  @Test
  void nothingListeningIsDnsUnreachable() throws Exception {
    SmpLookupService service = serviceAskingDnsAt(Dnsmasq.freePort());
    SmpLookupException e = assertThrows(SmpLookupException.class,
        () -> service.lookup(TestIds.participant("5560000001"), INVOICE, BILLING));
    assertEquals(FailureKind.DNS_UNREACHABLE, e.kind());
    assertTrue(e.isRetryable());
    assertTrue(e.trace().step("DNS_NAPTR").outcome().startsWith("error:"), e.trace().toJson());
    assertNull(e.trace().step("SMP_GET"));
  }

  @Test
  void silentServerIsTimeout() throws Exception {
    try (DatagramSocket blackHole = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      SmpLookupService service = serviceAskingDnsAt(blackHole.getLocalPort());
      long start = System.nanoTime();
      SmpLookupException e = assertThrows(SmpLookupException.class,
          () -> service.lookup(TestIds.participant("5560000001"), INVOICE, BILLING));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(FailureKind.TIMEOUT, e.kind());
      assertTrue(e.isRetryable());
      assertTrue(millis >= 350 && millis < 3_000, "took " + millis + " ms with a 400 ms timeout");
    }
  }

  @Test
  void transientDnsFailuresAreNotCached() throws Exception {
    SmpLookupService service = serviceAskingDnsAt(Dnsmasq.freePort());
    for (int i = 0; i < 2; i++) {
      SmpLookupException e = assertThrows(SmpLookupException.class,
          () -> service.lookup(TestIds.participant("5560000001"), INVOICE, BILLING));
      assertEquals(FailureKind.DNS_UNREACHABLE, e.kind());
      assertEquals(se.peppolgw.smp.trace.CacheOutcome.MISS, e.trace().cache());
    }
    assertEquals(0, service.cachedEntries());
  }
}
