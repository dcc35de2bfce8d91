package se.peppolgw.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import se.peppolgw.ap.pki.ApCertificateVerifier;
import se.peppolgw.ap.pki.ApKeyMaterial;
import se.peppolgw.ap.pki.DevPki;

/** One gateway's set-up for a scenario: dev PKI made beforehand, settings, a trusted sender. */
final class Env {
  static final boolean LONG = Boolean.getBoolean("reliability.long");

  final Path root;
  final Path dataDir;
  final Path keystoreDir;
  final DevPki pki;
  final Map<String, String> settings = new HashMap<>();

  Env(Path root) {
    this.root = root;
    this.dataDir = root.resolve("data");
    this.keystoreDir = root.resolve("keystore");
    // The child gateway loads this PKI (local mode), so we know its certificate and CA.
    this.pki = DevPki.loadOrCreate(keystoreDir, DevPki.DEFAULT_SEAT_ID);
    settings.put("gateway.mode", "local");
    settings.put("gateway.data.dir", dataDir.toString());
    settings.put("gateway.keystore.dir", keystoreDir.toString());
    settings.put("gateway.participants", "supplier");
    settings.put("gateway.participant.supplier.id", As4Client.SUPPLIER);
    settings.put("gateway.participant.supplier.document-types", "invoice");
    settings.put("gateway.handover.retry-seconds", "1");
    settings.put("gateway.http.shutdown-grace-seconds", "5");
    settings.put("gateway.punchout.config-dir", "none");
    // inbound scenarios: no outbound folder watcher, no BIS validation warm-up competing for CPU
    settings.put("gateway.outbound.dir", "none");
    settings.put("gateway.outbound.validation.enabled", "false");
  }

  Path inboxDir() {
    return dataDir.resolve("inbox");
  }

  GatewayProcess gateway(String name) {
    return new GatewayProcess(root, name, settings).jvmArg("-Xmx512m");
  }

  As4Client sender(GatewayProcess gw) {
    ApKeyMaterial k =
        pki.issueApCertificate(
            "PSE000002", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    return new As4Client(
        k, pki.apKeyMaterial().certificate(),
        ApCertificateVerifier.forKeyMaterial(pki.apKeyMaterial()).asTrustedCAChecker(),
        gw.url("/as4"));
  }

  /** A fresh folder under target/reliability-work (kept: the gateway logs are there). */
  static Path workDir(String scenario) throws IOException {
    Path base = Path.of(System.getProperty("reliability.work.dir", "target/reliability-work"));
    Path d = base.resolve(scenario + "-" + System.currentTimeMillis()).toAbsolutePath();
    Files.createDirectories(d);
    return d;
  }

  static byte[] invoice() throws IOException {
    String shared = System.getProperty("gateway.shared.dir", "../../shared");
    return Files.readAllBytes(
        Path.of(shared, "testdata", "peppol-bis", "billing", "base-example.xml"));
  }
}
