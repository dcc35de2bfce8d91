package se.peppolgw.ap.outbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import se.peppolgw.ap.Gateway;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.config.GatewayConfig;
import se.peppolgw.ap.pki.DevPki;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;

/**
 * One access point of a two-gateway test: its own folder, port, seat id and key. Keys of all
 * peers come from one dev CA (the first peer's), so they trust each other as in local mode. The
 * port and certificate are fixed before start, so that peers can route to each other.
 */
final class Peer implements AutoCloseable {
  final String name;
  final Path root;
  final String seatId;
  final int port;
  final Map<String, String> settings = new LinkedHashMap<>();
  private final X509Certificate certificate;
  private Gateway gateway;

  /**
   * @param caSource a keystore folder whose dev CA this peer shares, or null to create a new CA
   */
  Peer(Path root, String name, String seatId, Path caSource) throws IOException {
    this.name = name;
    this.root = root.resolve(name);
    this.seatId = seatId;
    this.port = freePort();
    Path keystore = this.root.resolve("keystore");
    Files.createDirectories(keystore);
    if (caSource != null) {
      for (String f : new String[] {DevPki.CA_FILE, DevPki.PASSWORD_FILE}) {
        Files.copy(caSource.resolve(f), keystore.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    this.certificate = DevPki.loadOrCreate(keystore, seatId).apKeyMaterial().certificate();
    writePem(this.root.resolve(name + ".pem"), certificate);

    settings.put("gateway.mode", "local");
    settings.put("gateway.local.seat-id", seatId);
    settings.put("gateway.http.port", Integer.toString(port));
    settings.put("gateway.http.bind", "127.0.0.1");
    settings.put("gateway.data.dir", this.root.resolve("data").toString());
    settings.put("gateway.keystore.dir", keystore.toString());
    settings.put("gateway.http.shutdown-grace-seconds", "5");
    settings.put("gateway.handover.retry-seconds", "1");
    // the same test document is sent many times; tests of the duplicate rule switch it on
    settings.put("gateway.outbound.duplicate-window-days", "0");
    settings.put("gateway.outbound.dir", "none");
    settings.put("gateway.outbound.default-country-c1", "SE");
    settings.put("gateway.outbound.poll-ms", "100");
    settings.put("gateway.outbound.retry.initial-delay-ms", "300");
    settings.put("gateway.outbound.retry.multiplier", "1.5");
    settings.put("gateway.outbound.retry.max-delay-ms", "1500");
    settings.put("gateway.outbound.retry.max-attempts", "40");
    settings.put("gateway.outbound.retry.jitter", "0.1");
    settings.put("gateway.node-id", name);
    // MLS answers to received documents would add outbound transmissions to every two-gateway
    // test; the MLS tests switch them on
    settings.put("gateway.mls.send", "false");
  }

  Path keystoreDir() {
    return root.resolve("keystore");
  }

  Path certificateFile() {
    return root.resolve(name + ".pem");
  }

  X509Certificate certificate() {
    return certificate;
  }

  String as4Url() {
    return "http://127.0.0.1:" + port + "/as4";
  }

  /** This peer serves {@code participant} for the given document types (aliases, or *). */
  Peer serves(String key, String participant, String documentTypes) {
    String list = settings.getOrDefault("gateway.participants", "");
    settings.put("gateway.participants", list.isEmpty() ? key : list + "," + key);
    settings.put("gateway.participant." + key + ".id", participant);
    settings.put("gateway.participant." + key + ".document-types", documentTypes);
    return this;
  }

  /** Static route: documents of these types for {@code participant} go to {@code to}. */
  Peer routes(String key, String participant, String documentTypes, Peer to) {
    return routes(key, participant, documentTypes, to.as4Url(), to.certificateFile());
  }

  Peer routes(String key, String participant, String documentTypes, String url, Path cert) {
    String list = settings.getOrDefault("gateway.routing.static-routes", "");
    settings.put("gateway.routing.static-routes", list.isEmpty() ? key : list + "," + key);
    String p = "gateway.routing.static." + key + ".";
    settings.put(p + "participant", participant);
    settings.put(p + "document-types", documentTypes);
    settings.put(p + "url", url);
    settings.put(p + "certificate", cert.toString());
    return this;
  }

  Peer with(String key, String value) {
    settings.put(key, value);
    return this;
  }

  Peer start() throws Exception {
    gateway = Gateway.builder(new GatewayConfig(ConfigSource.of(settings, null))).start();
    se.peppolgw.ap.testkit.GatewayFixture.awaitWarm(gateway);
    return this;
  }

  void stop() {
    if (gateway != null) {
      gateway.stop();
      gateway = null;
    }
  }

  boolean running() {
    return gateway != null;
  }

  Gateway gateway() {
    return gateway;
  }

  HttpResponse<byte[]> post(String query, byte[] body) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/outbound" + query))
            .header("Authorization", "Bearer " + gateway.localApiToken().orElseThrow())
            .header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> get(String path) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + gateway.localApiToken().orElseThrow())
            .GET()
            .build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofByteArray());
  }

  Transmission transmission(String id) {
    return gateway.store().find(id).orElseThrow();
  }

  /** Waits until the outbound transmission reaches a final state (or the state wanted). */
  Transmission awaitState(String id, TransmissionState wanted, Duration max) throws InterruptedException {
    await(
        () -> {
          TransmissionState s = transmission(id).state();
          return s == wanted
              || (s == TransmissionState.DELIVERED || s == TransmissionState.FAILED);
        },
        max,
        () -> name + ": transmission " + id + " is " + transmission(id).state() + ", timeline "
            + gateway.store().timeline(id));
    return transmission(id);
  }

  static void await(BooleanSupplier cond, Duration max, java.util.function.Supplier<String> what)
      throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not reached within " + max + ": " + what.get());
      }
      Thread.sleep(50);
    }
  }

  private static int freePort() throws IOException {
    return se.peppolgw.ap.testkit.FreePort.forLaterBind();
  }

  private static void writePem(Path file, X509Certificate cert) {
    try {
      String pem =
          "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(cert.getEncoded())
              + "\n-----END CERTIFICATE-----\n";
      Files.writeString(file, pem, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
