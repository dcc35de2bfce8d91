package se.peppolgw.ap.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.security.certificate.ECertificateCheckResult;
import com.helger.security.certificate.TrustedCAChecker;
import com.helger.security.crl.CRLCache;
import com.helger.security.crl.CRLDownloader;
import com.helger.security.revocation.ERevocationCheckMode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.config.Mode;
import se.peppolgw.ap.pki.ApCertificateVerifier.Result;
import se.peppolgw.ap.pki.ApCertificateVerifier.RevocationPolicy;
import se.peppolgw.ap.pki.ApCertificateVerifier.Status;

class ApCertificateVerifierTest {
  @TempDir static Path dir;
  private static DevPki pki;
  private static ApCertificateVerifier local;
  /** A URL on which nothing listens: every CRL download fails (no network here anyway). */
  private static String deadCrlUrl;

  @BeforeAll
  static void setUp() throws IOException {
    pki = DevPki.loadOrCreate(dir.resolve("keystore"), "PSE000001");
    local = ApCertificateVerifier.forKeyMaterial(pki.apKeyMaterial());
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    deadCrlUrl = "http://127.0.0.1:" + port + "/dev-ca.crl";
  }

  private static X509Certificate issue(Duration fromNow, Duration validFor) {
    Instant start = Instant.now().plus(fromNow);
    return pki.issueApCertificate("PSE000002", start, start.plus(validFor)).certificate();
  }

