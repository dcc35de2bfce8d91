package se.peppolgw.ap.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every configuration key the gateway reads (README.md's configuration table is the same list), so
 * that a misspelt key refuses the start instead of silently keeping its default. A segment written
 * {@code <name>} stands for a name the operator chooses (a participant, an operator, a route …).
 */
public final class KnownKeys {
  /** Environment variables of the gateway and its CLI that are not configuration keys. */
  static final Set<String> OTHER_ENVIRONMENT =
      Set.of("GATEWAY_CONFIG", "GATEWAY_DEBUG", "GATEWAY_URL", "GATEWAY_TOKEN", "GATEWAY_CWD");

  static final List<String> KEYS =
      List.of(
          // mode, identity, HTTP
          "gateway.mode", "gateway.local.seat-id", "gateway.node-id", "gateway.public-url",
          "gateway.http.port", "gateway.http.bind", "gateway.http.forwarded-headers",
          "gateway.http.max-request-bytes", "gateway.http.idle-timeout-seconds",
          "gateway.http.min-request-bytes-per-second", "gateway.http.max-connections-per-client",
          "gateway.http.max-connections", "gateway.http.max-threads-per-client",
          "gateway.http.eager-read-bytes", "gateway.http.shutdown-grace-seconds", "gateway.health.details",
          "gateway.tls.keystore.path", "gateway.tls.keystore.password", "gateway.tls.port",
          // store and keys
          "gateway.data.dir", "gateway.db.url", "gateway.db.user", "gateway.db.password",
          "gateway.db.pool-size", "gateway.db.group-commit-writers", "gateway.keystore.dir",
          "gateway.keystore.path", "gateway.keystore.password", "gateway.keystore.alias",
          "gateway.keystore.key-password", "gateway.truststore.path", "gateway.truststore.password",
          "gateway.pki.trust-g2", "gateway.revocation.soft-fail",
          // participants
          "gateway.participants", "gateway.participant.<name>.id",
          "gateway.participant.<name>.document-types", "gateway.participant.<name>.country",
          // inbound and hand-over
          "gateway.inbound.max-payload-bytes", "gateway.inbound.duplicate-window-days",
          "gateway.inbound.duplicate-answer", "gateway.inbound.validation.hand-over-failed",
          "gateway.inbox.dir", "gateway.webhook.url", "gateway.webhook.secret", "gateway.handover.modes",
          "gateway.handover.retry-seconds",
          // MLS
          "gateway.mls.send", "gateway.mls.service-provider-id", "gateway.mls.type.default",
          "gateway.mls.type.<name>", "gateway.mls.expected-within",
          // reporting
          "gateway.reporting.country", "gateway.reporting.sender-id", "gateway.reporting.receiver-id",
          "gateway.reporting.day-of-month", "gateway.reporting.hour", "gateway.reporting.zone",
          "gateway.reporting.send-in-local-mode", "gateway.reporting.schedule.enabled",
          // outbound
          "gateway.outbound.default-country-c1", "gateway.outbound.validation.enabled",
          "gateway.outbound.validation.allow-skip", "gateway.outbound.max-document-bytes",
          "gateway.outbound.workers", "gateway.outbound.poll-ms", "gateway.outbound.http.reuse-connections",
          "gateway.outbound.lease-seconds", "gateway.outbound.response-timeout-seconds",
          "gateway.outbound.retry.max-attempts", "gateway.outbound.retry.initial-delay-ms",
          "gateway.outbound.retry.multiplier", "gateway.outbound.retry.max-delay-ms",
          "gateway.outbound.retry.jitter", "gateway.outbound.duplicate-window-days",
          "gateway.outbound.idempotency-hours", "gateway.outbound.webhook.url",
          "gateway.outbound.webhook.secret", "gateway.outbound.webhook.retry.initial-delay-ms",
          "gateway.outbound.dir", "gateway.outbound.dir.may-send-for",
          "gateway.outbound.tls.truststore.path", "gateway.outbound.tls.truststore.password",
          // routing
          "gateway.routing.mode", "gateway.routing.local-loopback", "gateway.routing.static-routes",
          "gateway.routing.static.<name>.participant", "gateway.routing.static.<name>.document-types",
          "gateway.routing.static.<name>.process", "gateway.routing.static.<name>.url",
          "gateway.routing.static.<name>.certificate", "gateway.routing.static-table",
          "gateway.routing.sml-zone", "gateway.routing.dns-server", "gateway.routing.smp-url",
          "gateway.routing.smp-truststore.path", "gateway.routing.smp-truststore.password",
          "gateway.routing.verify-smp-signature", "gateway.routing.cache-ttl-seconds",
          "gateway.routing.negative-cache-ttl-seconds", "gateway.smp.self-check.interval",
          // operators, retention, punch-out
          "gateway.operators", "gateway.operator.<name>.role", "gateway.operator.<name>.password-hash",
          "gateway.operator.<name>.token-hashes", "gateway.ops.session-idle-minutes",
          "gateway.retention.<name>.days", "gateway.retention.purge-interval-hours",
          "gateway.punchout.config-dir",
          // alerts and metrics
          "gateway.alerts.smtp.host", "gateway.alerts.smtp.port", "gateway.alerts.smtp.starttls",
          "gateway.alerts.smtp.user", "gateway.alerts.smtp.password", "gateway.alerts.smtp.from",
          "gateway.alerts.smtp.to", "gateway.alerts.webhook.url", "gateway.alerts.webhook.secret",
          "gateway.alerts.min-interval-seconds", "gateway.alerts.handover-backlog-minutes",
          "gateway.alerts.certificate-days", "gateway.alerts.check-seconds", "gateway.metrics.token-hash",
          // back-office API
          "gateway.api.token-hashes", "gateway.api.tokens", "gateway.api.token.<name>.hash",
          "gateway.api.token.<name>.may-send-for", "gateway.api.local-token.may-send-for",
          // supplier desk
          "gateway.supplier.vat-id", "gateway.supplier.legal-name", "gateway.supplier.organisation-number",
          "gateway.supplier.bankgiro", "gateway.supplier.iban", "gateway.supplier.bic", "gateway.supplier.payment-terms-days",
          "gateway.supplier.default-vat-percent", "gateway.supplier.time-zone",
          "gateway.buyer-rules.vgr.participants", "gateway.buyer-rules.marks.participants", "gateway.catalogue.buyers");

  private static final List<Pattern> KEY_PATTERNS =
      KEYS.stream().map(k -> pattern(k, "[^.]+")).toList();
  private static final List<Pattern> ENV_PATTERNS =
      KEYS.stream().map(k -> pattern(ConfigSource.environmentName(k).replace("__NAME__", "_<name>_"), "[A-Z0-9_]+"))
          .toList();

  private KnownKeys() {}

  private static Pattern pattern(String key, String nameRegex) {
    String[] parts = key.split("<name>", -1);
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        re.append(nameRegex);
      }
      re.append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(re.toString());
  }

  public static boolean isKnown(String key) {
    return KEY_PATTERNS.stream().anyMatch(p -> p.matcher(key).matches());
  }

  /** Whether a GATEWAY_* environment variable sets a key (or is one of the CLI's own). */
  public static boolean isKnownEnvironmentName(String name) {
    return OTHER_ENVIRONMENT.contains(name) || ENV_PATTERNS.stream().anyMatch(p -> p.matcher(name).matches());
  }

  /** The known key nearest to a misspelt one, if any is near enough to be what was meant. */
  public static Optional<String> nearest(String key) {
    return nearestOf(key, candidates(key));
  }

  /** The environment variable nearest to a misspelt one, if any is near enough. */
  public static Optional<String> nearestEnvironmentName(String name) {
    List<String> names =
        KEYS.stream().filter(k -> !k.contains("<name>")).map(ConfigSource::environmentName).toList();
    return nearestOf(name, names);
  }

  /**
   * The known keys, with a {@code <name>} segment replaced by the given key's segment at the same
   * place, so that {@code gateway.participant.acme.documnet-types} is compared with {@code
   * gateway.participant.acme.document-types}.
   */
  private static List<String> candidates(String key) {
    String[] given = key.split("\\.", -1);
    List<String> out = new ArrayList<>();
    for (String k : KEYS) {
      String[] parts = k.split("\\.", -1);
      if (parts.length == given.length) {
        for (int i = 0; i < parts.length; i++) {
          if (parts[i].equals("<name>")) {
            parts[i] = given[i];
          }
        }
      }
      out.add(String.join(".", parts));
    }
    return out;
  }

  private static Optional<String> nearestOf(String given, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(given, c);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    // a third of the key may differ: enough for typos, not so much that any key "matches"
    return best != null && bestDistance <= Math.max(2, given.length() / 3) ? Optional.of(best) : Optional.empty();
  }

  /** Levenshtein distance (insert, delete, replace one character each cost 1). */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int replace = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(replace, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
