package se.peppolgw.ap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingSettingsTest {
  private static GatewayConfig config(Map<String, String> values) {
    return new GatewayConfig(ConfigSource.of(values, null));
  }

  @Test
  void theDefaultsFollowTheGatewayMode() {
    GatewayConfig local = config(Map.of());
    RoutingSettings r = local.routing();
    assertSame(r, local.routing(), "bound once");
    assertEquals("static", r.mode());
    assertTrue(r.localLoopback());
    assertTrue(r.verifySmpSignature());
    assertEquals(Duration.ofMinutes(15), r.cacheTtl());
    assertEquals(Duration.ofMinutes(1), r.negativeCacheTtl());
    assertEquals(List.of(), r.staticRoutes());
    assertEquals("sml", config(Map.of("gateway.mode", "test")).routing().mode());
  }

  @Test
  void staticRoutesAreBoundWithTheirDocumentTypes() {
    RoutingSettings r =
        config(Map.of(
                "gateway.routing.static-routes", "buyer",
                "gateway.routing.static.buyer.participant", "0007:5567212345",
                "gateway.routing.static.buyer.document-types", "order",
                "gateway.routing.static.buyer.url", "https://ap.example/as4",
                "gateway.routing.static.buyer.certificate", "/etc/gw/buyer.pem",
                "gateway.routing.mode", "STATIC"))
            .routing();
    assertEquals("static", r.mode());
    RoutingSettings.StaticRouteConfig route = r.staticRoutes().get(0);
    assertEquals("0007:5567212345", route.participant());
    assertEquals(1, route.documentTypes().size());
    assertTrue(route.documentTypes().get(0).contains("Order-2"), route.documentTypes().get(0));
    assertEquals("https://ap.example/as4", route.url());
    assertEquals(Path.of("/etc/gw/buyer.pem"), route.certificate());
    assertEquals(Optional.empty(), r.smpUrl());
  }

  @Test
  void everyWrongValueOfTheAreaIsReportedAtOnce() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> config(Map.of(
                    "gateway.routing.mode", "dns",
                    "gateway.routing.cache-ttl-seconds", "-5",
                    "gateway.routing.static-routes", "buyer"))
                .routing());
    assertEquals(
        List.of(
            "gateway.routing.mode = 'dns' (override) is not one of static, sml, fixed-smp",
            "gateway.routing.cache-ttl-seconds = '-5' (override) is out of range; allowed: 0 to 604800",
            // each missing part of a static route is its own line, not just the first
            "gateway.routing.static.buyer.participant is missing",
            "gateway.routing.static.buyer.document-types is missing (e.g. order,invoice)",
            "gateway.routing.static.buyer.url is missing",
            "gateway.routing.static.buyer.certificate is missing"),
        e.getMessage().lines().toList());
  }
}