  private static X509Certificate validWithCrl(String crlUrl) {
    Instant now = Instant.now();
    return pki.ca()
        .issueApCertificate("PSE000003", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)), crlUrl)
        .certificate();
  }

  /** A CRL cache that never downloads: only what the test put in. */
  private static CRLCache offlineCrlCache() {
    return new CRLCache(
        new CRLDownloader() {
          @Override
          public java.security.cert.CRL downloadCRL(String url) {
            return null;
          }
        },
        Duration.ofHours(1));
  }

  private static ApCertificateVerifier testNetworkWithDevCa(RevocationPolicy policy) {
    return ApCertificateVerifier.forCas(Mode.TEST, List.of(pki.caCertificate()), policy);
  }

  @Test
  void localModeAcceptsADevCaCertificate() {
    Result r = local.verify(pki.apKeyMaterial().certificate(), Instant.now());
    assertEquals(Status.VALID, r.status(), r.reason());
    assertTrue(r.isValid());
    assertTrue(local.rejectReason(pki.apKeyMaterial().certificate()).isEmpty());
    // a second gateway's certificate from the same dev CA
    assertEquals(Status.VALID, local.verify(issue(Duration.ofDays(-1), Duration.ofDays(30))).status());
  }

  @Test
  void expiredAndNotYetValid() {
    X509Certificate expired = issue(Duration.ofDays(-40), Duration.ofDays(30));
    Result r = local.verify(expired, Instant.now());
    assertEquals(Status.EXPIRED, r.status());
    assertTrue(
        r.reason().startsWith("certificate expired on " + Certificates.date(expired.getNotAfter().toInstant())),
        r.reason());
    // ... but it was valid when it was used
    assertEquals(Status.VALID, local.verify(expired, Instant.now().minus(Duration.ofDays(20))).status());

    X509Certificate future = issue(Duration.ofDays(5), Duration.ofDays(30));
    Result f = local.verify(future, Instant.now());
    assertEquals(Status.NOT_YET_VALID, f.status());
    assertTrue(f.reason().startsWith("certificate is not yet valid"), f.reason());
  }

  @Test
  void aForeignCaIsUntrusted() {
    Instant now = Instant.now();
    DevCa foreign = DevPki.createStandaloneCa("Untrusted Foreign CA");
    X509Certificate cert =
        foreign.issueApCertificate("PSE000666", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1))).certificate();
    Result r = local.verify(cert, now);
    assertEquals(Status.UNTRUSTED_ISSUER, r.status());
    assertTrue(r.reason().contains("issuer: CN=Untrusted Foreign CA"), r.reason());
    assertTrue(r.reason().contains(DevPki.CA_COMMON_NAME), "names the expected CA: " + r.reason());
    assertTrue(local.rejectReason(cert).orElseThrow().startsWith("UNTRUSTED_ISSUER: "));
  }

  @Test
  void aCaWithTheSameNameButAnotherKeyIsAForgery() {
    Instant now = Instant.now();
    // same subject DN as the dev CA, different key
    DevCa impostor = DevPki.createStandaloneCa(DevPki.CA_COMMON_NAME);
    assertEquals(
        pki.caCertificate().getSubjectX500Principal(), impostor.certificate().getSubjectX500Principal());
    X509Certificate cert =
        impostor.issueApCertificate("PSE000001", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1))).certificate();
    assertEquals(Status.INVALID_SIGNATURE, local.verify(cert, now).status());
  }

  @Test
  void theTestNetworkDoesNotTrustDevCertificates() {
    ApCertificateVerifier test =
        ApCertificateVerifier.forNetwork(Mode.TEST, RevocationPolicy.defaults(), false);
    Result r = test.verify(pki.apKeyMaterial().certificate(), Instant.now());
    assertEquals(Status.UNTRUSTED_ISSUER, r.status());
    assertTrue(r.reason().startsWith("certificate is not issued by a Peppol AP CA of the TEST network"), r.reason());
    // G3 only (G2 revoked 2026-04-01); with gateway.pki.trust-g2 the G2 test AP CA as well
    assertEquals(
        List.of(com.helger.peppol.security.PeppolTrustStores.Config2025.CERTIFICATE_TEST_AP),
        test.trustedCas());
    assertEquals(
        2, ApCertificateVerifier.forNetwork(Mode.TEST, RevocationPolicy.defaults(), true).trustedCas().size());
    assertEquals(
        ECertificateCheckResult.UNSUPPORTED_ISSUER,
        test.asTrustedCAChecker().checkCertificate(pki.apKeyMaterial().certificate()));
  }

  @Test
  void aFailedCrlDownloadIsRevocationUnknownNotRevoked() {
    X509Certificate cert = validWithCrl(deadCrlUrl);
    // the library defaults: global CRL cache with its real downloader, CRL before OCSP
    ApCertificateVerifier strict = testNetworkWithDevCa(RevocationPolicy.defaults());
    Result r = strict.verify(cert, Instant.now());
    assertEquals(Status.REVOCATION_UNKNOWN, r.status(), r.reason());
    assertTrue(r.reason().startsWith("revocation status could not be determined"), r.reason());
    assertTrue(r.reason().contains(deadCrlUrl), r.reason());
    assertTrue(r.reason().contains("soft-fail is off"), r.reason());
    // not cached: still unknown, still not revoked
    assertEquals(Status.REVOCATION_UNKNOWN, strict.verify(cert, Instant.now()).status());
    // phase4 sees it as invalid, but not as REVOKED
    assertEquals(ECertificateCheckResult.NOT_CHECKED, strict.asTrustedCAChecker().checkCertificate(cert));

    ApCertificateVerifier soft =
        testNetworkWithDevCa(RevocationPolicy.defaults().withSoftFail(true));
    Result s = soft.verify(cert, Instant.now());
    assertEquals(Status.VALID, s.status(), s.reason());
    assertTrue(s.reason().contains("revocation status unknown"), s.reason());
    assertTrue(s.reason().contains("soft-fail is on"), s.reason());
    assertEquals(ECertificateCheckResult.VALID, soft.asTrustedCAChecker().checkCertificate(cert));
  }

  @Test
  void aCertificateWithoutCrlInTestModeIsRevocationUnknown() {
    // our own dev certificate as if it were a TEST network certificate: it names no CRL
    ApCertificateVerifier strict =
        testNetworkWithDevCa(
            RevocationPolicy.defaults().withCheckMode(ERevocationCheckMode.CRL).withCrlCache(offlineCrlCache()));
    Result r = strict.verify(pki.apKeyMaterial().certificate(), Instant.now());
    assertEquals(Status.REVOCATION_UNKNOWN, r.status(), r.reason());
    assertTrue(r.reason().contains("the certificate names no CRL"), r.reason());
  }

  @Test
  void aCertificateOnTheCrlIsRevokedAndOthersAreValid() {
    String url = "http://crl.invalid/dev-ca.crl";
    X509Certificate revoked = validWithCrl(url);
    X509Certificate good = validWithCrl(url);
    Instant now = Instant.now();
    CRLCache cache = offlineCrlCache();
    cache.setCRLOfURL(url, pki.ca().createCrl(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), revoked));
    for (boolean softFail : new boolean[] {false, true}) {
      ApCertificateVerifier v =
          testNetworkWithDevCa(
              RevocationPolicy.defaults()
                  .withCheckMode(ERevocationCheckMode.CRL)
                  .withCrlCache(cache)
                  .withSoftFail(softFail));
      Result r = v.verify(revoked, now);
      assertEquals(Status.REVOKED, r.status(), r.reason());
      assertTrue(r.reason().startsWith("certificate is revoked"), r.reason());
      assertEquals(Status.REVOKED, v.verify(revoked, now).status(), "cached");
      Result g = v.verify(good, now);
      assertEquals(Status.VALID, g.status(), g.reason());
      assertTrue(g.reason().contains("not revoked"), g.reason());
      TrustedCAChecker checker = v.asTrustedCAChecker();
      assertEquals(ECertificateCheckResult.REVOKED, checker.checkCertificate(revoked));
      assertEquals(ECertificateCheckResult.VALID, checker.checkCertificate(good));
    }
  }

  @Test
  void testModeKeyMaterialChecksRevocationLocalModeDoesNot() throws Exception {
    // TEST-mode key material that (via the extra trust store) trusts the dev CA
    ApKeyMaterial m = pki.issueApCertificate("PSE000004", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    Path p = dir.resolve("test-ap.p12");
    DevPki.writePkcs12(m, p, "pw".toCharArray());
    Path trust = dir.resolve("trust.p12");
    Files.write(trust, Certificates.serialize(Certificates.trustStore(List.of(pki.caCertificate())), "pw".toCharArray()));
    ApKeyMaterial testMaterial =
        ApKeyMaterialLoader.load(new PkiSettings(Mode.TEST, null, p, "pw", "ap", null, trust, "pw"));
    X509Certificate cert = m.certificate();

    assertEquals(Status.VALID, local.verify(cert).status(), "LOCAL: no revocation check");
    assertEquals(Status.REVOCATION_UNKNOWN, ApCertificateVerifier.forKeyMaterial(testMaterial).verify(cert).status());
    assertEquals(Status.VALID, ApCertificateVerifier.forKeyMaterial(testMaterial, true).verify(cert).status());
    assertFalse(ApCertificateVerifier.forKeyMaterial(testMaterial).revocationPolicy().softFail(), "default off");
  }

  @Test
  void noCertificate() {
    assertEquals(Status.NO_CERTIFICATE, local.verify(null, Instant.now()).status());
    assertEquals(ECertificateCheckResult.NO_CERTIFICATE_PROVIDED, local.asTrustedCAChecker().checkCertificate(null));
  }
}
