package se.peppolgw.ap.selfcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.ConfigSource;
import se.peppolgw.ap.config.GatewayConfig;

/** gateway.smp.self-check.interval: units, off, bounds, the default. */
class SelfCheckIntervalTest {
  @Test
  void unitsAndOff() {
    assertEquals(Duration.ofHours(6), SelfCheckInterval.parse("6h"));
    assertEquals(Duration.ofMinutes(30), SelfCheckInterval.parse(" 30m "));
    assertEquals(Duration.ofDays(1), SelfCheckInterval.parse("1D"));
    assertEquals(Duration.ZERO, SelfCheckInterval.parse("0"));
    assertEquals(Duration.ZERO, SelfCheckInterval.parse("off"));
    assertEquals(Duration.ZERO, SelfCheckInterval.parse("0h"));
  }

  @Test
  void nonsenseAndOutOfBoundsNameTheKey() {
    for (String bad : new String[] {"6", "6x", "-1h", "1m", "8d", "", "six hours"}) {
      ConfigException e = assertThrows(ConfigException.class, () -> SelfCheckInterval.parse(bad), bad);
      assertTrue(e.getMessage().startsWith(SelfCheckInterval.KEY), e.getMessage());
    }
  }

  @Test
  void defaultIsSixHours() {
    assertEquals(Duration.ofHours(6), SelfCheckInterval.of(new GatewayConfig(ConfigSource.of(Map.of(), null))));
  }
}
