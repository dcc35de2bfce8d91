package se.peppolgw.ap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.peppolgw.ap.handover.HandoverMode;

/**
 * The settings areas that used to be loose accessors of GatewayConfig (keys, participants,
 * hand-over, reporting, operators, retention, API, metrics, alerts, identity): their defaults, that
 * each is bound once, and that a wrong value refuses the start with one exact line.
 */
class SettingsAreasTest {
  private static final String HASH = "sha256:" + "ab".repeat(32);
  @TempDir Path dir;

  private List<String> problems(String... kv) {
    Map<String, String> m = new HashMap<>();
    m.put("gateway.data.dir", dir.toString());
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return ConfigCheck.problems(new GatewayConfig(ConfigSource.of(m, null)));
  }

  private static GatewayConfig config(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return new GatewayConfig(ConfigSource.of(m, null));
  }

  @Test
  void defaultsAreThoseOfTheReadmeAndEachAreaIsBoundOnce() {
    GatewayConfig c = config("gateway.data.dir", "/srv/gw");
    assertEquals(Path.of("keystore").toAbsolutePath().normalize(), c.keys().keystoreDir());
    assertEquals(Optional.empty(), c.keys().keystorePath());
    assertEquals(false, c.keys().revocationSoftFail());
    assertEquals(List.of(), c.served().participants());
    assertEquals(Optional.of(Path.of("/srv/gw/inbox")), c.handover().inboxDir());
    assertEquals(EnumSet.of(HandoverMode.FOLDER, HandoverMode.PULL_API), c.handover().modes());
    assertEquals(Duration.ofSeconds(30), c.handover().retryDelay());
    assertEquals("", c.handover().webhookSecret());
    assertEquals(ZoneId.of("Europe/Stockholm"), c.reporting().zone());
    assertEquals(Duration.ofMinutes(60), c.ops().sessionIdleTimeout());
    assertEquals(Optional.empty(), c.retention().days("invoice"));
    assertEquals(Duration.ofHours(24), c.retention().purgeInterval());
    assertEquals(List.of(), c.api().tokens());
    assertEquals(Optional.empty(), c.metrics().tokenHash());
    assertEquals(false, c.alerts().enabled());
    assertEquals(true, c.inbound().mlsSend());
    assertEquals(Optional.empty(), c.outbound().defaultCountryC1());
    assertSame(c.keys(), c.keys());
    assertSame(c.served(), c.served());
    assertSame(c.handover(), c.handover());
    assertSame(c.reporting(), c.reporting());
    assertSame(c.ops(), c.ops());
    assertSame(c.retention(), c.retention());
    assertSame(c.api(), c.api());
    assertSame(c.alerts(), c.alerts());
    assertEquals(c.nodeId(), c.nodeId(), "one generated node id for every part of this node");
  }

  @Test
  void givenValuesAreBound() {
    GatewayConfig c = config(
        "gateway.participants", "acme",
        "gateway.participant.acme.id", "0007:5567212345",
        "gateway.participant.acme.country", "se",
        "gateway.operators", "ann",
        "gateway.operator.ann.role", "admin",
        "gateway.operator.ann.token-hashes", HASH,
        "gateway.retention.invoice.days", "4000",
        "gateway.api.tokens", "erp",
        "gateway.api.token.erp.hash", HASH,
        "gateway.api.token.erp.may-send-for", "0088:7300000000001",
        "gateway.metrics.token-hash", HASH,
        "gateway.mls.send", "false",
        "gateway.outbound.default-country-c1", "fi",
        "gateway.node-id", "node-a");
    assertEquals(Map.of("0007:5567212345", "SE"), c.served().countries());
    assertEquals(List.of("ann"), c.ops().operatorNames());
    assertEquals("admin", c.ops().operatorRole("ann"));
    assertEquals("viewer", c.ops().operatorRole("bob"));
    assertEquals(List.of(HASH), c.ops().operatorTokenHashes("ann"));
    assertEquals(Optional.empty(), c.ops().operatorPasswordHash("ann"));
    assertEquals(Optional.of(4000), c.retention().days("invoice"));
    assertEquals("API token 'erp'", c.api().tokens().get(0).name());
    assertEquals(List.of("0088:7300000000001"), c.api().tokens().get(0).maySendFor());
    assertEquals(Optional.of(HASH), c.metrics().tokenHash());
    assertEquals(false, c.inbound().mlsSend());
    assertEquals(Optional.of("FI"), c.outbound().defaultCountryC1());
    assertEquals(Optional.of("FI"), c.reporting().country(), "reporting falls back to the outbound C1 country");
    assertEquals("node-a", c.nodeId());
  }

