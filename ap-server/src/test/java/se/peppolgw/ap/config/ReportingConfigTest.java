package se.peppolgw.ap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Peppol Reporting keys: defaults, and every bad value refused with the key named. */
class ReportingConfigTest {
  static GatewayConfig config(String... kv) {
    Map<String, String> m = new HashMap<>();
    m.put("gateway.participants", "supplier,buyer");
    m.put("gateway.participant.supplier.id", "0007:5567212345");
    m.put("gateway.participant.buyer.id", "0088:7300000000001");
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return new GatewayConfig(ConfigSource.of(m, null));
  }

  @Test
  void defaults() {
    GatewayConfig c = config();
    assertEquals(2, c.reporting().dayOfMonth());
    assertEquals(6, c.reporting().hour());
    assertEquals(ZoneId.of("Europe/Stockholm"), c.reporting().zone());
    assertTrue(c.reporting().scheduleEnabled());
    assertEquals("9925:be0848934496", c.reporting().receiverId());
    // the SPIS identifier: ICD 0242 and the six digits of the seat id (not the seat id itself)
    assertEquals("0242:000001", c.reporting().senderId("PSE000001"));
    assertEquals("0242:123456", c.reporting().senderId("PNO123456"));
    assertEquals(Optional.empty(), c.reporting().country());
    assertTrue(c.served().countries().isEmpty());
  }

  @Test
  void countriesPerParticipantAreUpperCasedAndKeyedByIdentifier() {
    GatewayConfig c = config("gateway.participant.supplier.country", "se",
        "gateway.outbound.default-country-c1", "fi");
    assertEquals(Map.of("0007:5567212345", "SE"), c.served().countries());
    assertEquals(Optional.of("FI"), c.reporting().country(), "falls back to the outbound C1 default");
    assertEquals(Optional.of("DK"), config("gateway.reporting.country", "dk").reporting().country());
  }

  @Test
  void badValuesAreRefusedWithTheKey() {
    assertRefused("gateway.participant.buyer.country", "Sweden", () -> config("gateway.participant.buyer.country", "Sweden").served().countries());
    assertRefused("gateway.reporting.country", "S1", () -> config("gateway.reporting.country", "S1").reporting().country());
    assertRefused("gateway.reporting.day-of-month", "16", () -> config("gateway.reporting.day-of-month", "16").reporting().dayOfMonth());
    assertRefused("gateway.reporting.day-of-month", "0", () -> config("gateway.reporting.day-of-month", "0").reporting().dayOfMonth());
    assertRefused("gateway.reporting.hour", "24", () -> config("gateway.reporting.hour", "24").reporting().hour());
    assertRefused("gateway.reporting.zone", "Mars/Base", () -> config("gateway.reporting.zone", "Mars/Base").reporting().zone());
    assertRefused("gateway.reporting.sender-id", "PSE000001", () -> config("gateway.reporting.sender-id", "PSE000001").reporting().senderId("x"));
    assertRefused("gateway.reporting.sender-id", "0242:PSE000001", () -> config("gateway.reporting.sender-id", "0242:PSE000001").reporting().senderId("PSE000001"));
    // a seat id that is not one gives no default: the key must be set
    assertRefused("gateway.reporting.sender-id", "(default)", () -> config().reporting().senderId("ap.example.com"));
    assertEquals("0242:000777", config("gateway.reporting.sender-id", "0242:000777").reporting().senderId("ap.example.com"));
  }

  private static void assertRefused(String key, String value, org.junit.jupiter.api.function.Executable e) {
    ConfigException x = assertThrows(ConfigException.class, e);
    assertTrue(x.getMessage().contains(key), x.getMessage());
  }
}
