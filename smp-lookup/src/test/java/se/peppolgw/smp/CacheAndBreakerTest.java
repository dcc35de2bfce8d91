package se.peppolgw.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.smp.TestIds.BILLING;
import static se.peppolgw.smp.TestIds.INVOICE;
import static se.peppolgw.smp.TestIds.ORDER;
import static se.peppolgw.smp.TestIds.ORDERING;
import static se.peppolgw.smp.TestIds.participant;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import se.peppolgw.smp.cache.CircuitBreaker;
import se.peppolgw.smp.fixture.ManualTime;
import se.peppolgw.smp.fixture.TestPki;
import se.peppolgw.smp.fixture.TestSmp;
import se.peppolgw.smp.smp.SmpEndpointResolver;
import se.peppolgw.smp.trace.CacheOutcome;

/** Cache, negative cache, single-flight and circuit breaker, counted at a real SMP (fixed-SMP mode). */
class CacheAndBreakerTest {
  static final String RECEIVER = participant("7300000001");
  static final String RECEIVER_2 = participant("7300000002");
  static final String RECEIVER_3 = participant("7300000003");
  static final String SOON_EXPIRED = participant("7300000004");

  static TestPki pki;
  static TestPki.Identity smpSigner;
  static TestPki.Identity receiverCert;
  TestSmp smp;
  ManualTime time;

  @BeforeAll
  static void pki() {
    pki = new TestPki("Cache test CA");
    smpSigner = pki.issue("Cache test SMP");
    receiverCert = pki.issue("POP000002");
  }

  @BeforeEach
  void startSmp() throws Exception {
    smp = new TestSmp(smpSigner);
    time = new ManualTime();
    for (String p : List.of(RECEIVER, RECEIVER_2, RECEIVER_3)) {
      smp.register(p, INVOICE, BILLING, TestSmp.Endpoint.as4("https://ap.example/as4/" + p.substring(p.length() - 1),
          receiverCert));
    }
  }

  @AfterEach
  void stopSmp() {
    smp.close();
  }

  SmpLookupConfig.Builder config() {
    return SmpLookupConfig.builder()
        .fixedSmp(smp.url())
        .smpTrustStore(pki.trustStore())
        .smpConnectTimeout(Duration.ofSeconds(2))
        .smpResponseTimeout(Duration.ofSeconds(5))
        .clock(time.clock())
        .ticker(time::nanos);
  }

  SmpLookupService service(SmpLookupConfig.Builder config) {
    return SmpLookupService.create(config.build(), ReceiverCertificateChecks.issuedBy(pki.ca().certificate()));
  }

  @Test
  void fixedSmpModeFindsTheEndpoint() throws Exception {
    LookupResult r = service(config()).lookup(RECEIVER, INVOICE, BILLING);
    assertEquals("https://ap.example/as4/1", r.endpoint().endpointUrl());
    assertEquals("FIXED_SMP", r.trace().mode());
    assertEquals(smp.url().toString(), r.endpoint().smpUrl().toString());
    assertEquals(null, r.trace().step("DNS_NAPTR"));
    assertEquals(1, smp.metadataRequests());
  }

  @Test
  void hitThenMissAfterClearAndAfterTtl() throws Exception {
    SmpLookupService service = service(config()); // positive TTL 15 min

    assertEquals(CacheOutcome.MISS, service.lookup(RECEIVER, INVOICE, BILLING).trace().cache());
    LookupResult hit = service.lookup(RECEIVER, INVOICE, BILLING);
    assertEquals(CacheOutcome.HIT, hit.trace().cache());
    assertEquals("https://ap.example/as4/1", hit.endpoint().endpointUrl());
    assertEquals(1, smp.metadataRequests());

    service.clearCache();
    assertEquals(CacheOutcome.MISS, service.lookup(RECEIVER, INVOICE, BILLING).trace().cache());
    assertEquals(2, smp.metadataRequests());

    time.advance(Duration.ofMinutes(15).minusMillis(1));
    LookupResult old = service.lookup(RECEIVER, INVOICE, BILLING);
    assertEquals(CacheOutcome.HIT, old.trace().cache());
    assertEquals("hit, cached 899999 ms ago", old.trace().steps().get(0).outcome());
    time.advance(Duration.ofMillis(1));
    assertEquals(CacheOutcome.MISS, service.lookup(RECEIVER, INVOICE, BILLING).trace().cache());
    assertEquals(3, smp.metadataRequests());
  }

