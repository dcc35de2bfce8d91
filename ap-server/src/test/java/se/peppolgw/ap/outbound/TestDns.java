package se.peppolgw.ap.outbound;

import com.helger.peppolid.factory.PeppolIdentifierFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import se.peppolgw.smp.dns.NaptrSmpLocator;
import se.peppolgw.smp.fixture.Dnsmasq;

/**
 * An SML stand-in: smp-lookup's dnsmasq fixture answering U-NAPTR ({@code Meta:SMP}) records of
 * one zone, so that the gateway's SML lookup runs for real (DNS, then SMP). Names are built the
 * way peppol-commons builds them (SHA-256, Base32, scheme, zone).
 */
final class TestDns implements AutoCloseable {
  static final String ZONE = "sml.gateway-test.example";

  private final Dnsmasq dns;

  /** @param participants participant ids (e.g. 0007:5567212344) that all point to {@code smpUrl} */
  TestDns(String smpUrl, List<String> participants) throws Exception {
    this(participants.stream().collect(Collectors.toMap(p -> p, p -> smpUrl, (a, b) -> a, LinkedHashMap::new)));
  }

  /** @param smpByParticipant participant id (e.g. 0007:5567212344) to the URL of its SMP */
  TestDns(Map<String, String> smpByParticipant) throws Exception {
    List<Dnsmasq.Naptr> records = new ArrayList<>();
    for (Map.Entry<String, String> e : smpByParticipant.entrySet()) {
      String name =
          NaptrSmpLocator.dnsNameOf(
              PeppolIdentifierFactory.INSTANCE.createParticipantIdentifierWithDefaultScheme(e.getKey()), ZONE);
      records.add(Dnsmasq.Naptr.metaSmp(name, e.getValue()));
    }
    this.dns = new Dnsmasq(ZONE, records);
  }

  /** "127.0.0.1:port", the value of gateway.routing.dns-server. */
  String server() {
    return dns.hostPort();
  }

  @Override
  public void close() {
    try {
      dns.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
