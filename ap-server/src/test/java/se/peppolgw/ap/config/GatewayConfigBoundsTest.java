package se.peppolgw.ap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Finding 3 (configuration): every number is range-checked, with the key and the allowed range in
 * the message; nothing wraps, truncates or turns into NaN/Infinity.
 */
class GatewayConfigBoundsTest {
  private static GatewayConfig config(String key, String value) {
    return new GatewayConfig(ConfigSource.of(Map.of(key, value), null));
  }

  private static void refused(String key, String value, Function<GatewayConfig, Object> read) {
    ConfigException e = assertThrows(ConfigException.class, () -> read.apply(config(key, value)), key + "=" + value);
    assertTrue(e.getMessage().startsWith(key), e.getMessage());
    assertTrue(e.getMessage().contains("allowed:"), e.getMessage());
  }

  @Test
  void outOfRangeWholeNumbersAreRefusedNotWrapped() {
    // on main: 70000 was taken as a port, 4294967297 days wrapped to 1 day
    refused("gateway.http.port", "70000", c -> c.http().port());
    refused("gateway.http.port", "-1", c -> c.http().port());
    refused("gateway.tls.port", "65536", c -> c.http().tlsPort());
    refused("gateway.inbound.duplicate-window-days", "4294967297", c -> c.inbound().duplicateWindow());
    refused("gateway.db.pool-size", "0", c -> c.store().poolSize());
    refused("gateway.outbound.workers", "100000", c -> c.outbound().workers());
    refused("gateway.outbound.max-document-bytes", "9999999999999", c -> c.outbound().maxDocumentBytes());
    refused("gateway.inbound.max-payload-bytes", "-5", c -> c.inbound().maxPayloadBytes());
    refused("gateway.outbound.retry.max-attempts", "0", c -> c.outbound().retry().maxAttempts());
    refused("gateway.outbound.lease-seconds", "9223372036854775807", c -> c.outbound().lease());
    refused("gateway.routing.cache-ttl-seconds", "-1", c -> c.routing().cacheTtl());
    refused("gateway.retention.invoice.days", "0", c -> c.retention().days("invoice"));
    refused("gateway.http.port", "1".repeat(100_000), c -> c.http().port());
  }

  @Test
  void decimalsMustBeFinitePlainAndInRange() {
    // on main: NaN and Infinity were accepted as multiplier and jitter
    refused("gateway.outbound.retry.multiplier", "NaN", c -> c.outbound().retry().multiplier());
    refused("gateway.outbound.retry.multiplier", "Infinity", c -> c.outbound().retry().multiplier());
    refused("gateway.outbound.retry.multiplier", "0x1p3", c -> c.outbound().retry().multiplier());
    refused("gateway.outbound.retry.multiplier", "1e308", c -> c.outbound().retry().multiplier());
    refused("gateway.outbound.retry.multiplier", "0.5", c -> c.outbound().retry().multiplier());
    refused("gateway.outbound.retry.jitter", "1.5", c -> c.outbound().retry().jitter());
    refused("gateway.outbound.retry.jitter", "-0.1", c -> c.outbound().retry().jitter());
  }

  @Test
  void valuesInRangeAndDefaultsStillWork() {
    assertEquals(0, config("gateway.http.port", "0").http().port());
    assertEquals(65_535, config("gateway.http.port", "65535").http().port());
    assertEquals(1.5, config("gateway.outbound.retry.multiplier", "1.5").outbound().retry().multiplier());
    assertEquals(0.0, config("gateway.outbound.retry.jitter", "0").outbound().retry().jitter());
    assertEquals(Duration.ofDays(30), new GatewayConfig(ConfigSource.of(Map.of(), null)).inbound().duplicateWindow());
  }
}
