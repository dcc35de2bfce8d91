package se.peppolgw.ap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** The HTTP area is bound once, with its README defaults, and reports all its problems together. */
class HttpSettingsTest {
  private static GatewayConfig config(Map<String, String> values) {
    return new GatewayConfig(ConfigSource.of(values, null));
  }

  @Test
  void defaultsAreThoseOfTheReadme() {
    HttpSettings h = config(Map.of()).http();
    assertEquals("0.0.0.0", h.bindAddress());
    assertEquals(8080, h.port());
    assertEquals(8443, h.tlsPort());
    assertEquals(Optional.empty(), h.publicUrl());
    assertEquals(Optional.empty(), h.tlsKeystorePath());
    assertEquals("", h.tlsKeystorePassword());
    assertFalse(h.trustForwardedHeaders());
    assertEquals(Duration.ofSeconds(30), h.shutdownGrace());
    assertEquals(150L * 1024 * 1024, h.maxRequestBytes());
    assertFalse(h.healthDetailsPublic());
    assertEquals(
        new HttpSettings.HttpLimits(Duration.ofSeconds(30), 128, 64, 4096, 16, 64 * 1024), h.limits());
  }

  @Test
  void givenValuesAreBound() {
    HttpSettings h =
        config(Map.of(
                "gateway.http.bind", "127.0.0.1",
                "gateway.http.port", "9000",
                "gateway.public-url", "https://ap.example.com",
                "gateway.tls.keystore.path", "tls.p12",
                "gateway.tls.keystore.password", "secret",
                "gateway.http.forwarded-headers", "yes",
                "gateway.health.details", "PUBLIC",
                "gateway.http.idle-timeout-seconds", "5"))
            .http();
    assertEquals("127.0.0.1", h.bindAddress());
    assertEquals(9000, h.port());
    assertEquals(Optional.of(URI.create("https://ap.example.com")), h.publicUrl());
    assertEquals(Optional.of(Path.of("tls.p12")), h.tlsKeystorePath());
    assertEquals("secret", h.tlsKeystorePassword());
    assertTrue(h.trustForwardedHeaders());
    assertTrue(h.healthDetailsPublic());
    assertEquals(Duration.ofSeconds(5), h.limits().idleTimeout());
  }

  @Test
  void boundOnce() {
    GatewayConfig c = config(Map.of());
    assertSame(c.http(), c.http());
  }

  @Test
  void everyProblemOfTheAreaIsReportedOnALineOfItsOwn() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> config(Map.of(
                    "gateway.http.port", "eighty",
                    "gateway.public-url", "not a url",
                    "gateway.health.details", "everyone",
                    "gateway.http.max-connections", "0"))
                .http());
    List<String> lines = e.getMessage().lines().toList();
    assertEquals(4, lines.size(), e.getMessage());
    assertTrue(lines.get(0).startsWith("gateway.http.port = 'eighty'"), lines.get(0));
    assertTrue(lines.get(1).startsWith("gateway.public-url = 'not a url'"), lines.get(1));
    assertTrue(lines.get(2).startsWith("gateway.health.details = 'everyone'"), lines.get(2));
    assertTrue(lines.get(3).startsWith("gateway.http.max-connections = '0'"), lines.get(3));
  }
}
