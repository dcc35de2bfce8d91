package se.peppolgw.ap.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.security.certificate.ECertificateCheckResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.config.Mode;

class ApKeyMaterialLoaderTest {
  private static final String PASSWORD = "s3cret-Store-Pw";
  private static final String WRONG = "n0t-the-Pw";

  @TempDir static Path shared;
  @TempDir Path dir;

  private static DevPki pki;

  @BeforeAll
  static void devPki() {
    pki = DevPki.loadOrCreate(shared.resolve("keystore"), "PSE000001");
  }

  private static ApKeyMaterial cert(Instant notBefore, Instant notAfter) {
    return pki.issueApCertificate("PSE000010", notBefore, notAfter);
  }

  private static ApKeyMaterial validCert() {
    Instant now = Instant.now();
    return cert(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
  }

  private Path write(ApKeyMaterial m, String name) {
    Path p = dir.resolve(name);
    DevPki.writePkcs12(m, p, PASSWORD.toCharArray());
    return p;
  }

  private static KeyMaterialException refused(PkiSettings s) {
    KeyMaterialException e =
        assertThrows(KeyMaterialException.class, () -> ApKeyMaterialLoader.load(s));
    assertFalse(e.getMessage().contains(PASSWORD), "password leaked: " + e.getMessage());
    assertFalse(e.getMessage().contains(WRONG), "password leaked: " + e.getMessage());
    return e;
  }

  private static void assertStartsWith(String prefix, String message) {
    assertTrue(message.startsWith(prefix), "expected '" + prefix + "…' but was: " + message);
  }

  @Test
  void localModeUsesTheDevPki() {
    ApKeyMaterial m =
        ApKeyMaterialLoader.load(PkiSettings.local(dir.resolve("ks")), "PDK000123");
    assertEquals(Mode.LOCAL, m.mode());
    assertEquals("PDK000123", m.seatId());
    assertTrue(Files.exists(dir.resolve("ks").resolve(DevPki.AP_FILE)));
  }

  @Test
  void missingFile() {
    Path p = dir.resolve("nope/ap.p12");
    KeyMaterialException e = refused(PkiSettings.network(Mode.TEST, p, PASSWORD, "ap"));
    assertEquals("gateway.keystore.path: file " + p + " does not exist", e.getMessage());
  }

  @Test
  void noPathConfigured() {
    KeyMaterialException e = refused(PkiSettings.network(Mode.PRODUCTION, null, PASSWORD, "ap"));
    assertStartsWith("gateway.keystore.path: not set; PRODUCTION mode needs", e.getMessage());
  }

  @Test
  void wrongPassword() {
    Path p = write(validCert(), "ap.p12");
    KeyMaterialException e = refused(PkiSettings.network(Mode.TEST, p, WRONG, "ap"));
    assertEquals(
        "gateway.keystore.password: wrong password for " + p + " (keystore could not be decrypted)",
        e.getMessage());
  }

  @Test
  void notAPkcs12File() throws Exception {
    Path p = dir.resolve("ap.pem");
    Files.writeString(p, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    KeyMaterialException e = refused(PkiSettings.network(Mode.TEST, p, PASSWORD, "ap"));
    assertStartsWith("gateway.keystore.path: " + p + " is not a PKCS#12 key store", e.getMessage());
  }

  @Test
  void missingAlias() {
    Path p = write(validCert(), "ap.p12");
    KeyMaterialException e = refused(PkiSettings.network(Mode.TEST, p, PASSWORD, "peppol"));
    assertEquals(
        "gateway.keystore.alias: alias 'peppol' not found in " + p + "; the keystore contains: [ap]",
        e.getMessage());
  }

  @Test
  void noPrivateKeyUnderAlias() throws Exception {
    ApKeyMaterial m = validCert();
    KeyStore ks = m.keyStore();
    ks.setCertificateEntry("peppol-ca", pki.caCertificate());
    ks.setKeyEntry("ap", m.privateKey(), PASSWORD.toCharArray(), m.chain().toArray(new Certificate[0]));
    Path p = dir.resolve("two.p12");
    Files.write(p, Certificates.serialize(ks, PASSWORD.toCharArray()));
    KeyMaterialException e = refused(PkiSettings.network(Mode.TEST, p, PASSWORD, "peppol-ca"));
    assertStartsWith(
        "gateway.keystore.alias: no private key under alias 'peppol-ca' in " + p, e.getMessage());
    assertTrue(e.getMessage().contains("trusted certificate entry"), e.getMessage());
    assertTrue(e.getMessage().endsWith("key entries: [ap]"), e.getMessage());
  }

  @Test
  void wrongKeyPassword() {
    Path p = write(validCert(), "ap.p12");
    PkiSettings s = new PkiSettings(Mode.TEST, null, p, PASSWORD, "ap", WRONG, null, null);
    KeyMaterialException e = refused(s);
    assertStartsWith(
        "gateway.keystore.key-password: wrong password for the key under alias 'ap'",
        e.getMessage());
  }

  @Test
  void expiredCertificate() {
    Instant now = Instant.now();
    Instant notAfter = now.minus(Duration.ofDays(3));
    Path p = write(cert(now.minus(Duration.ofDays(400)), notAfter), "old.p12");
    KeyMaterialException e = refused(PkiSettings.network(Mode.TEST, p, PASSWORD, "ap"));
    assertStartsWith(
        "gateway.keystore.path: certificate expired on " + Certificates.date(notAfter) + " (alias 'ap' in " + p + ", subject ",
        e.getMessage());
    assertTrue(e.getMessage().contains("CN=PSE000010"), e.getMessage());
  }

  @Test
  void notYetValidCertificate() {
    Instant now = Instant.now();
    Path p = write(cert(now.plus(Duration.ofDays(2)), now.plus(Duration.ofDays(400))), "new.p12");
    KeyMaterialException e = refused(PkiSettings.network(Mode.TEST, p, PASSWORD, "ap"));
    assertStartsWith("gateway.keystore.path: certificate is not yet valid: valid from ", e.getMessage());
  }

  @Test
  void certificateOfAForeignCaIsRefusedInTestMode() {
    Instant now = Instant.now();
    DevCa foreign = DevPki.createStandaloneCa("Some Foreign CA");
    ApKeyMaterial m =
        foreign.issueApCertificate("PSE000099", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    Path p = write(m, "foreign.p12");
    KeyMaterialException e = refused(PkiSettings.network(Mode.TEST, p, PASSWORD, "ap"));
    assertStartsWith(
        "gateway.keystore.path: certificate is not issued by a Peppol AP CA of the TEST network"
            + " (issuer: CN=Some Foreign CA,",
        e.getMessage());
    String upper = e.getMessage().toUpperCase(Locale.ROOT);
    assertTrue(upper.contains("; EXPECTED ONE OF: ["), e.getMessage());
    // G2 is no longer trusted (revoked 2026-04-01), so it is not offered either
    assertFalse(upper.contains("ACCESS POINT TEST CA - G2"), e.getMessage());
    assertTrue(upper.contains("ACCESS POINT TEST CA - G3"), e.getMessage());
  }

  @Test
  void aDevCertificateIsNotAPeppolCertificateEither() {
    Path p = write(validCert(), "dev.p12");
    KeyMaterialException e = refused(PkiSettings.network(Mode.PRODUCTION, p, PASSWORD, null));
    assertStartsWith(
        "gateway.keystore.path: certificate is not issued by a Peppol AP CA of the PRODUCTION network",
        e.getMessage());
  }

  @Test
  void cnMustBeASeatId() {
    Instant now = Instant.now();
    ApKeyMaterial m =
        pki.ca().issueApCertificate("my-gateway", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    Path p = write(m, "cn.p12");
    KeyMaterialException e = refused(PkiSettings.network(Mode.TEST, p, PASSWORD, "ap"));
    assertStartsWith("gateway.keystore.path: the certificate's CN 'my-gateway' is not a Peppol seat id", e.getMessage());
  }

  @Test
  void anExtraTrustStoreExtendsThePeppolCas() throws Exception {
    ApKeyMaterial m = validCert();
    Path p = write(m, "ap.p12");
    Path trust = dir.resolve("extra-trust.p12");
    KeyStore ts = Certificates.trustStore(List.of(pki.caCertificate()));
    Files.write(trust, Certificates.serialize(ts, "trust-pw".toCharArray()));

    // alias omitted: the only key entry is used
    PkiSettings s = new PkiSettings(Mode.TEST, null, p, PASSWORD, null, null, trust, "trust-pw");
    ApKeyMaterial loaded = ApKeyMaterialLoader.load(s);
    assertEquals(Mode.TEST, loaded.mode());
    assertEquals("ap", loaded.alias());
    assertEquals("PSE000010", loaded.seatId());
    assertEquals(m.certificate(), loaded.certificate());
    List<java.security.cert.X509Certificate> peppol = ApKeyMaterialLoader.peppolApCas(Mode.TEST);
    assertEquals(2, peppol.size(), "G2 and G3 test AP CAs");
    // the G3 test AP CA and the extra one; G2 is revoked (G2TrustTest)
    assertEquals(2, loaded.trustedCas().size());
    assertTrue(loaded.trustedCas().contains(G3_TEST_AP));
    assertTrue(loaded.trustedCas().contains(pki.caCertificate()));
    assertEquals(2, Collections.list(loaded.trustStore().aliases()).size());
    assertEquals(PASSWORD, new String(loaded.keyPassword()));
    assertTrue(loaded.keyStore().isKeyEntry("ap"));
    assertFalse(loaded.toString().contains(PASSWORD));

    // the trust store's password is checked as well
    PkiSettings bad = new PkiSettings(Mode.TEST, null, p, PASSWORD, null, null, trust, WRONG);
    assertEquals(
        "gateway.truststore.password: wrong password for " + trust + " (keystore could not be decrypted)",
        refused(bad).getMessage());
  }

  @SuppressWarnings("deprecation") // Config2018 holds the G2 CAs, deprecated as G2 is over
  static final java.security.cert.X509Certificate G2_TEST_AP =
      com.helger.peppol.security.PeppolTrustStores.Config2018.CERTIFICATE_PILOT_AP;
  static final java.security.cert.X509Certificate G3_TEST_AP =
      com.helger.peppol.security.PeppolTrustStores.Config2025.CERTIFICATE_TEST_AP;

  private PkiSettings testNetworkWithDevCa(boolean trustG2) throws Exception {
    // valid since before the G2 revocation, so that it loads on a clock of March 2026 too
    ApKeyMaterial m =
        pki.ca()
            .issueApCertificate(
                "PSE000010",
                Instant.parse("2026-03-01T00:00:00Z"),
                Instant.now().plus(Duration.ofDays(30)));
    Path p = write(m, "g2-" + trustG2 + ".p12");
    Path trust = dir.resolve("g2-trust-" + trustG2 + ".p12");
    Files.write(
        trust,
        Certificates.serialize(
            Certificates.trustStore(List.of(pki.caCertificate())), "trust-pw".toCharArray()));
    return new PkiSettings(Mode.TEST, null, p, PASSWORD, "ap", null, trust, "trust-pw", trustG2);
  }

  private static java.time.Clock at(String instant) {
    return java.time.Clock.fixed(Instant.parse(instant), java.time.ZoneOffset.UTC);
  }

  /**
   * End to end with the dev PKI on the TEST network: after 2026-04-01 the loaded key material
   * (which the AS4 inbound verifier and the receiver certificate check use) trusts the G3 AP CA
   * and the configured extra CA, not the G2 AP CA; before that day, or with
   * gateway.pki.trust-g2=true, the G2 AP CA too. The dev certificate is trusted throughout.
   */
  @Test
  void theG2ApCaIsTrustedOnlyBeforeItsRevocationOrWithTheKey() throws Exception {
    String seat = "PSE000001";
    String today = Instant.now().toString();
    ApKeyMaterial after = ApKeyMaterialLoader.load(testNetworkWithDevCa(false), seat, at(today));
    assertFalse(after.trustedCas().contains(G2_TEST_AP), "G2 refused by default after 2026-04-01");
    assertTrue(after.trustedCas().contains(G3_TEST_AP));
    assertTrue(after.trustedCas().contains(pki.caCertificate()));

    ApKeyMaterial keyed = ApKeyMaterialLoader.load(testNetworkWithDevCa(true), seat, at(today));
    assertTrue(keyed.trustedCas().contains(G2_TEST_AP), "gateway.pki.trust-g2=true");
    assertTrue(keyed.trustedCas().contains(G3_TEST_AP));

    ApKeyMaterial before =
        ApKeyMaterialLoader.load(testNetworkWithDevCa(false), seat, at("2026-03-31T12:00:00Z"));
    assertTrue(before.trustedCas().contains(G2_TEST_AP), "G2 still trusted before 2026-04-01");

    // the verifier built from it: which CAs it accepts as issuers
    assertEquals(
        ECertificateCheckResult.UNSUPPORTED_ISSUER,
        ApCertificateVerifier.forKeyMaterial(after).asTrustedCAChecker().checkCertificate(G2_TEST_AP));
    assertFalse(ApCertificateVerifier.forKeyMaterial(after).trustedCas().contains(G2_TEST_AP));
    assertTrue(ApCertificateVerifier.forKeyMaterial(keyed).trustedCas().contains(G2_TEST_AP));
  }

  @Test
  @SuppressWarnings("deprecation") // Config2018: the G2 CAs
  void theProductionNetworkTrustsOnlyTheG3ApCaByDefault() {
    assertEquals(
        List.of(com.helger.peppol.security.PeppolTrustStores.Config2025.CERTIFICATE_PRODUCTION_AP),
        ApKeyMaterialLoader.peppolApCas(Mode.PRODUCTION, false));
    assertTrue(
        ApKeyMaterialLoader.peppolApCas(Mode.PRODUCTION, true)
            .contains(com.helger.peppol.security.PeppolTrustStores.Config2018.CERTIFICATE_PRODUCTION_AP));
  }

  @Test
  void productionCasDifferFromTestCas() {
    List<java.security.cert.X509Certificate> prod = ApKeyMaterialLoader.peppolApCas(Mode.PRODUCTION);
    assertEquals(2, prod.size());
    assertTrue(Collections.disjoint(prod, ApKeyMaterialLoader.peppolApCas(Mode.TEST)));
  }
}
