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
 */
public record PkiSettings(
    Mode mode,
    Path keystoreDir,
    Path keystorePath,
    String keystorePassword,
    String keyAlias,
    String keyPassword,
    Path truststorePath,
    String truststorePassword) {

  public PkiSettings {
    Objects.requireNonNull(mode, "mode");
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
        + "]";
  }
}
