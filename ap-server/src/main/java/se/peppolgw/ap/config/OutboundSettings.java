package se.peppolgw.ap.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import se.peppolgw.smp.tls.OutboundTls;

/**
 * The {@code gateway.outbound.*} settings, bound once from the configuration (README.md lists
 * every key and default). A wrong value refuses the whole area with one line per problem.
 *
 * @param validationEnabled validate every outbound document with the Peppol BIS 3 rules
 * @param validationAllowSkip a request may ask for no validation ({@code validate=false})
 * @param maxDocumentBytes largest document accepted for sending
 * @param workers concurrent sends on this node; 0 = this node accepts documents but sends none
 * @param reuseConnections keep AS4 connections to receiving APs open between sends (one pooled
 *     HTTP client per node) instead of phase4's new client and connection per message
 * @param pollInterval how often the worker looks for due documents when nothing wakes it
 * @param lease how long a claimed document belongs to this node: longer than one attempt can take
 *     (phase4 waits up to 2 min for a response); a node that dies frees its documents after this
 * @param responseTimeout how long one send waits for the receiving AP's answer before the attempt
 *     counts as a timeout (retried); phase4's Peppol default is 2 min, the Peppol SLA
 * @param duplicateWindow how far back an accepted document with the same business identity makes
 *     a new one a duplicate (refused with 409 unless the request says duplicate=allow); zero: off
 * @param idempotencyRetention how long an Idempotency-Key keeps its answer (a day at least)
 * @param retry when a retryable failure is tried again
 * @param webhookUrl the back office's outbound status webhook (final states and MLS answers)
 * @param webhookSecret its HMAC secret; required with a webhook, empty without
 * @param webhookRetryInitialDelay wait after a status callback's first failed attempt; doubled per
 *     further failure, up to 1 h
 * @param dir the watched outbound folder; empty when {@code none}
 * @param dirMaySendFor participants the outbound folder may send for besides the gateway's own
 *     ({@code *}: any)
 * @param tls how every outbound HTTPS connection verifies its server: the JDK's trust store plus
 *     {@code gateway.outbound.tls.truststore.path} (AS4 sends, SMP lookups, CRLs, webhooks)
 * @param defaultCountryC1 C1 country when neither the request nor the sending party's address
 *     gives one (e.g. SE), upper-cased
 */
public record OutboundSettings(
    boolean validationEnabled,
    boolean validationAllowSkip,
    long maxDocumentBytes,
    int workers,
    boolean reuseConnections,
    Duration pollInterval,
    Duration lease,
    Duration responseTimeout,
    Duration duplicateWindow,
    Duration idempotencyRetention,
    Retry retry,
    Optional<URI> webhookUrl,
    String webhookSecret,
    Duration webhookRetryInitialDelay,
    Optional<Path> dir,
    List<String> dirMaySendFor,
    OutboundTls tls,
    Optional<String> defaultCountryC1) {

  /**
   * @param maxAttempts attempts in total before a retryable failure becomes FAILED
   * @param initialDelay delay before the 2nd attempt; multiplied for each further one, capped
   * @param jitter random spread of each delay, as a fraction (0.2 = plus or minus 20 %)
   */
  public record Retry(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter) {}

  static OutboundSettings bind(GatewayConfig c) {
    ConfigSource src = c.source();
    Problems p = new Problems();
    Optional<URI> webhook =
        p.read(() -> src.get("gateway.outbound.webhook.url").map(v -> c.uri("gateway.outbound.webhook.url", v)),
            Optional.empty());
    String secret = "";
    if (webhook.isPresent()) {
      secret =
          p.read(
              () -> src.get("gateway.outbound.webhook.secret").orElseThrow(() -> new ConfigException(
                  "gateway.outbound.webhook.secret is missing: the outbound status webhook needs a shared"
                      + " secret for its HMAC signature")),
              "");
    }
    Retry retry =
        new Retry(
            p.read(() -> c.intValue("gateway.outbound.retry.max-attempts", 6, 1, 1_000), 6),
            p.read(() -> Duration.ofMillis(
                c.longValue("gateway.outbound.retry.initial-delay-ms", 240_000, 0, GatewayConfig.WEEK_MS)), null),
            p.read(() -> c.doubleValue("gateway.outbound.retry.multiplier", 2.0, 1.0, 100.0), 2.0),
            p.read(() -> Duration.ofMillis(
                c.longValue("gateway.outbound.retry.max-delay-ms", 3_600_000, 0, GatewayConfig.WEEK_MS)), null),
            p.read(() -> c.doubleValue("gateway.outbound.retry.jitter", 0.2, 0.0, 1.0), 0.2));
    OutboundSettings s =
        new OutboundSettings(
            p.read(() -> c.bool("gateway.outbound.validation.enabled", true), true),
            p.read(() -> c.bool("gateway.outbound.validation.allow-skip", false), false),
            p.read(() -> c.longValue("gateway.outbound.max-document-bytes", c.inbound().maxPayloadBytes(), 1_024,
                GatewayConfig.MAX_BYTES), 0L),
            p.read(() -> c.intValue("gateway.outbound.workers", 4, 0, 256), 0),
            p.read(() -> c.bool("gateway.outbound.http.reuse-connections", true), true),
            p.read(() -> Duration.ofMillis(c.longValue("gateway.outbound.poll-ms", 1000, 10, 3_600_000)), null),
            p.read(() -> Duration.ofSeconds(c.longValue("gateway.outbound.lease-seconds", 300, 1, 86_400)), null),
            p.read(() -> Duration.ofSeconds(
                c.longValue("gateway.outbound.response-timeout-seconds", 120, 1, 3_600)), null),
            p.read(() -> Duration.ofDays(c.intValue("gateway.outbound.duplicate-window-days", 90, 0, 3_650)), null),
            p.read(() -> Duration.ofHours(c.intValue("gateway.outbound.idempotency-hours", 24, 24, 24 * 366)), null),
            retry,
            webhook,
            secret,
            p.read(() -> Duration.ofMillis(
                c.longValue("gateway.outbound.webhook.retry.initial-delay-ms", 30_000, 0, 3_600_000)), null),
            p.read(() -> folder(c), Optional.empty()),
            p.read(() -> c.participantList("gateway.outbound.dir.may-send-for"), List.of()),
            p.read(() -> tls(src), null),
            p.read(() -> c.country("gateway.outbound.default-country-c1"), Optional.empty()));
    p.throwIfAny();
    return s;
  }

  private static Optional<Path> folder(GatewayConfig c) {
    String v = c.source().get("gateway.outbound.dir").orElse(c.dataDir().resolve("outbound").toString());
    return v.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(Path.of(v).toAbsolutePath());
  }

  private static OutboundTls tls(ConfigSource src) {
    Optional<Path> p = src.get("gateway.outbound.tls.truststore.path").map(Path::of);
    if (p.isEmpty()) {
      return OutboundTls.jdkDefault();
    }
    try {
      return OutboundTls.withExtraTrustStore(
          p.get(), src.get("gateway.outbound.tls.truststore.password").orElse("").toCharArray());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("gateway.outbound.tls.truststore.path: " + e.getMessage());
    }
  }
}
