package se.peppolgw.ap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The database area is bound once, with its README defaults, and reports all its problems together. */
class StoreSettingsTest {
  private static GatewayConfig config(Map<String, String> values) {
    return new GatewayConfig(ConfigSource.of(values, null));
  }

  @Test
  void defaultsAreThoseOfTheReadme() {
    GatewayConfig c = config(Map.of("gateway.data.dir", "somewhere"));
    StoreSettings s = c.store();
    assertEquals(
        "jdbc:h2:file:" + Path.of("somewhere").toAbsolutePath().normalize().resolve("db").resolve("gateway")
            + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
        s.url());
    assertEquals("sa", s.user());
    assertEquals("", s.password());
    assertEquals(16, s.poolSize());
    assertEquals(1, s.groupCommitWriters());
    assertSame(s, c.store());
  }

  @Test
  void givenValuesAreBound() {
    StoreSettings s =
        config(Map.of(
                "gateway.db.url", "jdbc:postgresql://db/gw",
                "gateway.db.user", "gw",
                "gateway.db.password", "pw",
                "gateway.db.pool-size", "4",
                "gateway.db.group-commit-writers", "0"))
            .store();
    assertEquals(new StoreSettings("jdbc:postgresql://db/gw", "gw", "pw", 4, 0), s);
  }

  @Test
  void everyProblemOfTheAreaIsReportedOnALineOfItsOwn() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> config(Map.of("gateway.db.pool-size", "0", "gateway.db.group-commit-writers", "65")).store());
    List<String> lines = e.getMessage().lines().toList();
    assertEquals(2, lines.size(), e.getMessage());
    assertTrue(lines.get(0).startsWith("gateway.db.pool-size = '0' ("), lines.get(0));
    assertTrue(lines.get(1).startsWith("gateway.db.group-commit-writers = '65' ("), lines.get(1));
  }
}
