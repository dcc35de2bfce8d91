package se.peppolgw.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.helger.peppolid.factory.PeppolIdentifierFactory;

import se.peppolgw.smp.dns.NaptrSmpLocator;
import se.peppolgw.smp.fixture.Dnsmasq;
import se.peppolgw.smp.fixture.TestPki;
import se.peppolgw.smp.fixture.TestSmp;
import se.peppolgw.smp.trace.CacheOutcome;
import se.peppolgw.smp.trace.LookupTrace;
import se.peppolgw.smp.trace.TraceStep;

/** The SML path end to end: dnsmasq serving U-NAPTR records on loopback, then signed SMPs over HTTP. */
class SmlLookupTest {
  static final String ZONE = "sml.peppolgw.test.";

  static final String OK = participant("5560000001");
  static final String UNKNOWN = participant("5560000002");
  static final String SMP_DOWN = participant("5560000003");
  static final String NOT_AT_SMP = participant("5560000004");
  static final String OTHER_PROFILE = participant("5560000005");
  static final String EXPIRED = participant("5560000006");
  static final String FUTURE = participant("5560000007");
  static final String FOREIGN_CERT = participant("5560000008");
  static final String TAMPERED = participant("5560000009");
  static final String UNTRUSTED_SIGNER = participant("5560000010");

  static TestPki pki;
  static TestPki.Identity receiver;
  static TestSmp smp;
  static TestSmp tamperedSmp;
  static TestSmp untrustedSmp;
  static Dnsmasq dns;

