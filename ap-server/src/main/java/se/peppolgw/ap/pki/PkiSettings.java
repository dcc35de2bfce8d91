package se.peppolgw.ap.pki;

import java.nio.file.Path;
import java.util.Objects;
import se.peppolgw.ap.config.Mode;

/**
 * Where the gateway's key material comes from. A {@code null} component means "not configured".
 *
 * @param mode the network; LOCAL uses the generated dev PKI under {@code keystoreDir}
 * @param keystoreDir {@code gateway.keystore.dir}: the directory of the generated dev PKI (LOCAL)
 * @param keystorePath {@code gateway.keystore.path}: the Peppol AP PKCS#12 (TEST, PRODUCTION)
 * @param keystorePassword {@code gateway.keystore.password}
 * @param keyAlias {@code gateway.keystore.alias}; may be omitted when the key store holds exactly
 *     one private key
 * @param keyPassword {@code gateway.keystore.key-password}; defaults to the key store password
 * @param truststorePath {@code gateway.truststore.path}: optional extra AP CA certificates
 *     (PKCS#12), added to the Peppol AP CAs of the network
 * @param truststorePassword {@code gateway.truststore.password}
 * @param trustG2 {@code gateway.pki.trust-g2}: keep trusting the G2 Peppol CAs after their
 *     revocation on 2026-04-01 (a closed test network only; see PeppolPkiGenerations)
 */
public record PkiSettings(
    Mode mode,
    Path keystoreDir,
    Path keystorePath,
    String keystorePassword,
    String keyAlias,
    String keyPassword,
    Path truststorePath,
    String truststorePassword,
    boolean trustG2) {

  public PkiSettings {
    Objects.requireNonNull(mode, "mode");
  }

  /** Settings that trust only the G3 Peppol CAs (after 2026-04-01). */
  public PkiSettings(
      Mode mode,
      Path keystoreDir,
      Path keystorePath,
      String keystorePassword,
      String keyAlias,
      String keyPassword,
      Path truststorePath,
      String truststorePassword) {
    this(mode, keystoreDir, keystorePath, keystorePassword, keyAlias, keyPassword, truststorePath,
        truststorePassword, false);
  }

  /** Local mode: the dev PKI is generated in (or loaded from) {@code keystoreDir}. */
  public static PkiSettings local(Path keystoreDir) {
    return new PkiSettings(Mode.LOCAL, keystoreDir, null, null, null, null, null, null);
  }

  /** TEST or PRODUCTION with a PKCS#12 key store and no extra trust store. */
  public static PkiSettings network(
      Mode mode, Path keystorePath, String keystorePassword, String keyAlias) {
    return new PkiSettings(
        mode, null, keystorePath, keystorePassword, keyAlias, null, null, null);
  }

  /** Passwords are never printed. */
  @Override
  public String toString() {
    return "PkiSettings[mode="
        + mode
        + ", keystoreDir="
        + keystoreDir
        + ", keystorePath="
        + keystorePath
        + ", keystorePassword="
        + (keystorePassword == null ? "<not set>" : "***")
        + ", keyAlias="
        + keyAlias
        + ", keyPassword="
        + (keyPassword == null ? "<not set>" : "***")
        + ", truststorePath="
        + truststorePath
        + ", truststorePassword="
        + (truststorePassword == null ? "<not set>" : "***")
        + ", trustG2="
        + trustG2
        + "]";
  }
}
