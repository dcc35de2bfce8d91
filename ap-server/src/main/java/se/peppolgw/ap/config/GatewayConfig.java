package se.peppolgw.ap.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The typed view of the gateway configuration: the mode and identity of this node, and one
 * settings record per area ({@link #http()}, {@link #outbound()}, {@link #ops()} …), each bound
 * once with every problem of the area reported together. {@link ConfigCheck} binds them all before
 * anything starts. Every key is in {@link KnownKeys} and README.md's configuration table.
 */
public final class GatewayConfig {
  public static final String DEFAULT_SEAT_ID = "PSE000001";
  /** Largest byte limit: bodies are read into one array. */
  static final long MAX_BYTES = Integer.MAX_VALUE - 8;
  static final long WEEK_MS = 7L * 24 * 3_600_000;
  static final long WEEK_SECONDS = 7L * 24 * 3_600;

  private final ConfigSource src;

  public GatewayConfig(ConfigSource src) {
    this.src = src;
  }

  public ConfigSource source() {
    return src;
  }

  private final Map<Class<?>, Object> bound = new HashMap<>();

  /**
   * Each area is bound at its first call and kept: one object per area for the life of the
   * configuration. A binding that fails is not kept, so every call reports its problems again.
   */
  private synchronized <T> T bound(Class<T> area, Function<GatewayConfig, T> bind) {
    Object v = bound.get(area);
    if (v == null) {
      v = bind.apply(this);
      bound.put(area, v);
    }
    return area.cast(v);
  }

  // ---- mode and identity ----

  /** Local mode is the default whenever no key store is configured. */
  public Mode mode() {
    return src.get("gateway.mode")
        .map(v -> {
          try {
            return Mode.parse(v);
          } catch (IllegalArgumentException e) {
            throw new ConfigException("gateway.mode = '" + abbreviate(v) + "' (" + src.origin("gateway.mode")
                + ") is not local, test or production");
          }
        })
        .orElse(src.get("gateway.keystore.path").isPresent() ? Mode.TEST : Mode.LOCAL);
  }

  /** The seat id used for the generated local-mode certificate. */
  public String localSeatId() {
    String v = src.get("gateway.local.seat-id").orElse(DEFAULT_SEAT_ID);
    if (!v.matches(com.helger.peppolid.peppol.PeppolIdentifierHelper.REGEX_SEAT_ID)) {
      throw new ConfigException("gateway.local.seat-id = '" + abbreviate(v) + "' (" + src.origin("gateway.local.seat-id")
          + ") is not a Peppol seat id (e.g. PSE000001)");
    }
    return v;
  }

  private String nodeId;

  /**
   * This node's name in outbox leases and job claims; must differ between nodes sharing one
   * database. Chosen once (host, process, random) when not configured, so that every part of this
   * node uses the same name.
   */
  public synchronized String nodeId() {
    if (nodeId == null) {
      String v = src.get("gateway.node-id").orElseGet(GatewayConfig::defaultNodeId);
      // the lease columns hold 100 characters
      if (v.length() > 100 || !v.matches("[\\x21-\\x7e]+")) {
        throw new ConfigException("gateway.node-id = '" + abbreviate(v) + "' (" + src.origin("gateway.node-id")
            + ") is not 1 to 100 visible ASCII characters without spaces");
      }
      nodeId = v;
    }
    return nodeId;
  }

  private static String defaultNodeId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "node";
    }
    host = host.length() > 70 ? host.substring(0, 70) : host;
    return host + "-" + ProcessHandle.current().pid() + "-"
        + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 6);
  }

  public Path dataDir() {
    return Path.of(src.get("gateway.data.dir").orElse("data")).toAbsolutePath().normalize();
  }

  /** Buyer profiles, catalogue and supplier identity; absent or {@code none}: punch-out off. */
  public Optional<Path> punchoutConfigDir() {
    String v = src.get("gateway.punchout.config-dir").orElse("config/punchout");
    if (v.equalsIgnoreCase("none")) {
      return Optional.empty();
    }
    Path p = Path.of(v).toAbsolutePath().normalize();
    return java.nio.file.Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
  }

  // ---- the settings areas, in the order of README's configuration table ----

  /** {@code gateway.http.*}, {@code gateway.tls.*}: the HTTP listeners. */
  public HttpSettings http() {
    return bound(HttpSettings.class, HttpSettings::bind);
  }

  /** {@code gateway.db.*}: the database. */
  public StoreSettings store() {
    return bound(StoreSettings.class, StoreSettings::bind);
  }

  /** {@code gateway.keystore.*}, {@code gateway.truststore.*}, PKI switches. */
  public KeySettings keys() {
    return bound(KeySettings.class, KeySettings::bind);
  }

  /** {@code gateway.participants} and {@code gateway.participant.<name>.*}. */
  public ParticipantSettings served() {
    return bound(ParticipantSettings.class, ParticipantSettings::bind);
  }

  /** {@code gateway.inbound.*} and {@code gateway.mls.send}. */
  public ReceiveSettings inbound() {
    return bound(ReceiveSettings.class, ReceiveSettings::bind);
  }

  /** {@code gateway.inbox.dir}, {@code gateway.webhook.*}, {@code gateway.handover.*}. */
  public HandoverSettings handover() {
    return bound(HandoverSettings.class, HandoverSettings::bind);
  }

  /** {@code gateway.reporting.*}: Peppol Reporting. */
  public ReportingSettings reporting() {
    return bound(ReportingSettings.class, ReportingSettings::bind);
  }

  /** {@code gateway.outbound.*}. */
  public OutboundSettings outbound() {
    return bound(OutboundSettings.class, OutboundSettings::bind);
  }

  /** {@code gateway.routing.*}. */
  public RoutingSettings routing() {
    return bound(RoutingSettings.class, RoutingSettings::bind);
  }

  /** {@code gateway.operators}, {@code gateway.operator.<name>.*}, {@code gateway.ops.*}. */
  public OpsSettings ops() {
    return bound(OpsSettings.class, OpsSettings::bind);
  }

  /** {@code gateway.retention.*}. */
  public RetentionSettings retention() {
    return bound(RetentionSettings.class, RetentionSettings::bind);
  }

  /** {@code gateway.api.*}: the back-office API tokens. */
  public ApiSettings api() {
    return bound(ApiSettings.class, ApiSettings::bind);
  }

  /** {@code gateway.alerts.*}: e-mail and webhook alerts. */
  public AlertSettings alerts() {
    return bound(AlertSettings.class, AlertSettings::bind);
  }

  /** {@code gateway.metrics.*}. */
  public MetricsSettings metrics() {
    return bound(MetricsSettings.class, MetricsSettings::bind);
  }

  // ---- value readers shared by the settings records ----

  /** A list of participant identifier values (scheme implied) or {@code *}, checked. */
  List<String> participantList(String key) {
    List<String> ids = new ArrayList<>();
    for (String id : list(key)) {
      if (!id.equals("*") && !id.matches("[0-9]{4}:[^\\s]{1,130}")) {
        throw new ConfigException(
            key + ": '" + id + "' is not a Peppol participant identifier value (e.g. 0007:5567212345) or *");
      }
      ids.add(id.toLowerCase(java.util.Locale.ROOT));
    }
    return List.copyOf(ids);
  }

  /** A two-letter ISO 3166 country code, upper-cased; empty when not set. */
  Optional<String> country(String key) {
    Optional<String> v = src.get(key).map(x -> x.trim().toUpperCase(java.util.Locale.ROOT));
    if (v.isPresent() && !v.get().matches("[A-Z]{2}")) {
      throw new ConfigException(key + " = '" + abbreviate(src.get(key).get()) + "' (" + src.origin(key)
          + ") is not a two-letter ISO 3166 country code (e.g. SE)");
    }
    return v;
  }

  String required(String key) {
    return src.get(key).orElseThrow(() -> new ConfigException(key + " is missing"));
  }

  /** A decimal value within [min, max] (see {@link ValueParsers#decimal}). */
  double doubleValue(String key, double def, double min, double max) {
    return ValueParsers.decimal(src, key, def, min, max);
  }

  // ---- helpers ----

  List<String> list(String key) {
    return src.get(key)
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  int intValue(String key, int def, int min, int max) {
    return (int) longValue(key, def, min, max);
  }

  /** A whole-number value within [min, max] (see {@link ValueParsers#whole}). */
  long longValue(String key, long def, long min, long max) {
    return ValueParsers.whole(src, key, def, min, max);
  }

  /** Hostile or mistaken values can be long: the message shows the start only. */
  static String abbreviate(String v) {
    return v.length() <= 40 ? v : v.substring(0, 40) + "… (" + v.length() + " characters)";
  }

  boolean bool(String key, boolean def) {
    Optional<String> v = src.get(key);
    if (v.isEmpty()) {
      return def;
    }
    return switch (v.get().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new ConfigException(key + " = '" + v.get() + "' is not true/false");
    };
  }

  URI uri(String key, String v) {
    try {
      URI u = URI.create(v);
      if (u.getScheme() == null || u.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + " = '" + v + "' is not an absolute URL: " + e.getMessage());
    }
  }

  /** How a duplicate message is answered. */
  public enum DuplicateAnswer {
    RECEIPT,
    ERROR;

    static DuplicateAnswer parse(String v) {
      return switch (v.toLowerCase(java.util.Locale.ROOT)) {
        case "receipt" -> RECEIPT;
        case "error" -> ERROR;
        default ->
            throw new ConfigException(
                "gateway.inbound.duplicate-answer = '" + v + "': expected receipt or error");
      };
    }
  }
}