  /** One bad value each: the exact line the operator reads. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock = """
      gateway.local.seat-id                 | SE1     | gateway.local.seat-id = 'SE1' (override) is not a Peppol seat id (e.g. PSE000001)
      gateway.node-id                       | node a  | gateway.node-id = 'node a' (override) is not 1 to 100 visible ASCII characters without spaces
      gateway.pki.trust-g2                  | perhaps | gateway.pki.trust-g2 = 'perhaps' is not true/false
      gateway.revocation.soft-fail          | 2       | gateway.revocation.soft-fail = '2' is not true/false
      gateway.mls.send                      | never   | gateway.mls.send = 'never' is not true/false
      gateway.handover.retry-seconds        | 0       | gateway.handover.retry-seconds = '0' (override) is out of range; allowed: 1 to 86400
      gateway.handover.modes                | fax     | gateway.handover.modes: unknown mode 'fax' (folder, pull-api, webhook; one or several, comma-separated)
      gateway.webhook.url                   | https://bo.example/in | gateway.webhook.secret is missing: a webhook needs a shared secret for its HMAC signature
      gateway.reporting.hour                | 24      | gateway.reporting.hour = '24' (override) is out of range; allowed: 0 to 23
      gateway.reporting.sender-id           | 0242:X  | gateway.reporting.sender-id = '0242:X' (override) is not a Peppol participant identifier value (e.g. 0242:000123, the six digits of seat id PSE000123)
      gateway.ops.session-idle-minutes      | 0       | gateway.ops.session-idle-minutes = '0' (override) is out of range; allowed: 1 to 10080
      gateway.retention.invoice.days        | 0       | gateway.retention.invoice.days = '0' (override) is out of range; allowed: 1 to 36500
      gateway.retention.purge-interval-hours | 0      | gateway.retention.purge-interval-hours = '0' (override) is out of range; allowed: 1 to 8760
      gateway.api.token-hashes              | md5:1   | gateway.api.token-hashes: 'md5:1' is not of the form sha256:<64 hex>; create one with: java -jar gateway.jar hash-token <token>
      gateway.api.local-token.may-send-for  | acme    | gateway.api.local-token.may-send-for: 'acme' is not a Peppol participant identifier value (e.g. 0007:5567212345) or *
      gateway.metrics.token-hash            | secret  | gateway.metrics.token-hash: 'secret' is not of the form sha256:<64 hex>; create one with: java -jar gateway.jar hash-token <token>
      gateway.alerts.check-seconds          | 0       | gateway.alerts.check-seconds = '0' (override) is out of range; allowed: 1 to 3600
      gateway.alerts.webhook.url            | ftp://x | gateway.alerts.webhook.url = 'ftp://x' is not an http(s) URL
      """)
  void aBadValueGivesOneExactLine(String key, String value, String line) {
    List<String> p = problems(key, value);
    if (key.equals("gateway.alerts.webhook.url")) {
      // the missing secret is a problem of its own
      assertEquals(List.of(line, "gateway.alerts.webhook.secret is missing: the alert webhook needs a shared"
          + " secret for its HMAC signature"), p);
    } else {
      assertEquals(List.of(line), p);
    }
  }

  @Test
  void everyWrongParticipantIsALineOfItsOwn() {
    assertEquals(
        List.of(
            "gateway.participant.a.id is missing: participant 'a' is listed in gateway.participants but has no"
                + " identifier (e.g. 0007:5567212345)",
            "gateway.participant.b.id = '5567212345' is not a Peppol participant identifier value (expected ICD"
                + " scheme code, colon, identifier, e.g. 0007:5567212345)",
            "gateway.participant.b.country = 'Sweden' (override) is not a two-letter ISO 3166 country code (e.g. SE)"),
        problems(
            "gateway.participants", "a, b",
            "gateway.participant.b.id", "5567212345",
            "gateway.participant.b.country", "Sweden"));
  }

  @Test
  void everyAlertProblemIsALineOfItsOwn() {
    assertEquals(
        List.of(
            "gateway.alerts.smtp.from is missing: alert mail needs a sender address",
            "gateway.alerts.smtp.to is missing: alert mail needs at least one recipient",
            "gateway.alerts.smtp.port = '0' (override) is out of range; allowed: 1 to 65535"),
        problems("gateway.alerts.smtp.host", "mail.example.com", "gateway.alerts.smtp.port", "0"));
  }

  @Test
  void aNamedApiTokenWithoutAHashAndAModeWithoutItsPrerequisiteAreRefused() {
    assertEquals(
        List.of("gateway.api.token.erp.hash is missing: API token 'erp' is listed in gateway.api.tokens but has"
            + " no hash (make one with: ./gateway hash-token)"),
        problems("gateway.api.tokens", "erp"));
    assertEquals(
        List.of(
            "gateway.handover.modes names folder but gateway.inbox.dir is none",
            "gateway.handover.modes names webhook but gateway.webhook.url is not set"),
        problems("gateway.handover.modes", "folder,webhook", "gateway.inbox.dir", "none"));
  }

  @Test
  void aRetentionKindThatDoesNotExistIsNamed() {
    List<String> p = problems("gateway.retention.receipts.days", "30");
    assertEquals(1, p.size(), p::toString);
    assertTrue(p.get(0).startsWith("gateway.retention.receipts.days (override) names no document kind"), p.get(0));
  }
}
