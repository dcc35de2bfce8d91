package se.peppolgw.ap.config;

import java.util.Optional;
import se.peppolgw.ap.api.ApiTokens;

/**
 * {@code gateway.metrics.*}, bound once from the configuration.
 *
 * @param tokenHash the hash ({@code sha256:<hex>}, made with {@code hash-token}) of the bearer token
 *     Prometheus sends to {@code GET /metrics}; without it only signed-in operators may read the
 *     metrics
 */
public record MetricsSettings(Optional<String> tokenHash) {

  static MetricsSettings bind(GatewayConfig c) {
    Optional<String> hash = c.source().get("gateway.metrics.token-hash");
    hash.ifPresent(h -> ApiTokens.parse("gateway.metrics.token-hash", h));
    return new MetricsSettings(hash);
  }
}
