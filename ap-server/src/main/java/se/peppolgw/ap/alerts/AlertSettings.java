package se.peppolgw.ap.alerts;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.ConfigSource;

/**
 * The {@code gateway.alerts.*} settings: where alerts go (SMTP and/or a webhook; neither = alerts
 * off), how often per kind at most, and the thresholds.
 */
public record AlertSettings(
    Optional<Smtp> smtp,
    Optional<Webhook> webhook,
    Duration minInterval,
    Duration handoverBacklogAge,
    int certificateDays,
    Duration checkInterval) {

  /** @param user null without SMTP authentication */
  public record Smtp(String host, int port, boolean starttls, String user, String password, String from, List<String> to) {
    public Smtp withTo(String... recipients) {
      return new Smtp(host, port, starttls, user, password, from, List.of(recipients));
    }
  }

  public record Webhook(URI url, String secret) {}

  public boolean enabled() {
    return smtp.isPresent() || webhook.isPresent();
  }

  public static AlertSettings from(ConfigSource src) {
    Optional<Smtp> smtp = src.get("gateway.alerts.smtp.host").map(host -> new Smtp(
        host,
        integer(src, "gateway.alerts.smtp.port", 587, 1, 65_535),
        bool(src, "gateway.alerts.smtp.starttls", true),
        src.get("gateway.alerts.smtp.user").orElse(null),
        src.get("gateway.alerts.smtp.password").orElse(""),
        src.get("gateway.alerts.smtp.from").orElseThrow(() -> new ConfigException(
            "gateway.alerts.smtp.from is missing: alert mail needs a sender address")),
        addresses(src)));
    Optional<Webhook> webhook = src.get("gateway.alerts.webhook.url").map(u -> new Webhook(
        uri(u),
        src.get("gateway.alerts.webhook.secret").orElseThrow(() -> new ConfigException(
            "gateway.alerts.webhook.secret is missing: the alert webhook needs a shared secret for its"
                + " HMAC signature"))));
    return new AlertSettings(
        smtp,
        webhook,
        Duration.ofSeconds(integer(src, "gateway.alerts.min-interval-seconds", 900, 1, 86_400)),
        Duration.ofMinutes(integer(src, "gateway.alerts.handover-backlog-minutes", 30, 1, 10_080)),
        integer(src, "gateway.alerts.certificate-days", 30, 1, 365),
        Duration.ofSeconds(integer(src, "gateway.alerts.check-seconds", 60, 1, 3_600)));
  }

  private static List<String> addresses(ConfigSource src) {
    List<String> to = src.get("gateway.alerts.smtp.to")
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
    if (to.isEmpty()) {
      throw new ConfigException("gateway.alerts.smtp.to is missing: alert mail needs at least one recipient");
    }
    return to;
  }

  private static URI uri(String v) {
    try {
      URI u = URI.create(v.trim());
      if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new ConfigException("gateway.alerts.webhook.url: '" + v + "' is not an http(s) URL");
    }
  }

  private static int integer(ConfigSource src, String key, int def, int min, int max) {
    Optional<String> v = src.get(key);
    if (v.isEmpty()) {
      return def;
    }
    try {
      int n = Integer.parseInt(v.get().trim());
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(key + ": '" + v.get() + "' is not a whole number from " + min + " to " + max);
    }
  }

  private static boolean bool(ConfigSource src, String key, boolean def) {
    Optional<String> v = src.get(key).map(String::trim);
    if (v.isEmpty()) {
      return def;
    }
    if (v.get().equalsIgnoreCase("true") || v.get().equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v.get());
    }
    throw new ConfigException(key + ": '" + v.get() + "' is not true or false");
  }
}
