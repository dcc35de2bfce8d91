package se.peppolgw.ap.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The HTTP listener settings ({@code gateway.http.*}, {@code gateway.tls.*}, {@code
 * gateway.public-url}, {@code gateway.health.details}), bound once from the configuration
 * (README.md lists every key and default). A wrong value refuses the whole area with one line per
 * problem.
 *
 * @param bindAddress the address the listeners bind to
 * @param port the HTTP port; 0 picks a free port (tests)
 * @param publicUrl the base URL other access points and browsers use to reach us: differs from
 *     bind address and port behind a TLS-terminating proxy
 * @param tlsKeystorePath key store of the HTTPS listener; absent: no HTTPS listener
 * @param tlsPort the HTTPS port
 * @param trustForwardedHeaders honour X-Forwarded-* / Forwarded headers from a reverse proxy
 * @param maxRequestBytes largest request body
 * @param healthDetailsPublic who sees the details of /health (version, certificate, components):
 *     {@code authenticated} (default: an operator or back-office API token) or {@code public}
 * @param limits the limits that keep slow or greedy clients from starving everyone else
 */
public record HttpSettings(
    String bindAddress,
    int port,
    Optional<URI> publicUrl,
    Optional<Path> tlsKeystorePath,
    String tlsKeystorePassword,
    int tlsPort,
    boolean trustForwardedHeaders,
    Duration shutdownGrace,
    long maxRequestBytes,
    boolean healthDetailsPublic,
    HttpLimits limits) {

  /**
   * @param idleTimeout a connection with no traffic for this long is closed
   * @param minRequestBytesPerSecond a request body arriving slower than this (averaged since the
   *     body started) is cut off; 0 = no check
   * @param maxConnectionsPerClient open connections from one client address; more are closed
   * @param maxConnections open connections in total; above this no more are accepted
   * @param maxThreadsPerClient worker threads one client address may occupy at a time
   * @param eagerReadBytes this much of a request body is read without a worker thread before the
   *     request is handed to a servlet
   */
  public record HttpLimits(
      Duration idleTimeout,
      long minRequestBytesPerSecond,
      long maxConnectionsPerClient,
      long maxConnections,
      long maxThreadsPerClient,
      long eagerReadBytes) {}

  static HttpSettings bind(GatewayConfig c) {
    ConfigSource src = c.source();
    Problems p = new Problems();
    // read in the order of README's table, so that the problems are listed in that order
    int port = p.read(() -> c.intValue("gateway.http.port", 8080, 0, 65_535), 0);
    int tlsPort = p.read(() -> c.intValue("gateway.tls.port", 8443, 0, 65_535), 0);
    Optional<URI> publicUrl =
        p.read(() -> src.get("gateway.public-url").map(v -> c.uri("gateway.public-url", v)), Optional.empty());
    boolean forwarded = p.read(() -> c.bool("gateway.http.forwarded-headers", false), false);
    Duration grace =
        p.read(() -> Duration.ofSeconds(c.intValue("gateway.http.shutdown-grace-seconds", 30, 0, 3_600)), null);
    long maxRequestBytes =
        p.read(() -> c.longValue("gateway.http.max-request-bytes", 150L * 1024 * 1024, 1_024, GatewayConfig.MAX_BYTES),
            0L);
    boolean healthPublic = p.read(() -> healthDetailsPublic(src), false);
    HttpLimits limits = p.read(() -> limits(c), null);
    HttpSettings s =
        new HttpSettings(
            src.get("gateway.http.bind").orElse("0.0.0.0"),
            port,
            publicUrl,
            src.get("gateway.tls.keystore.path").map(Path::of),
            src.get("gateway.tls.keystore.password").orElse(""),
            tlsPort,
            forwarded,
            grace,
            maxRequestBytes,
            healthPublic,
            limits);
    p.throwIfAny();
    return s;
  }

  private static boolean healthDetailsPublic(ConfigSource src) {
    String v = src.get("gateway.health.details").orElse("authenticated").trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "public" -> true;
      case "authenticated" -> false;
      default ->
          throw new ConfigException(
              "gateway.health.details = '" + v + "' (" + src.origin("gateway.health.details")
                  + "): expected authenticated or public");
    };
  }

  /** Each limit's problem is its own line. */
  private static HttpLimits limits(GatewayConfig c) {
    Problems p = new Problems();
    HttpLimits l =
        new HttpLimits(
            p.read(() -> Duration.ofSeconds(c.longValue("gateway.http.idle-timeout-seconds", 30, 1, 3_600)), null),
            p.read(() -> c.longValue("gateway.http.min-request-bytes-per-second", 128, 0, GatewayConfig.MAX_BYTES), 0L),
            p.read(() -> c.longValue("gateway.http.max-connections-per-client", 64, 1, 1_000_000), 0L),
            p.read(() -> c.longValue("gateway.http.max-connections", 4096, 1, 1_000_000), 0L),
            p.read(() -> c.longValue("gateway.http.max-threads-per-client", 16, 1, 10_000), 0L),
            p.read(() -> c.longValue("gateway.http.eager-read-bytes", 64 * 1024, 0, 64L * 1024 * 1024), 0L));
    p.throwIfAny();
    return l;
  }
}
