package se.peppolgw.ap.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.peppolid.peppol.PeppolIdentifierHelper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.peppolgw.ap.config.Mode;

class DevPkiTest {
  @TempDir Path dir;

  private static KeyStore open(Path file, char[] password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, password);
    }
    return ks;
  }

  private char[] password() throws Exception {
    return Files.readString(dir.resolve(DevPki.PASSWORD_FILE), StandardCharsets.UTF_8)
        .strip()
        .toCharArray();
  }

  @Test
  void firstStartCreatesTheFilesAndSecondStartLoadsTheSameCertificate() throws Exception {
    DevPki first = DevPki.loadOrCreate(dir, "PSE000001");
    for (String f :
        List.of(DevPki.CA_FILE, DevPki.AP_FILE, DevPki.TRUSTSTORE_FILE, DevPki.PASSWORD_FILE)) {
      assertTrue(Files.isRegularFile(dir.resolve(f)), f);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        assertEquals(
            "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))), f);
      }
    }
    assertTrue(password().length >= 24, "a long random password");

    ApKeyMaterial ap = first.apKeyMaterial();
    X509Certificate cert = ap.certificate();
    X509Certificate ca = first.caCertificate();
    assertEquals(Mode.LOCAL, ap.mode());
    assertEquals("PSE000001", ap.seatId());
    assertTrue(ap.seatId().matches(PeppolIdentifierHelper.REGEX_SEAT_ID));
    assertTrue(ap.subject().contains("O="), ap.subject());
    assertTrue(ap.subject().contains("C=SE"), ap.subject());
    assertEquals("SHA256withRSA", cert.getSigAlgName());
    assertTrue(((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength() >= 2048);
    boolean[] ku = cert.getKeyUsage();
    assertTrue(ku[0] && ku[2] && ku[3], "digitalSignature, keyEncipherment, dataEncipherment");
    assertEquals(-1, cert.getBasicConstraints(), "the AP certificate is not a CA");
    // the CA
    assertTrue(ca.getBasicConstraints() >= 0, "basicConstraints CA");
    assertTrue(ca.getKeyUsage()[5], "keyCertSign");
    assertTrue(ca.getSubjectX500Principal().getName().contains(DevPki.CA_COMMON_NAME));
    ca.verify(ca.getPublicKey());
    // the chain verifies against the CA
    assertEquals(List.of(cert, ca), ap.chain());
    cert.verify(ca.getPublicKey());
    long days = Duration.between(Instant.now(), ap.notAfter()).toDays();
    assertTrue(days > 700 && days <= 730, "about 2 years: " + days);
    assertEquals(days, ap.daysUntilExpiry(java.time.Clock.systemUTC()), 1);

    // the files themselves
    KeyStore apStore = open(dir.resolve(DevPki.AP_FILE), password());
    assertEquals(List.of("ap"), Collections.list(apStore.aliases()));
    assertEquals(2, apStore.getCertificateChain("ap").length);
    assertEquals(cert, apStore.getCertificate("ap"));
    KeyStore trust = open(dir.resolve(DevPki.TRUSTSTORE_FILE), password());
    List<String> aliases = Collections.list(trust.aliases());
    assertEquals(1, aliases.size(), "only the CA: " + aliases);
    assertTrue(trust.isCertificateEntry(aliases.get(0)));
    assertEquals(ca, trust.getCertificate(aliases.get(0)));
    assertEquals(List.of(ca), ap.trustedCas());
    assertEquals(1, Collections.list(ap.trustStore().aliases()).size());

    byte[] apBytes = Files.readAllBytes(dir.resolve(DevPki.AP_FILE));
    DevPki second = DevPki.loadOrCreate(dir, "PSE000001");
    assertEquals(cert.getSerialNumber(), second.apKeyMaterial().certificate().getSerialNumber());
    assertEquals(ca.getSerialNumber(), second.caCertificate().getSerialNumber());
    assertEquals(ap.privateKey(), second.apKeyMaterial().privateKey());
    assertArrayEquals(apBytes, Files.readAllBytes(dir.resolve(DevPki.AP_FILE)), "not rewritten");
  }

  @Test
  void leftoverTempFilesFromAnInterruptedGenerationDoNotBreakTheNextStart() throws Exception {
    // crash before anything was renamed into place: only temp files (half written)
    Files.write(dir.resolve("dev-password.txt.123.tmp"), new byte[] {1, 2});
    Files.write(dir.resolve("dev-ca.p12.456.tmp"), new byte[] {0x30, (byte) 0x82, 0});
    DevPki pki = DevPki.loadOrCreate(dir, "PSE000001");
    pki.apKeyMaterial().certificate().verify(pki.caCertificate().getPublicKey());
    try (Stream<Path> files = Files.list(dir)) {
      assertFalse(files.anyMatch(p -> p.toString().endsWith(".tmp")), "temp files removed");
    }

    // crash after the CA was written, while the AP key store was being written
    Files.delete(dir.resolve(DevPki.AP_FILE));
    Files.delete(dir.resolve(DevPki.TRUSTSTORE_FILE));
    Files.write(dir.resolve("dev-ap.p12.789.tmp"), new byte[] {0x30, (byte) 0x82, 0, 5});
    DevPki next = DevPki.loadOrCreate(dir, "PSE000001");
    assertEquals(
        pki.caCertificate().getSerialNumber(), next.caCertificate().getSerialNumber(), "same CA");
    assertNotEquals(
        pki.apKeyMaterial().certificate().getSerialNumber(),
        next.apKeyMaterial().certificate().getSerialNumber());
    next.apKeyMaterial().certificate().verify(next.caCertificate().getPublicKey());
    assertTrue(Files.isRegularFile(dir.resolve(DevPki.TRUSTSTORE_FILE)));
    assertFalse(Files.exists(dir.resolve("dev-ap.p12.789.tmp")));
  }

  @Test
  void anotherSeatIdReissuesTheApCertificateFromTheSameCa() {
    DevPki a = DevPki.loadOrCreate(dir, "PSE000001");
    DevPki b = DevPki.loadOrCreate(dir, "PNO000042");
    assertEquals("PNO000042", b.apKeyMaterial().seatId());
    assertEquals(a.caCertificate(), b.caCertificate());
  }

  @Test
  void aSeatIdThatIsNotPeppolShapedIsRefused() {
    KeyMaterialException e =
        assertThrows(KeyMaterialException.class, () -> DevPki.loadOrCreate(dir, "gateway-1"));
    assertTrue(e.getMessage().startsWith("gateway.local.seat-id: 'gateway-1'"), e.getMessage());
    assertTrue(e.getMessage().contains("P[A-Z]{2}[0-9]{6}"), e.getMessage());
  }

  @Test
  void keyStoresWithoutTheirPasswordFileAreNotSilentlyReplaced() throws Exception {
    DevPki.loadOrCreate(dir, "PSE000001");
    Files.delete(dir.resolve(DevPki.PASSWORD_FILE));
    KeyMaterialException e =
        assertThrows(KeyMaterialException.class, () -> DevPki.loadOrCreate(dir, "PSE000001"));
    assertTrue(e.getMessage().contains("dev-password.txt is missing"), e.getMessage());
    assertTrue(e.getMessage().contains("delete the dev-* files"), e.getMessage());
  }

  @Test
  void issuesFurtherCertificatesFromTheSameCaAndStandaloneCas() throws Exception {
    DevPki pki = DevPki.loadOrCreate(dir, "PSE000001");
    Instant now = Instant.now();
    ApKeyMaterial expired =
        pki.issueApCertificate("PSE000002", now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)));
    assertEquals("PSE000002", expired.seatId());
    expired.certificate().verify(pki.caCertificate().getPublicKey());
    assertTrue(expired.daysUntilExpiry(java.time.Clock.systemUTC()) < 0);
    assertEquals(2, expired.chain().size());

    DevCa foreign = DevPki.createStandaloneCa("Foreign CA");
    ApKeyMaterial other = foreign.issueApCertificate("PSE000003", now, now.plus(Duration.ofDays(1)));
    other.certificate().verify(foreign.certificate().getPublicKey());
    assertFalse(Certificates.isSignedBy(other.certificate(), pki.caCertificate()));
  }
}