  @Test
  void keysDifferByDocumentTypeAndProcess() throws Exception {
    smp.register(RECEIVER, ORDER, ORDERING, TestSmp.Endpoint.as4("https://ap.example/orders", receiverCert));
    SmpLookupService service = service(config());
    assertEquals("https://ap.example/as4/1", service.lookup(RECEIVER, INVOICE, BILLING).endpoint().endpointUrl());
    assertEquals("https://ap.example/orders", service.lookup(RECEIVER, ORDER, ORDERING).endpoint().endpointUrl());
    assertEquals(2, smp.metadataRequests());
  }

  @Test
  void participantIdsAreCaseInsensitiveForTheCache() throws Exception {
    String upper = "iso6523-actorid-upis::0007:ABC123";
    smp.register(upper, INVOICE, BILLING, TestSmp.Endpoint.as4("https://ap.example/abc", receiverCert));
    SmpLookupService service = service(config());
    service.lookup(upper, INVOICE, BILLING);
    assertEquals(CacheOutcome.HIT, service.lookup(upper.toLowerCase(), INVOICE, BILLING).trace().cache());
  }

  @Test
  void negativeAnswersAreCachedForTheNegativeTtl() throws Exception {
    SmpLookupService service = service(config()); // negative TTL 1 min

    SmpLookupException first = assertThrows(SmpLookupException.class, () -> service.lookup(RECEIVER, ORDER, ORDERING));
    assertEquals(FailureKind.DOCUMENT_TYPE_NOT_SUPPORTED, first.kind());
    assertEquals(CacheOutcome.MISS, first.trace().cache());
    assertEquals(1, smp.metadataRequests());

    SmpLookupException second = assertThrows(SmpLookupException.class, () -> service.lookup(RECEIVER, ORDER, ORDERING));
    assertEquals(FailureKind.DOCUMENT_TYPE_NOT_SUPPORTED, second.kind());
    assertEquals(CacheOutcome.NEGATIVE_HIT, second.trace().cache());
    assertEquals(1, smp.metadataRequests());

    // the receiver registers the document type; after the negative TTL the lookup sees it
    smp.register(RECEIVER, ORDER, ORDERING, TestSmp.Endpoint.as4("https://ap.example/orders", receiverCert));
    time.advance(Duration.ofSeconds(59));
    assertEquals(CacheOutcome.NEGATIVE_HIT,
        assertThrows(SmpLookupException.class, () -> service.lookup(RECEIVER, ORDER, ORDERING)).trace().cache());
    time.advance(Duration.ofSeconds(1));
    assertEquals("https://ap.example/orders", service.lookup(RECEIVER, ORDER, ORDERING).endpoint().endpointUrl());
    assertEquals(2, smp.metadataRequests());
  }

  @Test
  void participantUnknownToTheFixedSmp() {
    SmpLookupService service = service(config());
    SmpLookupException e = assertThrows(SmpLookupException.class,
        () -> service.lookup(participant("7399999999"), INVOICE, BILLING));
    assertEquals(FailureKind.PARTICIPANT_NOT_REGISTERED, e.kind());
    assertEquals(1, smp.serviceGroupRequests());
  }

