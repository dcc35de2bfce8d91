package se.peppolgw.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static se.peppolgw.smp.TestIds.BILLING;
import static se.peppolgw.smp.TestIds.INVOICE;
import static se.peppolgw.smp.TestIds.participant;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import se.peppolgw.smp.fixture.TestPki;
import se.peppolgw.smp.fixture.TestSmp;
import se.peppolgw.smp.tls.OutboundTls;

/**
 * Finding 7b for SMP lookups: the SMP client's own HTTP settings trust every certificate; an SMP
 * behind HTTPS must present a certificate from a trusted CA, for its host name.
 */
class SmpTlsTest {
  static final String RECEIVER = participant("7300000091");

  @Test
  void anSmpWithAnUntrustedOrMisnamedCertificateIsRefused() throws Exception {
    TestPki pki = new TestPki("SMP TLS test CA");
    TestPki.Identity receiver = pki.issue("POP000009");
    TestPki tlsCa = new TestPki("SMP TLS server CA");
    try (TestSmp smp = new TestSmp(pki.issue("TLS SMP"), tlsCa.issue("localhost"));
        TestSmp misnamed = new TestSmp(pki.issue("TLS SMP 2"), tlsCa.issue("smp.other.example"))) {
      for (TestSmp s : new TestSmp[] {smp, misnamed}) {
        s.register(RECEIVER, INVOICE, BILLING, TestSmp.Endpoint.as4("https://ap.example/as4", receiver));
      }
      // on main this lookup succeeded: the SMP client trusted any certificate
      SmpLookupException e =
          assertThrows(SmpLookupException.class, () -> service(pki, smp, OutboundTls.jdkDefault()).lookup(RECEIVER, INVOICE, BILLING));
      assertEquals(FailureKind.SMP_TLS_HANDSHAKE_FAILED, e.kind(), e::getMessage);
      assertEquals(true, e.kind().isRetryable());

      OutboundTls trusting = OutboundTls.withExtraTrustStore(tlsCa.trustStore());
      assertEquals(
          "https://ap.example/as4",
          service(pki, smp, trusting).lookup(RECEIVER, INVOICE, BILLING).endpoint().endpointUrl());

      SmpLookupException mismatch =
          assertThrows(SmpLookupException.class, () -> service(pki, misnamed, trusting).lookup(RECEIVER, INVOICE, BILLING));
      assertEquals(FailureKind.SMP_TLS_HANDSHAKE_FAILED, mismatch.kind(), mismatch::getMessage);
    }
  }

  private static SmpLookupService service(TestPki pki, TestSmp smp, OutboundTls tls) {
    return SmpLookupService.create(
        SmpLookupConfig.builder()
            .fixedSmp(smp.url())
            .smpTrustStore(pki.trustStore())
            .smpConnectTimeout(Duration.ofSeconds(2))
            .smpResponseTimeout(Duration.ofSeconds(5))
            .tls(tls)
            .build(),
        ReceiverCertificateChecks.issuedBy(pki.ca().certificate()));
  }
}
