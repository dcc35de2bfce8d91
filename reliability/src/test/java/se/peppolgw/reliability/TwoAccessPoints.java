package se.peppolgw.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Map;
import se.peppolgw.ap.pki.DevPki;

/**
 * Two access points from one dev CA, for outbound scenarios: the buyer's (sender, seat PSE000002,
 * possibly several nodes sharing its key store) and the supplier's (receiver, seat PSE000001,
 * serving {@link OutboundKillTest#SUPPLIER} for orders). Settings follow {@link OutboundKillTest}.
 */
final class TwoAccessPoints {
  final Path dir;
  final Path senderKeystore;
  final Path receiverPem;

  TwoAccessPoints(Path dir) throws IOException, java.security.cert.CertificateEncodingException {
    this.dir = dir;
    Path rks = dir.resolve("receiver").resolve("keystore");
    senderKeystore = dir.resolve("sender-keystore");
    Files.createDirectories(senderKeystore);
    DevPki receiverPki = DevPki.loadOrCreate(rks, "PSE000001");
    for (String f : new String[] {DevPki.CA_FILE, DevPki.PASSWORD_FILE}) {
      Files.copy(rks.resolve(f), senderKeystore.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    DevPki.loadOrCreate(senderKeystore, "PSE000002");
    receiverPem = dir.resolve("receiver.pem");
    Files.writeString(receiverPem, "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(receiverPki.apKeyMaterial().certificate().getEncoded())
        + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
  }

  GatewayProcess receiver() {
    Map<String, String> r = OutboundKillTest.common(dir.resolve("receiver"));
    r.put("gateway.participants", "supplier");
    r.put("gateway.participant.supplier.id", OutboundKillTest.SUPPLIER);
    r.put("gateway.participant.supplier.document-types", "order");
    return new GatewayProcess(dir, "receiver", r).jvmArg("-Xmx384m");
  }

  /**
   * A sender node routing orders for the supplier to {@code as4Url}, with a short retry schedule.
   * BIS validation is off: these scenarios are about sending, and validating costs CPU the two
   * cores need for the gateways themselves (the timeline notes VALIDATION_OFF).
   */
  Map<String, String> senderSettings(String node, String as4Url) {
    Map<String, String> s = OutboundKillTest.common(dir.resolve(node));
    s.put("gateway.keystore.dir", senderKeystore.toString());
    s.put("gateway.local.seat-id", "PSE000002");
    s.put("gateway.node-id", node);
    s.put("gateway.participants", "buyer");
    s.put("gateway.participant.buyer.id", OutboundKillTest.BUYER);
    s.put("gateway.outbound.dir", "none");
    s.put("gateway.outbound.validation.enabled", "false");
    s.put("gateway.outbound.default-country-c1", "SE");
    s.put("gateway.outbound.poll-ms", "100");
    s.put("gateway.outbound.retry.initial-delay-ms", "300");
    s.put("gateway.outbound.retry.multiplier", "1.5");
    s.put("gateway.outbound.retry.max-delay-ms", "1500");
    s.put("gateway.routing.static-routes", "supplier");
    s.put("gateway.routing.static.supplier.participant", OutboundKillTest.SUPPLIER);
    s.put("gateway.routing.static.supplier.document-types", "order");
    s.put("gateway.routing.static.supplier.url", as4Url);
    s.put("gateway.routing.static.supplier.certificate", receiverPem.toString());
    return s;
  }

  Path receiverInbox() {
    return dir.resolve("receiver").resolve("data").resolve("inbox");
  }

  Path receiverData() {
    return dir.resolve("receiver").resolve("data");
  }

  /** The BIS order example addressed from the buyer to the supplier, with its own order number. */
  static String order(String template, String number) {
    return template.replaceFirst("<cbc:ID>34</cbc:ID>", "<cbc:ID>" + number + "</cbc:ID>");
  }

  static String orderTemplate() throws IOException {
    byte[] order = Files.readAllBytes(Path.of(System.getProperty("gateway.shared.dir", "../../shared"),
        "testdata", "peppol-bis", "poacc", "Order_Example.xml"));
    return OutboundKillTest.readdress(new String(order, StandardCharsets.UTF_8));
  }
}
