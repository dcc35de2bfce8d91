package se.peppolgw.smp.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.helger.peppolid.factory.PeppolIdentifierFactory;

import se.peppolgw.smp.EndpointQuery;
import se.peppolgw.smp.LookupResult;
import se.peppolgw.smp.ReceiverCertificateChecks;
import se.peppolgw.smp.SmpLookupConfig;
import se.peppolgw.smp.SmpLookupException;
import se.peppolgw.smp.SmpLookupService;
import se.peppolgw.smp.dns.NaptrSmpLocator;
import se.peppolgw.smp.fixture.Dnsmasq;
import se.peppolgw.smp.fixture.TestPki;
import se.peppolgw.smp.fixture.TestSmp;
import se.peppolgw.smp.trace.TraceStep;

/**
 * SMP lookup latency, warm (answered by the cache) and cold (cache cleared before every lookup: DNS NAPTR
 * query to dnsmasq, HTTP GET to the SMP, XML signature verification, certificate check). Everything runs
 * on loopback in this JVM. Falls back to fixed-SMP mode (no DNS step) when dnsmasq is not installed.
 *
 * <p>Run: see smp-lookup/README.md. Arguments: [warm iterations] [cold iterations].
 */
public final class SmpLookupBenchmark {
  private static final String PARTICIPANT = "iso6523-actorid-upis::0007:5560000001";
  private static final String INVOICE = "busdox-docid-qns::urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
      + "::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1";
  private static final String BILLING = "cenbii-procid-ubl::urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
  private static final String ZONE = "sml.bench.test.";

  private SmpLookupBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int warmIterations = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int coldIterations = args.length > 1 ? Integer.parseInt(args[1]) : 500;

    TestPki pki = new TestPki("Bench CA");
    TestPki.Identity receiver = pki.issue("POPBENCH");
    try (TestSmp smp = new TestSmp(pki.issue("Bench SMP"))) {
      smp.register(PARTICIPANT, INVOICE, BILLING, TestSmp.Endpoint.as4("https://ap.bench.example/as4", receiver));
      SmpLookupConfig.Builder config = SmpLookupConfig.builder().smpTrustStore(pki.trustStore())
          .dnsTimeout(Duration.ofSeconds(2));
      Dnsmasq dns = null;
      if (Dnsmasq.binary() != null) {
        String name = NaptrSmpLocator.dnsNameOf(PeppolIdentifierFactory.INSTANCE.parseParticipantIdentifier(PARTICIPANT),
            ZONE);
        dns = new Dnsmasq(ZONE, List.of(Dnsmasq.Naptr.metaSmp(name, smp.url().toString())));
        config.sml(ZONE).dnsServer(dns.hostPort());
      } else {
        System.out.println("dnsmasq not installed: fixed-SMP mode, cold figures exclude the DNS query");
        config.fixedSmp(smp.url());
      }
      try {
        SmpLookupService service = SmpLookupService.create(config.build(),
            ReceiverCertificateChecks.issuedBy(pki.ca().certificate()));
        EndpointQuery query = EndpointQuery.of(PARTICIPANT, INVOICE, BILLING);
        System.out.printf(Locale.ROOT, "mode %s, Java %s, %d CPUs%n", service.modeName(),
            System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

        // JIT warm-up of both paths, not measured
        run(service, query, Math.max(50, coldIterations / 5), true, null);
        run(service, query, Math.max(10_000, warmIterations / 5), false, null);

        Map<String, List<Long>> stepMicros = new TreeMap<>();
        report("cold (cache cleared: DNS + SMP + signature)", run(service, query, coldIterations, true, stepMicros));
        for (Map.Entry<String, List<Long>> step : stepMicros.entrySet()) {
          long[] sorted = step.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
          System.out.printf(Locale.ROOT, "  cold step %-12s p50=%s p99=%s%n", step.getKey(),
              format(percentile(sorted, 50) * 1_000), format(percentile(sorted, 99) * 1_000));
        }
        report("warm (cache hit)", run(service, query, warmIterations, false, null));
        System.out.printf(Locale.ROOT, "SMP service metadata requests served: %d%n", smp.metadataRequests());
      } finally {
        if (dns != null) {
          dns.close();
        }
        // dnsjava's selector thread would otherwise be torn down by exec:java's thread clean-up, after
        // which dnsjava's own shutdown hook waits for it forever and the JVM never exits
        org.xbill.DNS.NioClient.close();
      }
    }
  }

  /** Times each lookup; for cold runs optionally collects the per-step times from the traces. */
  private static long[] run(SmpLookupService service, EndpointQuery query, int iterations, boolean cold,
      Map<String, List<Long>> stepMicros) throws SmpLookupException {
    long[] nanos = new long[iterations];
    service.lookup(query);
    for (int i = 0; i < iterations; i++) {
      if (cold) {
        service.clearCache();
      }
      long start = System.nanoTime();
      LookupResult result = service.lookup(query);
      nanos[i] = System.nanoTime() - start;
      if (stepMicros != null) {
        for (TraceStep step : result.trace().steps()) {
          stepMicros.computeIfAbsent(step.step(), k -> new ArrayList<>()).add(step.micros());
        }
      }
    }
    return nanos;
  }

  private static void report(String label, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "%-45s n=%-7d p50=%s p99=%s max=%s%n", label, sorted.length,
        format(percentile(sorted, 50)), format(percentile(sorted, 99)), format(sorted[sorted.length - 1]));
  }

  private static long percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static String format(long nanos) {
    return nanos >= 1_000_000 ? String.format(Locale.ROOT, "%.2f ms", nanos / 1e6)
        : String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
  }
}
