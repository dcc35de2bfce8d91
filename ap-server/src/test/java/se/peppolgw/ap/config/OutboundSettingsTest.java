package se.peppolgw.ap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutboundSettingsTest {
  private static GatewayConfig config(Map<String, String> values) {
    return new GatewayConfig(ConfigSource.of(values, null));
  }

  @Test
  void theDefaultsAreREADMEs() {
    GatewayConfig c = config(Map.of("gateway.data.dir", "/srv/gw"));
    OutboundSettings o = c.outbound();
    assertSame(o, c.outbound(), "bound once");
    assertTrue(o.validationEnabled());
    assertEquals(false, o.validationAllowSkip());
    assertEquals(100L * 1024 * 1024, o.maxDocumentBytes());
    assertEquals(4, o.workers());
    assertTrue(o.reuseConnections());
    assertEquals(Duration.ofSeconds(1), o.pollInterval());
    assertEquals(Duration.ofMinutes(5), o.lease());
    assertEquals(Duration.ofMinutes(2), o.responseTimeout());
    assertEquals(Duration.ofDays(90), o.duplicateWindow());
    assertEquals(Duration.ofHours(24), o.idempotencyRetention());
    assertEquals(
        new OutboundSettings.Retry(6, Duration.ofMinutes(4), 2.0, Duration.ofHours(1), 0.2), o.retry());
    assertEquals(Optional.empty(), o.webhookUrl());
    assertEquals("", o.webhookSecret());
    assertEquals(Duration.ofSeconds(30), o.webhookRetryInitialDelay());
    assertEquals(Optional.of(Path.of("/srv/gw/outbound")), o.dir());
    assertEquals(List.of(), o.dirMaySendFor());
  }

  @Test
  void givenValuesAreBound() {
    OutboundSettings o =
        config(Map.of(
                "gateway.outbound.retry.max-attempts", "3",
                "gateway.outbound.webhook.url", "https://erp.example/status",
                "gateway.outbound.webhook.secret", "s3cret",
                "gateway.outbound.dir", "none",
                "gateway.outbound.dir.may-send-for", "0007:5567212345, *"))
            .outbound();
    assertEquals(3, o.retry().maxAttempts());
    assertEquals(Optional.of(URI.create("https://erp.example/status")), o.webhookUrl());
    assertEquals("s3cret", o.webhookSecret());
    assertEquals(Optional.empty(), o.dir());
    assertEquals(List.of("0007:5567212345", "*"), o.dirMaySendFor());
  }

  @Test
  void everyWrongValueOfTheAreaIsReportedAtOnce() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> config(Map.of(
                    "gateway.outbound.workers", "-1",
                    "gateway.outbound.retry.jitter", "2",
                    "gateway.outbound.webhook.url", "https://erp.example/status"))
                .outbound());
    assertEquals(
        List.of(
            "gateway.outbound.webhook.secret is missing: the outbound status webhook needs a shared secret"
                + " for its HMAC signature",
            "gateway.outbound.retry.jitter = '2' (override) is out of range; allowed: 0.0 to 1.0",
            "gateway.outbound.workers = '-1' (override) is out of range; allowed: 0 to 256"),
        e.getMessage().lines().toList());
  }
}