  @Test
  void concurrentLookupsOfOneKeyMakeOneSmpRequest() throws Exception {
    // long enough that every thread has asked before the one SMP answer comes
    smp.delay(Duration.ofSeconds(1));
    SmpLookupService service = service(config());
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<LookupResult>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit((Callable<LookupResult>) () -> {
          start.await();
          return service.lookup(RECEIVER, INVOICE, BILLING);
        }));
      }
      start.countDown();
      int misses = 0;
      int joined = 0;
      for (Future<LookupResult> f : futures) {
        LookupResult r = f.get();
        assertEquals("https://ap.example/as4/1", r.endpoint().endpointUrl());
        misses += r.trace().cache() == CacheOutcome.MISS ? 1 : 0;
        joined += r.trace().cache() == CacheOutcome.JOINED_IN_FLIGHT ? 1 : 0;
      }
      assertEquals(1, smp.metadataRequests(), "the SMP must see exactly one request");
      assertEquals(1, misses);
      assertEquals(threads - 1, joined);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentLookupsOfDifferentKeysRunInParallel() throws Exception {
    // the SMP answers only once all three requests are in its hands: serialised lookups would get 503s
    smp.gatherBeforeAnswering(3);
    SmpLookupService service = service(config());
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<LookupResult>> futures = new ArrayList<>();
      for (String p : List.of(RECEIVER, RECEIVER_2, RECEIVER_3)) {
        futures.add(pool.submit(() -> service.lookup(p, INVOICE, BILLING)));
      }
      for (Future<LookupResult> f : futures) {
        assertEquals(CacheOutcome.MISS, f.get().trace().cache());
      }
      assertEquals(3, smp.metadataRequests());
      assertEquals(3, smp.maxInFlight());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void leastRecentlyUsedEntryIsEvictedBeyondTheBound() throws Exception {
    SmpLookupService service = service(config().maxCacheEntries(2));
    service.lookup(RECEIVER, INVOICE, BILLING);
    service.lookup(RECEIVER_2, INVOICE, BILLING);
    service.lookup(RECEIVER, INVOICE, BILLING); // RECEIVER is now the most recently used
    service.lookup(RECEIVER_3, INVOICE, BILLING); // evicts RECEIVER_2
    assertEquals(2, service.cachedEntries());
    assertEquals(3, smp.metadataRequests());

    assertEquals(CacheOutcome.HIT, service.lookup(RECEIVER, INVOICE, BILLING).trace().cache());
    assertEquals(CacheOutcome.MISS, service.lookup(RECEIVER_2, INVOICE, BILLING).trace().cache());
    assertEquals(4, smp.metadataRequests());
  }

  @Test
  void cachedEndpointIsNotUsedPastItsExpirationDate() throws Exception {
    Instant expiry = time.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
    smp.register(SOON_EXPIRED, INVOICE, BILLING, new TestSmp.Endpoint("peppol-transport-as4-v2_0",
        "https://leaving.example/as4", receiverCert, null, expiry, "ops@leaving.example"));
    SmpLookupService service = service(config()); // positive TTL 15 min

    assertEquals(expiry, service.lookup(SOON_EXPIRED, INVOICE, BILLING).endpoint().serviceExpiration());
    assertEquals(CacheOutcome.HIT, service.lookup(SOON_EXPIRED, INVOICE, BILLING).trace().cache());

    time.advance(Duration.between(time.now(), expiry).minusMillis(1));
    assertEquals(CacheOutcome.HIT, service.lookup(SOON_EXPIRED, INVOICE, BILLING).trace().cache());
    time.advance(Duration.ofMillis(2)); // 1 ms past the expiration date (which itself is still usable)
    SmpLookupException e = assertThrows(SmpLookupException.class,
        () -> service.lookup(SOON_EXPIRED, INVOICE, BILLING));
    assertEquals(FailureKind.ENDPOINT_EXPIRED, e.kind());
    assertEquals(CacheOutcome.MISS, e.trace().cache());
  }

  @Test
  void breakerOpensAfterConsecutiveFailuresThenHalfOpensAndCloses() throws Exception {
    smp.failWithStatus(503);
    SmpLookupService service = service(config().breakerFailureThreshold(3)); // cool-down 30 s
    String host = SmpEndpointResolver.hostKey(smp.url());

    for (int i = 0; i < 3; i++) {
      SmpLookupException e = assertThrows(SmpLookupException.class, () -> service.lookup(RECEIVER, INVOICE, BILLING));
      assertEquals(FailureKind.SMP_BAD_RESPONSE, e.kind());
      assertEquals(503, e.trace().step("SMP_GET").httpStatus());
    }
    assertEquals(CircuitBreaker.State.OPEN, service.breakerState(host));

    // open: rejected without asking the SMP, also for other participants on the same SMP
    for (String p : List.of(RECEIVER, RECEIVER_2)) {
      SmpLookupException e = assertThrows(SmpLookupException.class, () -> service.lookup(p, INVOICE, BILLING));
      assertEquals(FailureKind.CIRCUIT_OPEN, e.kind());
      assertTrue(e.isRetryable());
    }
    assertEquals(3, smp.metadataRequests());

    time.advance(Duration.ofSeconds(29));
    assertEquals(CircuitBreaker.State.OPEN, service.breakerState(host));

    // after the cool-down one trial goes through; it fails, so the breaker opens again
    time.advance(Duration.ofSeconds(1));
    assertEquals(CircuitBreaker.State.HALF_OPEN, service.breakerState(host));
    assertEquals(FailureKind.SMP_BAD_RESPONSE,
        assertThrows(SmpLookupException.class, () -> service.lookup(RECEIVER, INVOICE, BILLING)).kind());
    assertEquals(4, smp.metadataRequests());
    assertEquals(CircuitBreaker.State.OPEN, service.breakerState(host));
    assertEquals(FailureKind.CIRCUIT_OPEN,
        assertThrows(SmpLookupException.class, () -> service.lookup(RECEIVER, INVOICE, BILLING)).kind());

    // the SMP recovers: the next trial succeeds and closes the breaker
    smp.failWithStatus(0);
    time.advance(Duration.ofSeconds(30));
    assertEquals("https://ap.example/as4/1", service.lookup(RECEIVER, INVOICE, BILLING).endpoint().endpointUrl());
    assertEquals(CircuitBreaker.State.CLOSED, service.breakerState(host));
    assertEquals("https://ap.example/as4/2", service.lookup(RECEIVER_2, INVOICE, BILLING).endpoint().endpointUrl());
    assertEquals(6, smp.metadataRequests());
  }

  @Test
  void answersThatAreNotHostFailuresDoNotOpenTheBreaker() throws Exception {
    SmpLookupService service = service(config().breakerFailureThreshold(2).negativeTtl(Duration.ofMillis(1)));
    for (int i = 0; i < 4; i++) {
      assertEquals(FailureKind.DOCUMENT_TYPE_NOT_SUPPORTED,
          assertThrows(SmpLookupException.class, () -> service.lookup(RECEIVER, ORDER, ORDERING)).kind());
      time.advance(Duration.ofMillis(5));
    }
    assertEquals(CircuitBreaker.State.CLOSED, service.breakerState(SmpEndpointResolver.hostKey(smp.url())));
  }

  @Test
  void smpDownCountsTowardsTheBreaker() throws Exception {
    java.net.URI closed = java.net.URI.create("http://127.0.0.1:" + se.peppolgw.smp.fixture.Dnsmasq.freePort());
    SmpLookupService service = SmpLookupService.create(SmpLookupConfig.builder().fixedSmp(closed)
        .smpTrustStore(pki.trustStore()).breakerFailureThreshold(2).build(), ReceiverCertificateChecks.acceptAll());
    for (int i = 0; i < 2; i++) {
      assertEquals(FailureKind.SMP_UNREACHABLE,
          assertThrows(SmpLookupException.class, () -> service.lookup(RECEIVER, INVOICE, BILLING)).kind());
    }
    assertEquals(FailureKind.CIRCUIT_OPEN,
        assertThrows(SmpLookupException.class, () -> service.lookup(RECEIVER, INVOICE, BILLING)).kind());
  }

  @Test
  void signedAnswerAboutAnotherDocumentTypeIsNotUsed() throws Exception {
    smp.answerAboutDocumentType(ORDER);
    SmpLookupException e = assertThrows(SmpLookupException.class,
        () -> service(config()).lookup(RECEIVER, INVOICE, BILLING));
    assertEquals(FailureKind.SMP_BAD_RESPONSE, e.kind());
    assertTrue(e.getMessage().contains("not the participant and document type asked for"), e.getMessage());
  }

  @Test
  void smpTooSlowIsTimeout() throws Exception {
    smp.delay(Duration.ofMillis(1_500));
    SmpLookupService service = service(config().smpResponseTimeout(Duration.ofMillis(300)));
    SmpLookupException e = assertThrows(SmpLookupException.class, () -> service.lookup(RECEIVER, INVOICE, BILLING));
    assertEquals(FailureKind.TIMEOUT, e.kind());
    assertTrue(e.isRetryable());
  }
}
