package se.peppolgw.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.smp.TestIds.BILLING;
import static se.peppolgw.smp.TestIds.INVOICE;
import static se.peppolgw.smp.TestIds.ORDER;
import static se.peppolgw.smp.TestIds.ORDERING;
import static se.peppolgw.smp.TestIds.participant;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import se.peppolgw.smp.fixture.TestPki;
import se.peppolgw.smp.trace.CacheOutcome;

/** Static routing table mode (local mode, closed networks): a table file with PEM files and inline certs. */
class StaticTableTest {
  static final String BUYER = participant("9900000001");
  static final String SUPPLIER = participant("9900000002");

  static TestPki localCa;
  static TestPki.Identity buyerAp;
  static TestPki.Identity supplierAp;

  @TempDir
  Path dir;

  @BeforeAll
  static void pki() {
    localCa = new TestPki("Local mode CA");
    buyerAp = localCa.issue("POPLOCAL01");
    supplierAp = localCa.issue("POPLOCAL02");
  }

  SmpLookupService serviceFromTable() throws Exception {
    Files.createDirectories(dir.resolve("certs"));
    Files.writeString(dir.resolve("certs/buyer.pem"), buyerAp.certificatePem());
    Files.writeString(dir.resolve("routes.txt"), String.join("\n",
        "# participant | document type | process | endpoint URL | certificate",
        "",
        BUYER + " | " + INVOICE + " | " + BILLING + " | https://buyer.local:8443/as4 | certs/buyer.pem",
        // upper-case participant id: Peppol participant ids match case-insensitively
        SUPPLIER.toUpperCase().replace("ISO6523-ACTORID-UPIS", "iso6523-actorid-upis") + " | " + ORDER + " | * | "
            + "https://supplier.local:8443/as4 | " + supplierAp.certificateBase64()));
    return SmpLookupService.create(SmpLookupConfig.builder().staticTable(dir.resolve("routes.txt")).build(),
        ReceiverCertificateChecks.issuedBy(localCa.ca().certificate()));
  }

  @Test
  void routeFromTheTableWithPemFile() throws Exception {
    LookupResult r = serviceFromTable().lookup(BUYER, INVOICE, BILLING);
    assertEquals("https://buyer.local:8443/as4", r.endpoint().endpointUrl());
    assertEquals(buyerAp.certificate(), r.endpoint().certificate());
    assertNull(r.endpoint().smpUrl());
    assertEquals("STATIC_TABLE", r.trace().mode());
    assertEquals("https://buyer.local:8443/as4", r.trace().step("STATIC_TABLE").outcome());
  }

  @Test
  void wildcardProcessAndInlineCertificate() throws Exception {
    SmpLookupService service = serviceFromTable();
    LookupResult r = service.lookup(SUPPLIER, ORDER, ORDERING);
    assertEquals("https://supplier.local:8443/as4", r.endpoint().endpointUrl());
    assertEquals(supplierAp.certificate(), r.endpoint().certificate());
    assertEquals(CacheOutcome.HIT, service.lookup(SUPPLIER, ORDER, ORDERING).trace().cache());
  }

  @Test
  void failureKindsFromTheTable() throws Exception {
    SmpLookupService service = serviceFromTable();
    assertEquals(FailureKind.PARTICIPANT_NOT_REGISTERED, assertThrows(SmpLookupException.class,
        () -> service.lookup(participant("9900000003"), INVOICE, BILLING)).kind());
    assertEquals(FailureKind.DOCUMENT_TYPE_NOT_SUPPORTED, assertThrows(SmpLookupException.class,
        () -> service.lookup(BUYER, ORDER, ORDERING)).kind());
    assertEquals(FailureKind.PROCESS_NOT_SUPPORTED, assertThrows(SmpLookupException.class,
        () -> service.lookup(BUYER, INVOICE, ORDERING)).kind());
    assertEquals(FailureKind.NO_ENDPOINT_FOR_TRANSPORT_PROFILE, assertThrows(SmpLookupException.class,
        () -> service.lookup(EndpointQuery.of(BUYER, INVOICE, BILLING, "peppol-transport-as2-v2_0"))).kind());
  }

  @Test
  void certificateFromAnotherCaIsRejected() {
    TestPki.Identity stranger = new TestPki("Stranger CA").issue("POPSTRANGE");
    SmpLookupService service = SmpLookupService.create(SmpLookupConfig.builder()
        .staticRoute(new StaticRoute(BUYER, INVOICE, null, "https://stranger.local/as4", stranger.certificate()))
        .build(), ReceiverCertificateChecks.issuedBy(localCa.ca().certificate()));
    SmpLookupException e = assertThrows(SmpLookupException.class, () -> service.lookup(BUYER, INVOICE, BILLING));
    assertEquals(FailureKind.RECEIVER_CERTIFICATE_INVALID, e.kind());
    assertTrue(e.getMessage().contains("unsupported certificate issuer"), e.getMessage());
  }

  @Test
  void expiredStaticCertificateIsRejected() {
    TestPki.Identity old = localCa.issue("POPOLD", java.time.Instant.now().minusSeconds(7200),
        java.time.Instant.now().minusSeconds(3600));
    SmpLookupService service = SmpLookupService.create(SmpLookupConfig.builder()
        .staticRoute(new StaticRoute(BUYER, INVOICE, BILLING, "https://old.local/as4", old.certificate()))
        .build(), ReceiverCertificateChecks.issuedBy(localCa.ca().certificate()));
    assertEquals(FailureKind.RECEIVER_CERTIFICATE_INVALID,
        assertThrows(SmpLookupException.class, () -> service.lookup(BUYER, INVOICE, BILLING)).kind());
  }

  @Test
  void brokenTableFileFailsAtStartWithTheLineNumber() throws Exception {
    Files.writeString(dir.resolve("bad.txt"), "# header\n" + BUYER + " | " + INVOICE + " | https://x/as4\n");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SmpLookupService.create(
        SmpLookupConfig.builder().staticTable(dir.resolve("bad.txt")).build(), ReceiverCertificateChecks.acceptAll()));
    assertTrue(e.getCause().getMessage().contains("line 2"), e.getCause().getMessage());
  }
}
