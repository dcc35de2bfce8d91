package se.peppolgw.ap.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import se.peppolgw.ap.peppol.DocumentTypeAliases;

/**
 * The typed view of the gateway configuration. Every key is documented in README.md; this class is
 * the only place that knows key names and defaults.
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

  private OutboundSettings outbound;

  private RoutingSettings routing;

  /** The {@code gateway.routing.*} settings, bound at the first call. */
  public RoutingSettings routing() {
    if (routing == null) {
      routing = RoutingSettings.bind(this);
    }
    return routing;
  }

  /** The {@code gateway.outbound.*} settings, bound at the first call. */
  public OutboundSettings outbound() {
    if (outbound == null) {
      outbound = OutboundSettings.bind(this);
    }
    return outbound;
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
        .orElse(keystorePath().isPresent() ? Mode.TEST : Mode.LOCAL);
  }

  /** The seat id used for the generated local-mode certificate. */
  public String localSeatId() {
    return src.get("gateway.local.seat-id").orElse(DEFAULT_SEAT_ID);
  }

  // ---- HTTP ----

  private HttpSettings http;

  /** The HTTP listener settings, bound at the first call. */
  public HttpSettings http() {
    if (http == null) {
      http = HttpSettings.bind(this);
    }
    return http;
  }

  // ---- storage ----

  public Path dataDir() {
    return Path.of(src.get("gateway.data.dir").orElse("data")).toAbsolutePath().normalize();
  }

  private StoreSettings store;

  /** The {@code gateway.db.*} settings, bound at the first call. */
  public StoreSettings store() {
    if (store == null) {
      store = StoreSettings.bind(this);
    }
    return store;
  }

  // ---- keys ----

  public Path keystoreDir() {
    return Path.of(src.get("gateway.keystore.dir").orElse("keystore")).toAbsolutePath().normalize();
  }

  public Optional<Path> keystorePath() {
    return src.get("gateway.keystore.path").map(Path::of);
  }

  public Optional<String> keystorePassword() {
    return src.get("gateway.keystore.password");
  }

  public Optional<String> keyAlias() {
    return src.get("gateway.keystore.alias");
  }

  public Optional<String> keyPassword() {
    return src.get("gateway.keystore.key-password");
  }

  public Optional<Path> truststorePath() {
    return src.get("gateway.truststore.path").map(Path::of);
  }

  public Optional<String> truststorePassword() {
    return src.get("gateway.truststore.password");
  }

  /**
   * Accept a sender certificate whose revocation status cannot be determined (CRL/OCSP down).
   * Off by default: an unknown status is refused, never silently treated as valid.
   */
  public boolean revocationSoftFail() {
    return bool("gateway.revocation.soft-fail", false);
  }

  /**
   * Keep trusting the G2 Peppol PKI (AP and SMP CAs) after its revocation on 2026-04-01. Off by
   * default; only for a closed test network that still uses G2 certificates.
   */
  public boolean pkiTrustG2() {
    return bool("gateway.pki.trust-g2", false);
  }

  // ---- participants ----

  /**
   * {@code gateway.participants=supplier,gln} then per name {@code
   * gateway.participant.supplier.id=0007:5567212345} and {@code
   * gateway.participant.supplier.document-types=order,order-change} ({@code *} or absent: any).
   */
  public List<ServedParticipant> participants() {
    List<ServedParticipant> out = new ArrayList<>();
    for (String name : list("gateway.participants")) {
      String idKey = "gateway.participant." + name + ".id";
      String id =
          src.get(idKey)
              .orElseThrow(
                  () ->
                      new ConfigException(
                          idKey + " is missing: participant '" + name + "' is listed in"
                              + " gateway.participants but has no identifier (e.g. 0007:5567212345)"));
      if (!id.matches("[0-9]{4}:[^\\s]{1,130}")) {
        throw new ConfigException(
            idKey + " = '" + id + "' is not a Peppol participant identifier value"
                + " (expected ICD scheme code, colon, identifier, e.g. 0007:5567212345)");
      }
      Set<String> docTypes = new LinkedHashSet<>();
      for (String d : list("gateway.participant." + name + ".document-types")) {
        if (!d.equals("*")) {
          docTypes.add(DocumentTypeAliases.expand(d));
        }
      }
      out.add(new ServedParticipant(name, id.toLowerCase(java.util.Locale.ROOT), Set.copyOf(docTypes)));
    }
    return List.copyOf(out);
  }

  /**
   * Peppol Reporting: the ISO 3166 country of each served participant, {@code
   * gateway.participant.<name>.country=SE} (the C4 country of what it receives, the C1 country of
   * what it sends when the document gives none). Keyed by participant identifier value.
   */
  public java.util.Map<String, String> participantCountries() {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (ServedParticipant p : participants()) {
      String key = "gateway.participant." + p.name() + ".country";
      Optional<String> v = src.get(key);
      if (v.isEmpty()) {
        continue;
      }
      String cc = v.get().trim().toUpperCase(java.util.Locale.ROOT);
      if (!cc.matches("[A-Z]{2}")) {
        throw new ConfigException(
            key + " = '" + abbreviate(v.get()) + "' (" + src.origin(key) + ") is not a two-letter"
                + " ISO 3166 country code (e.g. SE)");
      }
      out.put(p.participantId(), cc);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Peppol Reporting: the day of the month the previous month's reports are built and sent. */
  public int reportingDayOfMonth() {
    // the 15th is the specification's last day for submitting the previous month
    return intValue("gateway.reporting.day-of-month", 2, 1, 15);
  }

  /** Peppol Reporting: the hour (in {@link #reportingZone()}) of the monthly run. */
  public int reportingHour() {
    return intValue("gateway.reporting.hour", 6, 0, 23);
  }

  /** Peppol Reporting: the time zone of the schedule (not of the reporting period: that is UTC). */
  public java.time.ZoneId reportingZone() {
    String key = "gateway.reporting.zone";
    String v = src.get(key).orElse("Europe/Stockholm").trim();
    try {
      return java.time.ZoneId.of(v);
    } catch (java.time.DateTimeException e) {
      throw new ConfigException(
          key + " = '" + abbreviate(v) + "' (" + src.origin(key) + ") is not a time zone id"
              + " (e.g. Europe/Stockholm)");
    }
  }

  /**
   * Peppol Reporting: our participant identifier as the sender of the reports: the OpenPeppol
   * Service Provider Identification Scheme (ICD 0242) with our SPID, the six digits of the seat id
   * ({@code PSE000123} gives {@code 0242:000123}; see {@link ServiceProviderIds}).
   */
  public String reportingSenderId(String seatId) {
    String key = "gateway.reporting.sender-id";
    Optional<String> set = src.get(key).map(String::trim);
    if (set.isEmpty()) {
      return ServiceProviderIds.spisParticipantId(seatId).orElseThrow(() -> new ConfigException(
          "the seat id '" + abbreviate(seatId) + "' (CN of the AP certificate) is not of the form"
              + " PXX000000; set " + key + " to your 0242:<six digits> identifier"));
    }
    String v = set.get();
    boolean spis = v.startsWith("0242:");
    if (!v.matches("[0-9]{4}:[^\\s]{1,130}") || (spis && !ServiceProviderIds.isValidSpisParticipantId(v))) {
      throw new ConfigException(key + " = '" + abbreviate(v) + "' (" + src.origin(key) + ") is not a"
          + " Peppol participant identifier value (e.g. 0242:000123, the six digits of seat id PSE000123)");
    }
    return v;
  }

  /**
   * Peppol Reporting: the receiver of the reports; OpenPeppol's (from the library) unless set, which
   * is for test networks and tests only.
   */
  public String reportingReceiverId() {
    return src.get("gateway.reporting.receiver-id")
        .map(String::trim)
        .orElse(com.helger.peppol.reporting.api.CPeppolReporting.OPENPEPPOL_PARTICIPANT_ID);
  }

  /** Peppol Reporting: our own country (COUNTRY_C1 of the reports we send). */
  public Optional<String> reportingCountry() {
    String key = "gateway.reporting.country";
    Optional<String> v = src.get(key).map(x -> x.trim().toUpperCase(java.util.Locale.ROOT));
    if (v.isPresent() && !v.get().matches("[A-Z]{2}")) {
      throw new ConfigException(key + " = '" + abbreviate(v.get()) + "' (" + src.origin(key)
          + ") is not a two-letter ISO 3166 country code (e.g. SE)");
    }
    return v.isPresent() ? v : outboundDefaultCountryC1();
  }

  /**
   * Peppol Reporting, local mode only: send the reports through the outbox to the reporting
   * participant as this local network routes it (a test network with a gateway serving it). Local
   * mode never reaches the real Peppol network, so nothing goes to OpenPeppol either way.
   */
  public boolean reportingSendInLocalMode() {
    return bool("gateway.reporting.send-in-local-mode", false);
  }

  /** Peppol Reporting: whether the monthly job runs on this node at all. */
  public boolean reportingScheduleEnabled() {
    return bool("gateway.reporting.schedule.enabled", true);
  }

  // ---- inbound ----

  private ReceiveSettings inbound;

  /** The {@code gateway.inbound.*} settings, bound at the first call. */
  public ReceiveSettings inbound() {
    if (inbound == null) {
      inbound = ReceiveSettings.bind(this);
    }
    return inbound;
  }

  // ---- hand-over to the back office ----

  /** The inbox folder; {@code none} switches folder hand-over off. */
  public Optional<Path> inboxDir() {
    String v = src.get("gateway.inbox.dir").orElse(dataDir().resolve("inbox").toString());
    return v.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(Path.of(v).toAbsolutePath());
  }

  /**
   * How the back office takes inbound documents. Default, as before the key existed: {@code
   * folder} (unless {@code gateway.inbox.dir=none}), {@code pull-api}, and {@code webhook} when
   * {@code gateway.webhook.url} is set.
   */
  public java.util.Set<se.peppolgw.ap.handover.HandoverMode> handoverModes() {
    java.util.Set<se.peppolgw.ap.handover.HandoverMode> modes =
        java.util.EnumSet.noneOf(se.peppolgw.ap.handover.HandoverMode.class);
    List<String> given = list("gateway.handover.modes");
    if (given.isEmpty()) {
      if (inboxDir().isPresent()) {
        modes.add(se.peppolgw.ap.handover.HandoverMode.FOLDER);
      }
      modes.add(se.peppolgw.ap.handover.HandoverMode.PULL_API);
      if (webhookUrl().isPresent()) {
        modes.add(se.peppolgw.ap.handover.HandoverMode.WEBHOOK);
      }
      return modes;
    }
    for (String g : given) {
      modes.add(
          se.peppolgw.ap.handover.HandoverMode.of(g)
              .orElseThrow(() -> new ConfigException("gateway.handover.modes: unknown mode '" + g
                  + "' (folder, pull-api, webhook; one or several, comma-separated)")));
    }
    if (modes.contains(se.peppolgw.ap.handover.HandoverMode.FOLDER) && inboxDir().isEmpty()) {
      throw new ConfigException("gateway.handover.modes names folder but gateway.inbox.dir is none");
    }
    if (modes.contains(se.peppolgw.ap.handover.HandoverMode.WEBHOOK) && webhookUrl().isEmpty()) {
      throw new ConfigException("gateway.handover.modes names webhook but gateway.webhook.url is not set");
    }
    return modes;
  }

  /** SHA-256 hashes ("sha256:hex") of the bearer tokens allowed on the back-office API. */
  /**
   * The hash ({@code sha256:<hex>}, made with {@code hash-token}) of the bearer token Prometheus
   * sends to {@code GET /metrics}; without it only signed-in operators may read the metrics.
   */
  public Optional<String> metricsTokenHash() {
    return src.get("gateway.metrics.token-hash");
  }

  public List<String> apiTokenHashes() {
    return list("gateway.api.token-hashes");
  }

  /**
   * Named back-office tokens: {@code gateway.api.tokens=erp,provider}, then per name {@code
   * gateway.api.token.<name>.hash=sha256:<hex>} and optionally {@code
   * gateway.api.token.<name>.may-send-for} (participant ids this token may send for besides the
   * gateway's own participants, or {@code *} for any sender).
   */
  public List<se.peppolgw.ap.api.ApiTokens.Token> apiTokens() {
    List<se.peppolgw.ap.api.ApiTokens.Token> out = new ArrayList<>();
    for (String name : list("gateway.api.tokens")) {
      String p = "gateway.api.token." + name + ".";
      byte[] hash = se.peppolgw.ap.api.ApiTokens.parse(p + "hash", required(p + "hash"));
      List<String> maySendFor = participantList(p + "may-send-for");
      out.add(new se.peppolgw.ap.api.ApiTokens.Token("API token '" + name + "'", hash, maySendFor));
    }
    return List.copyOf(out);
  }

  /**
   * Local mode: participants the generated local API token may send for besides the gateway's own
   * ({@code *}: any); default none.
   */
  public List<String> localApiTokenMaySendFor() {
    return participantList("gateway.api.local-token.may-send-for");
  }

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

  /** Optional webhook the back office receives each inbound document on. */
  public Optional<URI> webhookUrl() {
    return src.get("gateway.webhook.url").map(v -> uri("gateway.webhook.url", v));
  }

  /** The HMAC secret for the webhook signature; required when a webhook is configured. */
  public String webhookSecret() {
    return src.get("gateway.webhook.secret")
        .orElseThrow(
            () ->
                new ConfigException(
                    "gateway.webhook.secret is missing: a webhook needs a shared secret for its"
                        + " HMAC signature"));
  }

  public Duration handoverRetryDelay() {
    return Duration.ofSeconds(intValue("gateway.handover.retry-seconds", 30, 1, 86_400));
  }

  // ---- outbound ----

  /** This node's name in outbox leases; must differ between nodes sharing one database. */
  public String nodeId() {
    return src.get("gateway.node-id").orElseGet(GatewayConfig::defaultNodeId);
  }

  private static String defaultNodeId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "node";
    }
    return host + "-" + ProcessHandle.current().pid() + "-"
        + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 6);
  }

  /** C1 country when neither the request nor the sending party's address gives one (e.g. SE). */
  public Optional<String> outboundDefaultCountryC1() {
    return src.get("gateway.outbound.default-country-c1").map(v -> v.trim().toUpperCase(java.util.Locale.ROOT));
  }

  /** Whether a Peppol MLS answers each received business document (default true). */
  public boolean mlsSend() {
    return bool("gateway.mls.send", true);
  }

  String required(String key) {
    return src.get(key).orElseThrow(() -> new ConfigException(key + " is missing"));
  }

  /**
   * A decimal configuration value within [min, max]; NaN, infinities, hexadecimal and
   * out-of-range values are refused with the key, its origin and the allowed range.
   */
  double doubleValue(String key, double def, double min, double max) {
    Optional<String> v = src.get(key);
    if (v.isEmpty()) {
      return def;
    }
    String t = v.get().trim();
    double d;
    try {
      // plain decimal notation only: Double.parseDouble also takes "NaN", "Infinity", "0x1p3", "1d"
      if (t.length() > 32 || !t.matches("[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]{1,3})?")) {
        throw new NumberFormatException();
      }
      d = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new ConfigException(
          key + " = '" + abbreviate(t) + "' (" + src.origin(key) + ") is not a number; allowed: " + min + " to " + max);
    }
    if (!Double.isFinite(d) || d < min || d > max) {
      throw new ConfigException(
          key + " = '" + abbreviate(t) + "' (" + src.origin(key) + ") is out of range; allowed: " + min + " to " + max);
    }
    return d;
  }

  // ---- punch-out ----

  /** Buyer profiles, catalogue and supplier identity; absent or {@code none}: punch-out off. */
  public Optional<Path> punchoutConfigDir() {
    String v = src.get("gateway.punchout.config-dir").orElse("config/punchout");
    if (v.equalsIgnoreCase("none")) {
      return Optional.empty();
    }
    Path p = Path.of(v).toAbsolutePath().normalize();
    return java.nio.file.Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
  }

  // ---- operators ----

  /** Names of the operator users (UI at /ops, API /api/transmissions), comma-separated. */
  public List<String> operatorNames() {
    return list("gateway.operators");
  }

  /** {@code viewer} (default), {@code operator} or {@code admin}. */
  public String operatorRole(String name) {
    return src.get("gateway.operator." + name + ".role").orElse("viewer");
  }

  /** bcrypt hash ($2a$/$2b$/$2y$) of the operator's password; absent: no UI login. */
  public Optional<String> operatorPasswordHash(String name) {
    return src.get("gateway.operator." + name + ".password-hash");
  }

  /** {@code sha256:<hex>} hashes of the operator's API bearer tokens (CLI, scripts). */
  public List<String> operatorTokenHashes(String name) {
    return list("gateway.operator." + name + ".token-hashes");
  }

  /** An operator session ends after this long without a request. */
  public Duration opsSessionIdleTimeout() {
    return Duration.ofMinutes(intValue("gateway.ops.session-idle-minutes", 60, 1, 10_080));
  }

  /**
   * Retention in days for one document kind ({@code order}, {@code order-response}, {@code
   * despatch-advice}, {@code invoice}, {@code credit-note}, {@code other}); empty: kept forever.
   */
  public Optional<Integer> retentionDays(String kind) {
    return src.get("gateway.retention." + kind + ".days").map(v -> intValue("gateway.retention." + kind + ".days", 0, 1, 36_500));
  }

  /** How often the retention purge runs (hours). */
  public Duration retentionPurgeInterval() {
    return Duration.ofHours(intValue("gateway.retention.purge-interval-hours", 24, 1, 8_760));
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

  /**
   * A whole-number configuration value within [min, max], refused otherwise with the key, its
   * origin and the allowed range (never silently truncated or wrapped).
   */
  long longValue(String key, long def, long min, long max) {
    Optional<String> v = src.get(key);
    if (v.isEmpty()) {
      return def;
    }
    String t = v.get().trim();
    long n;
    try {
      if (t.length() > 20) {
        throw new NumberFormatException();
      }
      n = Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new ConfigException(
          key + " = '" + abbreviate(t) + "' (" + src.origin(key) + ") is not a whole number; allowed: "
              + min + " to " + max);
    }
    if (n < min || n > max) {
      throw new ConfigException(
          key + " = '" + t + "' (" + src.origin(key) + ") is out of range; allowed: " + min + " to " + max);
    }
    return n;
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
