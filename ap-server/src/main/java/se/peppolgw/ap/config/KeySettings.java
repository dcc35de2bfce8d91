package se.peppolgw.ap.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The access point's key material ({@code gateway.keystore.*}, {@code gateway.truststore.*}) and
 * the PKI switches, bound once from the configuration (README.md lists every key and default). The
 * files themselves are opened later by the key loader; {@link ConfigCheck} checks that they exist.
 *
 * @param keystoreDir where local mode keeps its generated dev PKI
 * @param keystorePath the AP key store (PKCS#12); absent: local mode's dev PKI
 * @param revocationSoftFail accept a sender certificate whose revocation status cannot be
 *     determined (CRL/OCSP down); off by default: an unknown status is refused, never silently
 *     treated as valid
 * @param pkiTrustG2 keep trusting the G2 Peppol PKI (AP and SMP CAs) after its revocation on
 *     2026-04-01; only for a closed test network that still uses G2 certificates
 */
public record KeySettings(
    Path keystoreDir,
    Optional<Path> keystorePath,
    Optional<String> keystorePassword,
    Optional<String> keyAlias,
    Optional<String> keyPassword,
    Optional<Path> truststorePath,
    Optional<String> truststorePassword,
    boolean revocationSoftFail,
    boolean pkiTrustG2) {

  static KeySettings bind(GatewayConfig c) {
    ConfigSource src = c.source();
    Problems p = new Problems();
    boolean softFail = p.read(() -> c.bool("gateway.revocation.soft-fail", false), false);
    boolean trustG2 = p.read(() -> c.bool("gateway.pki.trust-g2", false), false);
    KeySettings s =
        new KeySettings(
            Path.of(src.get("gateway.keystore.dir").orElse("keystore")).toAbsolutePath().normalize(),
            src.get("gateway.keystore.path").map(Path::of),
            src.get("gateway.keystore.password"),
            src.get("gateway.keystore.alias"),
            src.get("gateway.keystore.key-password"),
            src.get("gateway.truststore.path").map(Path::of),
            src.get("gateway.truststore.password"),
            softFail,
            trustG2);
    p.throwIfAny();
    return s;
  }
}
