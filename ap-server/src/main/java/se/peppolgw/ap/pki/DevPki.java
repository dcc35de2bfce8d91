package se.peppolgw.ap.pki;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.config.Mode;

/**
 * The local-mode development PKI: a dev CA and an AP certificate issued by it, generated with
 * BouncyCastle on first start under the key store directory and reused afterwards.
 *
 * <p>Files (all git-ignored):
 *
 * <ul>
 *   <li>{@code dev-password.txt}: the random password of the three PKCS#12 files (mode 600);
 *   <li>{@code dev-ca.p12}: the CA key and self-signed certificate (alias {@code ca});
 *   <li>{@code dev-ap.p12}: our AP key, alias {@code ap}, chain [ap, ca], CN = seat id;
 *   <li>{@code dev-truststore.p12}: only the CA certificate.
 * </ul>
 *
 * Every file is written to a temp file in the same directory and renamed into place, so an
 * interrupted generation never leaves a half-written key store; leftover temp files are deleted
 * on the next start ({@link DevPkiFiles} reads and writes them). A missing AP certificate or
 * trust store is re-created from the existing CA; an AP certificate that is expired, expires
 * within {@link #RENEW_BEFORE}, or has another seat id is re-issued.
 */
public final class DevPki {
  public static final String DEFAULT_SEAT_ID = "PSE000001";
  public static final String CA_COMMON_NAME = "Peppol Gateway Local Dev CA";
  public static final String CA_FILE = "dev-ca.p12";
  public static final String AP_FILE = "dev-ap.p12";
  public static final String TRUSTSTORE_FILE = "dev-truststore.p12";
  public static final String PASSWORD_FILE = "dev-password.txt";
  public static final String AP_ALIAS = "ap";
  public static final String CA_ALIAS = "ca";
  /** Validity of a generated AP certificate. */
  public static final Duration AP_VALIDITY = Duration.ofDays(2 * 365);
  /** A dev AP certificate closer than this to its expiry is re-issued at start. */
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);

  static final Pattern SEAT_ID =
      Pattern.compile(com.helger.peppolid.peppol.PeppolIdentifierHelper.REGEX_SEAT_ID);
  private static final String LOCK_FILE = ".dev-pki.lock";
  private static final Logger LOG = LoggerFactory.getLogger(DevPki.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Object JVM_LOCK = new Object();

  private final Path dir;
  private final DevCa ca;
  private final ApKeyMaterial apKeyMaterial;

  private DevPki(Path dir, DevCa ca, ApKeyMaterial apKeyMaterial) {
    this.dir = dir;
    this.ca = ca;
    this.apKeyMaterial = apKeyMaterial;
  }

  /**
   * Loads the dev PKI from {@code keystoreDir}, generating what is missing.
   *
   * @throws KeyMaterialException when the directory cannot be written or existing files cannot be
   *     opened with the stored password
   */
  public static DevPki loadOrCreate(Path keystoreDir, String seatId) {
    Objects.requireNonNull(keystoreDir, "keystoreDir");
    checkSeatId(seatId, "gateway.local.seat-id");
    Path dir = keystoreDir.toAbsolutePath().normalize();
    synchronized (JVM_LOCK) {
      try {
        // private keys live here: owner only, from creation on
        se.peppolgw.ap.fs.SafeFiles.createDirectories(dir, se.peppolgw.ap.fs.SafeFiles.PRIVATE_DIR);
      } catch (IOException e) {
        throw new KeyMaterialException(
            "gateway.keystore.dir: cannot create the directory " + dir + " (" + e + ")", e);
      }
      try (FileChannel lockChannel =
          FileChannel.open(
              dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        // another gateway process on the same directory waits here; closing releases the lock
        FileLock lock = lockChannel.lock();
        try {
          return loadOrCreateLocked(dir, seatId);
        } finally {
          lock.release();
        }
      } catch (IOException e) {
        throw new KeyMaterialException(
            "gateway.keystore.dir: cannot write the dev PKI in " + dir + " (" + e + ")", e);
      }
    }
  }

  private static DevPki loadOrCreateLocked(Path dir, String seatId) throws IOException {
    DevPkiFiles.deleteLeftoverTempFiles(dir);
    Path passwordFile = dir.resolve(PASSWORD_FILE);
    Path caFile = dir.resolve(CA_FILE);
    Path apFile = dir.resolve(AP_FILE);
    Path trustFile = dir.resolve(TRUSTSTORE_FILE);

    if (!Files.exists(passwordFile)) {
      if (Files.exists(caFile) || Files.exists(apFile)) {
        throw new KeyMaterialException(
            "gateway.keystore.dir: "
                + passwordFile
                + " is missing, so the existing dev key stores in "
                + dir
                + " cannot be opened; delete the dev-* files there to generate a new dev PKI");
      }
      DevPkiFiles.writeAtomically(passwordFile, (randomPassword() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    char[] password = DevPkiFiles.readPassword(passwordFile);

    DevCa ca;
    if (Files.exists(caFile)) {
      ca = DevPkiFiles.loadCa(caFile, password);
    } else {
      LOG.info("Generating the local dev CA in {}", caFile);
      ca = DevCa.generate(CA_COMMON_NAME);
      KeyStore ks =
          Certificates.keyStore(CA_ALIAS, ca.privateKey(), password, List.of(ca.certificate()));
      DevPkiFiles.writeAtomically(caFile, Certificates.serialize(ks, password));
      // an AP certificate of an older CA is useless now
      Files.deleteIfExists(apFile);
      Files.deleteIfExists(trustFile);
    }

    ApKeyMaterial ap = Files.exists(apFile) ? DevPkiFiles.loadAp(apFile, password, ca) : null;
    String renewReason = ap == null ? "it does not exist yet" : renewReason(ap, ca, seatId);
    if (renewReason != null) {
      LOG.info("Issuing the local dev AP certificate for {} in {}: {}", seatId, apFile, renewReason);
      Instant now = Instant.now();
      ApKeyMaterial fresh =
          ca.issueApCertificate(seatId, now.minus(Duration.ofHours(1)), now.plus(AP_VALIDITY));
      ap = withPassword(fresh, password, ca);
      DevPkiFiles.writeAtomically(apFile, Certificates.serialize(ap.keyStore(), password));
    }

    if (!DevPkiFiles.trustStoreHoldsOnly(trustFile, password, ca.certificate())) {
      KeyStore ts = Certificates.emptyPkcs12();
      try {
        ts.setCertificateEntry(CA_ALIAS, ca.certificate());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      DevPkiFiles.writeAtomically(trustFile, Certificates.serialize(ts, password));
    }
    return new DevPki(dir, ca, ap);
  }

  /** The CA of this dev PKI. */
  public DevCa ca() {
    return ca;
  }

  public X509Certificate caCertificate() {
    return ca.certificate();
  }

  /** Our AP key material (LOCAL mode; trust store = the dev CA). */
  public ApKeyMaterial apKeyMaterial() {
    return apKeyMaterial;
  }

  /** The directory holding the dev files. */
  public Path directory() {
    return dir;
  }

  /**
   * Issues another AP certificate from the same dev CA (a second gateway, an expired or a
   * not-yet-valid certificate). Nothing is written to disk.
   */
  public ApKeyMaterial issueApCertificate(String seatId, Instant notBefore, Instant notAfter) {
    return ca.issueApCertificate(seatId, notBefore, notAfter);
  }

  /** A new self-signed CA that nobody trusts, for certificates that must be rejected. */
  public static DevCa createStandaloneCa(String cn) {
    return DevCa.generate(cn);
  }

  /**
   * Writes {@code material}'s key entry as a PKCS#12 file (atomically, mode 600), protected by
   * {@code password} (used for the store and the key). Meant for tests and tooling.
   */
  public static void writePkcs12(ApKeyMaterial material, Path file, char[] password) {
    KeyStore ks =
        Certificates.keyStore(
            material.alias(), material.privateKey(), password, material.chain());
    try {
      DevPkiFiles.writeAtomically(file.toAbsolutePath(), Certificates.serialize(ks, password));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file, e);
    }
  }

  /** 24 random bytes, base64url: 32 characters. */
  static String randomPassword() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static void checkSeatId(String seatId, String configKey) {
    if (seatId == null || !SEAT_ID.matcher(seatId).matches()) {
      throw new KeyMaterialException(
          configKey
              + ": '"
              + seatId
              + "' is not a Peppol seat id (expected "
              + SEAT_ID.pattern()
              + ", e.g. PSE000001)");
    }
  }

  private static String renewReason(ApKeyMaterial ap, DevCa ca, String seatId) {
    X509Certificate cert = ap.certificate();
    if (!Certificates.isSignedBy(cert, ca.certificate())) {
      return "the existing one is not issued by the current dev CA";
    }
    if (!seatId.equals(ap.seatId())) {
      return "the existing one is for seat id " + ap.seatId();
    }
    Instant notAfter = cert.getNotAfter().toInstant();
    if (Instant.now().plus(RENEW_BEFORE).isAfter(notAfter)) {
      return "the existing one expires on " + Certificates.date(notAfter);
    }
    return null;
  }

  private static ApKeyMaterial withPassword(ApKeyMaterial m, char[] password, DevCa ca) {
    return new ApKeyMaterial(
        Mode.LOCAL, AP_ALIAS, password, m.privateKey(), m.chain(), List.of(ca.certificate()));
  }
}