  @BeforeAll
  static void startFixtures() throws Exception {
    assertNotNull(Dnsmasq.binary(), "dnsmasq is not installed: the build installs it (.ci/setup.d/dnsmasq.sh, as root on Debian)");
    pki = new TestPki("Test SMP and AP CA");
    receiver = pki.issue("POP000001");
    TestPki.Identity foreignReceiver = new TestPki("Some other CA").issue("POP000666");
    smp = new TestSmp(pki.issue("Test SMP"));
    tamperedSmp = new TestSmp(pki.issue("Tampered SMP"));
    tamperedSmp.tamper(true);
    untrustedSmp = new TestSmp(new TestPki("Untrusted CA").issue("Untrusted SMP"));

    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    smp.register(OK, INVOICE, BILLING, endpoint("https://ap.receiver.example/as4"));
    smp.register(OK, ORDER, ORDERING, endpoint("https://ap.receiver.example/as4-orders"));
    smp.register(OTHER_PROFILE, INVOICE, BILLING, new TestSmp.Endpoint("bdxr-transport-ebms3-as4-v1p0",
        "https://ap.receiver.example/oasis", receiver, null, null, "ops@receiver.example"));
    smp.register(EXPIRED, INVOICE, BILLING, new TestSmp.Endpoint("peppol-transport-as4-v2_0",
        "https://old.receiver.example/as4", receiver, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)),
        "ops@receiver.example"));
    smp.register(FUTURE, INVOICE, BILLING, new TestSmp.Endpoint("peppol-transport-as4-v2_0",
        "https://new.receiver.example/as4", receiver, now.plus(Duration.ofDays(2)), null, "ops@receiver.example"));
    smp.register(FOREIGN_CERT, INVOICE, BILLING, TestSmp.Endpoint.as4("https://foreign.example/as4", foreignReceiver));
    tamperedSmp.register(TAMPERED, INVOICE, BILLING, endpoint("https://ap.receiver.example/as4"));
    untrustedSmp.register(UNTRUSTED_SIGNER, INVOICE, BILLING, endpoint("https://ap.receiver.example/as4"));

    List<Dnsmasq.Naptr> records = new ArrayList<>();
    for (String p : List.of(OK, NOT_AT_SMP, OTHER_PROFILE, EXPIRED, FUTURE, FOREIGN_CERT)) {
      records.add(Dnsmasq.Naptr.metaSmp(dnsName(p), smp.url().toString()));
    }
    records.add(Dnsmasq.Naptr.metaSmp(dnsName(SMP_DOWN), "http://127.0.0.1:" + Dnsmasq.freePort()));
    records.add(Dnsmasq.Naptr.metaSmp(dnsName(TAMPERED), tamperedSmp.url().toString()));
    records.add(Dnsmasq.Naptr.metaSmp(dnsName(UNTRUSTED_SIGNER), untrustedSmp.url().toString()));
    dns = new Dnsmasq(ZONE, records);
  }

  @AfterAll
  static void stopFixtures() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {dns, smp, tamperedSmp, untrustedSmp}) {
      if (c != null) {
        c.close();
      }
    }
  }

  static TestSmp.Endpoint endpoint(String url) {
    return TestSmp.Endpoint.as4(url, receiver);
  }

  static String dnsName(String participantUri) {
    return NaptrSmpLocator.dnsNameOf(PeppolIdentifierFactory.INSTANCE.parseParticipantIdentifier(participantUri), ZONE);
  }

  static SmpLookupService service() {
    return SmpLookupService.create(SmpLookupConfig.builder()
        .sml(ZONE)
        .dnsServer(dns.hostPort())
        .dnsTimeout(Duration.ofSeconds(2))
        .smpTrustStore(pki.trustStore())
        .build(), ReceiverCertificateChecks.issuedBy(pki.ca().certificate()));
  }

  static SmpLookupException failure(String participant) {
    return assertThrows(SmpLookupException.class, () -> service().lookup(participant, INVOICE, BILLING));
  }

  @Test
  void happyPathThroughDnsAndSmp() throws Exception {
    LookupResult result = service().lookup(OK, INVOICE, BILLING);

    ResolvedEndpoint ep = result.endpoint();
    assertEquals("https://ap.receiver.example/as4", ep.endpointUrl());
    assertEquals(receiver.certificate(), ep.certificate());
    assertEquals("mailto:ops@receiver.example", ep.technicalContactUrl());
    assertEquals("peppol-transport-as4-v2_0", ep.transportProfile());
    assertEquals(smp.url().toString(), ep.smpUrl().toString());
    assertNull(ep.serviceExpiration());

    LookupTrace trace = result.trace();
    assertEquals("OK", trace.outcome());
    assertEquals("SML", trace.mode());
    assertEquals(CacheOutcome.MISS, trace.cache());
    TraceStep naptr = trace.step("DNS_NAPTR");
    assertTrue(naptr.detail().startsWith(dnsName(OK) + " NAPTR @" + dns.hostPort()), naptr.detail());
    assertEquals(smp.url().toString(), naptr.outcome());
    TraceStep get = trace.step("SMP_GET");
    assertEquals(200, get.httpStatus());
    assertTrue(get.detail().startsWith(smp.url() + "/iso6523-actorid-upis%3A%3A0007%3A5560000001/services/"),
        get.detail());
    assertEquals("accepted", trace.step("CERT_CHECK").outcome());
    String json = trace.toJson();
    assertTrue(json.contains("\"step\":\"DNS_NAPTR\""), json);
    assertTrue(json.contains("\"httpStatus\":200"), json);
  }

  @Test
  void otherDocumentTypeAndProcessOfTheSameParticipant() throws Exception {
    assertEquals("https://ap.receiver.example/as4-orders",
        service().lookup(OK, ORDER, ORDERING).endpoint().endpointUrl());
  }

  @Test
  void secondLookupComesFromTheCacheWithoutDnsOrHttp() throws Exception {
    SmpLookupService service = service();
    service.lookup(OK, INVOICE, BILLING);
    int requests = smp.metadataRequests();

    LookupResult again = service.lookup(OK, INVOICE, BILLING);
    assertEquals(CacheOutcome.HIT, again.trace().cache());
    assertNull(again.trace().step("DNS_NAPTR"));
    assertEquals(requests, smp.metadataRequests());
  }

  @Test
  void nxdomainMeansParticipantNotRegistered() {
    SmpLookupException e = failure(UNKNOWN);
    assertEquals(FailureKind.PARTICIPANT_NOT_REGISTERED, e.kind());
    assertFalse(e.isRetryable());
    assertEquals("NXDOMAIN", e.trace().step("DNS_NAPTR").outcome());
    assertNull(e.trace().step("SMP_GET"));
  }

  @Test
  void participantInDnsButUnknownToItsSmp() {
    SmpLookupException e = failure(NOT_AT_SMP);
    assertEquals(FailureKind.PARTICIPANT_NOT_REGISTERED, e.kind());
    assertEquals(404, e.trace().step("SMP_GET").httpStatus());
  }

  @Test
  void documentTypeNotAtTheSmpIs404() {
    SmpLookupException e = assertThrows(SmpLookupException.class,
        () -> service().lookup(OTHER_PROFILE, ORDER, ORDERING));
    assertEquals(FailureKind.DOCUMENT_TYPE_NOT_SUPPORTED, e.kind());
    assertFalse(e.isRetryable());
    // the metadata request got 404, the service group request that tells "participant unknown" apart got 200
    List<Integer> statuses = e.trace().steps().stream().filter(s -> s.step().equals("SMP_GET"))
        .map(TraceStep::httpStatus).toList();
    assertEquals(List.of(404, 200), statuses);
  }

  @Test
  void processNotListed() {
    SmpLookupException e = assertThrows(SmpLookupException.class, () -> service().lookup(OK, INVOICE, ORDERING));
    assertEquals(FailureKind.PROCESS_NOT_SUPPORTED, e.kind());
  }

  @Test
  void noEndpointForTheTransportProfile() {
    SmpLookupException e = failure(OTHER_PROFILE);
    assertEquals(FailureKind.NO_ENDPOINT_FOR_TRANSPORT_PROFILE, e.kind());
    assertTrue(e.getMessage().contains("bdxr-transport-ebms3-as4-v1p0"), e.getMessage());
  }

  @Test
  void expiredEndpointIsNeverUsed() {
    SmpLookupException e = failure(EXPIRED);
    assertEquals(FailureKind.ENDPOINT_EXPIRED, e.kind());
    assertFalse(e.isRetryable());
  }

  @Test
  void endpointNotYetActive() {
    SmpLookupException e = failure(FUTURE);
    assertEquals(FailureKind.ENDPOINT_NOT_YET_ACTIVE, e.kind());
    assertTrue(e.isRetryable());
  }

  @Test
  void receiverCertificateFromAnotherCaIsRejected() {
    SmpLookupException e = failure(FOREIGN_CERT);
    assertEquals(FailureKind.RECEIVER_CERTIFICATE_INVALID, e.kind());
    assertTrue(e.trace().step("CERT_CHECK").outcome().startsWith("rejected"));
  }

  @Test
  void tamperedSmpResponseFailsTheSignatureCheck() {
    SmpLookupException e = failure(TAMPERED);
    assertEquals(FailureKind.SMP_SIGNATURE_INVALID, e.kind());
    assertFalse(e.isRetryable());
    assertEquals(200, e.trace().step("SMP_GET").httpStatus());
    assertTrue(e.getMessage().contains("was not valid"), e.getMessage());
  }

  @Test
  void smpSignedByAnUntrustedCertificateIsRejected() {
    SmpLookupException e = failure(UNTRUSTED_SIGNER);
    assertEquals(FailureKind.SMP_SIGNATURE_INVALID, e.kind());
    assertTrue(e.getMessage().contains("trust anchors"), e.getMessage());
  }

  @Test
  void smpDownIsRetryable() {
    SmpLookupException e = failure(SMP_DOWN);
    assertEquals(FailureKind.SMP_UNREACHABLE, e.kind());
    assertTrue(e.isRetryable());
    assertNotNull(e.trace().step("DNS_NAPTR"));
  }
}
