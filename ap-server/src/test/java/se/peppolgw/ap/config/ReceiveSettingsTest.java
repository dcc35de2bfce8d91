package se.peppolgw.ap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.config.GatewayConfig.DuplicateAnswer;

/** The inbound area is bound once, with its README defaults, and reports all its problems together. */
class ReceiveSettingsTest {
  private static GatewayConfig config(Map<String, String> values) {
    return new GatewayConfig(ConfigSource.of(values, null));
  }

  @Test
  void defaultsAreThoseOfTheReadme() {
    ReceiveSettings r = config(Map.of()).inbound();
    assertEquals(100L * 1024 * 1024, r.maxPayloadBytes());
    assertEquals(Duration.ofDays(30), r.duplicateWindow());
    assertEquals(DuplicateAnswer.RECEIPT, r.duplicateAnswer());
    assertTrue(r.validationHandOverFailed());
  }

  @Test
  void givenValuesAreBound() {
    GatewayConfig c =
        config(Map.of(
            "gateway.inbound.max-payload-bytes", "2048",
            "gateway.inbound.duplicate-window-days", "7",
            "gateway.inbound.duplicate-answer", "ERROR",
            "gateway.inbound.validation.hand-over-failed", "false"));
    ReceiveSettings r = c.inbound();
    assertEquals(2048, r.maxPayloadBytes());
    assertEquals(Duration.ofDays(7), r.duplicateWindow());
    assertEquals(DuplicateAnswer.ERROR, r.duplicateAnswer());
    assertFalse(r.validationHandOverFailed());
    assertSame(r, c.inbound());
  }

  @Test
  void everyProblemOfTheAreaIsReportedOnALineOfItsOwn() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> config(Map.of(
                    "gateway.inbound.max-payload-bytes", "12",
                    "gateway.inbound.duplicate-window-days", "0",
                    "gateway.inbound.duplicate-answer", "ignore",
                    "gateway.inbound.validation.hand-over-failed", "maybe"))
                .inbound());
    List<String> lines = e.getMessage().lines().toList();
    assertEquals(4, lines.size(), e.getMessage());
    assertTrue(lines.get(0).startsWith("gateway.inbound.max-payload-bytes = '12' ("), lines.get(0));
    assertTrue(lines.get(0).endsWith(") is out of range; allowed: 1024 to " + GatewayConfig.MAX_BYTES), lines.get(0));
    assertTrue(lines.get(1).startsWith("gateway.inbound.duplicate-window-days = '0' ("), lines.get(1));
    assertTrue(lines.get(1).endsWith(") is out of range; allowed: 1 to 3650"), lines.get(1));
    assertEquals("gateway.inbound.duplicate-answer = 'ignore': expected receipt or error", lines.get(2));
    assertEquals("gateway.inbound.validation.hand-over-failed = 'maybe' is not true/false", lines.get(3));
  }
}
