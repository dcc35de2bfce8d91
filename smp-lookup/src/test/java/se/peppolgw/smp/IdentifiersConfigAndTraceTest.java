package se.peppolgw.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import com.helger.peppolid.factory.PeppolIdentifierFactory;

import se.peppolgw.smp.dns.NaptrSmpLocator;
import se.peppolgw.smp.trace.CacheOutcome;
import se.peppolgw.smp.trace.LookupTrace;
import se.peppolgw.smp.trace.TraceStep;

/** Small pure-logic checks: DNS name rules, config parsing, failure kind classification, JSON. */
class IdentifiersConfigAndTraceTest {

  @Test
  void dnsNameFollowsThePeppolHashRule() throws Exception {
    // independent computation of the PFUOI 4.4 rule: base32(sha256(lower-case value)), no padding,
    // lower-case, then the scheme and the zone
    String value = "0007:5560000001";
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    String expected = base32(hash).toLowerCase(Locale.ROOT) + ".iso6523-actorid-upis.participant.sml.test.tech.peppol.org";

    String actual = NaptrSmpLocator.dnsNameOf(PeppolIdentifierFactory.INSTANCE
        .parseParticipantIdentifier("iso6523-actorid-upis::0007:5560000001"), SmlNetwork.TEST.dnsZone());
    assertEquals(expected, actual);
    // case-insensitive ids hash to the same name
    assertEquals(actual, NaptrSmpLocator.dnsNameOf(PeppolIdentifierFactory.INSTANCE
        .parseParticipantIdentifier("iso6523-actorid-upis::0007:5560000001".toUpperCase(Locale.ROOT)
            .replace("ISO6523-ACTORID-UPIS", "iso6523-actorid-upis")), SmlNetwork.TEST.dnsZone()));
  }

  /** RFC 4648 base32 without padding. */
  private static String base32(byte[] data) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  @Test
  void smlZonesAreTheOpenPeppolOnes() {
    assertEquals("participant.sml.prod.tech.peppol.org.", SmlNetwork.PRODUCTION.dnsZone());
    assertEquals("participant.sml.test.tech.peppol.org.", SmlNetwork.TEST.dnsZone());
  }

  @Test
  void dnsServerParsing() {
    assertEquals(new InetSocketAddress("127.0.0.1", 5353), SmpLookupConfig.parseDnsServer("127.0.0.1:5353"));
    assertEquals(new InetSocketAddress("10.0.0.2", 53), SmpLookupConfig.parseDnsServer("10.0.0.2"));
    assertEquals(new InetSocketAddress("::1", 5300), SmpLookupConfig.parseDnsServer("[::1]:5300"));
  }

  @Test
  void configRejectsIncompleteModes() {
    assertThrows(IllegalArgumentException.class, () -> SmpLookupConfig.builder().sml("x.example").build());
    assertThrows(NullPointerException.class,
        () -> SmpLookupConfig.builder().fixedSmp(null).verifySmpSignature(false).build());
    assertThrows(IllegalArgumentException.class,
        () -> SmpLookupConfig.builder().mode(LookupMode.STATIC_TABLE).build());
    SmpLookupConfig ok = SmpLookupConfig.builder().sml(SmlNetwork.TEST).peppolSmpTrustStore(SmlNetwork.TEST).build();
    assertEquals(SmpLookupConfig.DEFAULT_POSITIVE_TTL, ok.positiveTtl());
    assertEquals(java.time.Duration.ofMinutes(15), ok.positiveTtl());
    assertEquals(java.time.Duration.ofMinutes(1), ok.negativeTtl());
  }

  @Test
  void peppolSmpTrustStoresContainTheSmpCas() throws Exception {
    for (SmlNetwork n : SmlNetwork.values()) {
      List<String> aliases = java.util.Collections.list(PeppolSmpTrustStores.forNetwork(n).aliases());
      assertTrue(aliases.stream().anyMatch(a -> a.contains("service metadata publisher") && a.contains("g3")),
          n + ": " + aliases);
      assertTrue(aliases.stream().anyMatch(a -> a.contains("service metadata publisher") && a.contains("g2")),
          n + ": " + aliases);
    }
  }

  @Test
  void retryableKinds() {
    for (FailureKind k : FailureKind.values()) {
      assertFalse(k.description().isBlank());
    }
    List<FailureKind> retryable = List.of(FailureKind.ENDPOINT_NOT_YET_ACTIVE, FailureKind.SMP_BAD_RESPONSE,
        FailureKind.SMP_UNREACHABLE, FailureKind.DNS_UNREACHABLE, FailureKind.TIMEOUT, FailureKind.CIRCUIT_OPEN,
        FailureKind.SMP_TLS_HANDSHAKE_FAILED);
    for (FailureKind k : FailureKind.values()) {
      assertEquals(retryable.contains(k), k.isRetryable(), k.name());
    }
  }

  @Test
  void invalidIdentifiersAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> EndpointQuery.of("nonsense", TestIds.INVOICE, TestIds.BILLING));
  }

  @Test
  void traceJsonIsEscaped() {
    LookupTrace t = new LookupTrace("p\"1", "d\\1", "proc\n", "tp", "SML", Instant.parse("2026-01-02T03:04:05Z"),
        CacheOutcome.MISS, "OK", 42,
        List.of(new TraceStep("SMP_GET", "http://x/\u0001", "OK", 200, 7), new TraceStep("DNS", "n", null, null, 1)));
    assertEquals("{\"participant\":\"p\\\"1\",\"documentType\":\"d\\\\1\",\"process\":\"proc\\n\","
        + "\"transportProfile\":\"tp\",\"mode\":\"SML\",\"startedAt\":\"2026-01-02T03:04:05Z\",\"cache\":\"MISS\","
        + "\"outcome\":\"OK\",\"totalMicros\":42,\"steps\":[{\"step\":\"SMP_GET\",\"detail\":\"http://x/\\u0001\","
        + "\"outcome\":\"OK\",\"httpStatus\":200,\"micros\":7},{\"step\":\"DNS\",\"detail\":\"n\",\"outcome\":null,"
        + "\"micros\":1}]}", t.toJson());
  }
}
