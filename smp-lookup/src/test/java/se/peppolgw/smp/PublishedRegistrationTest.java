package se.peppolgw.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static se.peppolgw.smp.TestIds.BILLING;
import static se.peppolgw.smp.TestIds.INVOICE;
import static se.peppolgw.smp.TestIds.ORDER;
import static se.peppolgw.smp.TestIds.ORDERING;
import static se.peppolgw.smp.TestIds.participant;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.helger.peppolid.factory.PeppolIdentifierFactory;

import se.peppolgw.smp.dns.NaptrSmpLocator;
import se.peppolgw.smp.fixture.Dnsmasq;
import se.peppolgw.smp.fixture.TestPki;
import se.peppolgw.smp.fixture.TestSmp;

/**
 * What a participant's registration publishes (service group and every endpoint), read through the
 * SML (dnsmasq) and a signed SMP, uncached; and the same questions answered by the static table.
 */
class PublishedRegistrationTest {
  static final String ZONE = "sml.published.test.";
  static final String TWO_TYPES = participant("5570000001");
  static final String UNKNOWN = participant("5570000002");
  static final String NOT_AT_SMP = participant("5570000003");
  static final String SMP_DOWN = participant("5570000004");

  static TestPki pki;
  static TestPki.Identity receiver;
  static TestSmp smp;
  static Dnsmasq dns;
  static Instant expired;

  @BeforeAll
  static void startFixtures() throws Exception {
    assertNotNull(Dnsmasq.binary(), "dnsmasq is not installed (.ci/setup.d/dnsmasq.sh, as root on Debian)");
    pki = new TestPki("Registration test CA");
    receiver = pki.issue("POP000002");
    smp = new TestSmp(pki.issue("Registration SMP"));
    expired = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));
    smp.register(TWO_TYPES, INVOICE, BILLING, TestSmp.Endpoint.as4("https://ap.example/as4", receiver));
    smp.register(TWO_TYPES, ORDER, ORDERING,
        TestSmp.Endpoint.as4("https://ap.example/orders", receiver),
        new TestSmp.Endpoint("peppol-transport-as4-v2_0", "https://old.example/as4", receiver, null, expired,
            "ops@receiver.example"),
        new TestSmp.Endpoint("bdxr-transport-ebms3-as4-v1p0", "https://oasis.example/as4", receiver, null, null,
            "ops@receiver.example"));
    dns = new Dnsmasq(ZONE, List.of(
        Dnsmasq.Naptr.metaSmp(dnsName(TWO_TYPES), smp.url().toString()),
        Dnsmasq.Naptr.metaSmp(dnsName(NOT_AT_SMP), smp.url().toString()),
        Dnsmasq.Naptr.metaSmp(dnsName(SMP_DOWN), "http://127.0.0.1:" + Dnsmasq.freePort())));
  }

  @AfterAll
  static void stopFixtures() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {dns, smp}) {
      if (c != null) {
        c.close();
      }
    }
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

  @Test
  void theServiceGroupListsEveryRegisteredDocumentTypeAndNothingIsCached() throws Exception {
    SmpLookupService service = service();
    int before = smp.serviceGroupRequests();
    assertEquals(Set.of(INVOICE, ORDER), Set.copyOf(service.publishedDocumentTypes(TWO_TYPES)));
    assertEquals(Set.of(INVOICE, ORDER), Set.copyOf(service.publishedDocumentTypes(TWO_TYPES)));
    assertEquals(before + 2, smp.serviceGroupRequests(), "asked the SMP both times");
    assertEquals(0, service.cachedEntries());
  }

  @Test
  void everyAs4EndpointOfEveryProcessIsListedWithItsDatesUnchecked() throws Exception {
    List<PublishedEndpoint> order = service().publishedEndpoints(TWO_TYPES, ORDER);
    assertEquals(List.of("https://ap.example/orders", "https://old.example/as4"),
        order.stream().map(e -> e.endpoint().endpointUrl()).toList(), "the ebMS3 endpoint is not AS4 v2");
    assertEquals(ORDERING, order.get(0).process());
    assertEquals(receiver.certificate(), order.get(0).endpoint().certificate());
    assertEquals(expired, order.get(1).endpoint().serviceExpiration());
  }

  @Test
  void failuresKeepTheirKinds() {
    SmpLookupService service = service();
    assertEquals(FailureKind.PARTICIPANT_NOT_REGISTERED,
        assertThrows(SmpLookupException.class, () -> service.publishedDocumentTypes(UNKNOWN)).kind(), "NXDOMAIN");
    assertEquals(FailureKind.PARTICIPANT_NOT_REGISTERED,
        assertThrows(SmpLookupException.class, () -> service.publishedDocumentTypes(NOT_AT_SMP)).kind(),
        "in the SML, unknown to its SMP");
    assertEquals(FailureKind.PARTICIPANT_NOT_REGISTERED,
        assertThrows(SmpLookupException.class, () -> service.publishedEndpoints(NOT_AT_SMP, INVOICE)).kind());
    assertEquals(FailureKind.DOCUMENT_TYPE_NOT_SUPPORTED,
        assertThrows(SmpLookupException.class,
            () -> service.publishedEndpoints(TWO_TYPES, INVOICE.replace("Invoice-2::Invoice", "CreditNote-2::CreditNote")))
            .kind());
    assertEquals(FailureKind.SMP_UNREACHABLE,
        assertThrows(SmpLookupException.class, () -> service.publishedDocumentTypes(SMP_DOWN)).kind());
    assertEquals(FailureKind.SMP_UNREACHABLE,
        assertThrows(SmpLookupException.class, () -> service.publishedEndpoints(SMP_DOWN, INVOICE)).kind());
  }

  @Test
  void theStaticTableAnswersFromItsRoutes() throws Exception {
    SmpLookupService table = SmpLookupService.create(SmpLookupConfig.builder()
        .staticRoute(new StaticRoute(TWO_TYPES, INVOICE, BILLING, "https://static.example/as4", receiver.certificate()))
        .build(), ReceiverCertificateChecks.acceptAll());
    assertEquals(List.of(INVOICE), table.publishedDocumentTypes(TWO_TYPES));
    List<PublishedEndpoint> eps = table.publishedEndpoints(TWO_TYPES, INVOICE);
    assertEquals("https://static.example/as4", eps.get(0).endpoint().endpointUrl());
    assertEquals(BILLING, eps.get(0).process());
    assertEquals(FailureKind.PARTICIPANT_NOT_REGISTERED,
        assertThrows(SmpLookupException.class, () -> table.publishedDocumentTypes(UNKNOWN)).kind());
    assertEquals(FailureKind.DOCUMENT_TYPE_NOT_SUPPORTED,
        assertThrows(SmpLookupException.class, () -> table.publishedEndpoints(TWO_TYPES, ORDER)).kind());
  }
}
