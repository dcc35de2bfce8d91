package se.peppolgw.ap.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code gateway.alerts.*} settings: where alerts go (SMTP and/or a webhook; neither = alerts
 * off), how often per kind at most, and the thresholds. Bound once from the configuration
 * (README.md lists every key and default); a wrong value refuses the whole area with one line per
 * problem.
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

  /** The alert settings of a configuration source (tests; the gateway uses {@link GatewayConfig#alerts()}). */
  public static AlertSettings from(ConfigSource src) {
    return new GatewayConfig(src).alerts();
  }

  static AlertSettings bind(GatewayConfig c) {
    ConfigSource src = c.source();
    Problems p = new Problems();
    Optional<Smtp> smtp = Optional.empty();
    Optional<String> host = src.get("gateway.alerts.smtp.host");
    if (host.isPresent()) {
      String from = p.read(() -> src.get("gateway.alerts.smtp.from").orElseThrow(() -> new ConfigException(
          "gateway.alerts.smtp.from is missing: alert mail needs a sender address")), null);
      List<String> to = c.list("gateway.alerts.smtp.to");
      if (to.isEmpty()) {
        p.add("gateway.alerts.smtp.to is missing: alert mail needs at least one recipient");
      }
      smtp = Optional.of(new Smtp(
          host.get(),
          p.read(() -> c.intValue("gateway.alerts.smtp.port", 587, 1, 65_535), 587),
          p.read(() -> c.bool("gateway.alerts.smtp.starttls", true), true),
          src.get("gateway.alerts.smtp.user").orElse(null),
          src.get("gateway.alerts.smtp.password").orElse(""),
          from,
          to));
    }
    Optional<Webhook> webhook = Optional.empty();
    Optional<String> url = src.get("gateway.alerts.webhook.url");
    if (url.isPresent()) {
      URI u = p.read(() -> httpUrl(url.get()), null);
      String secret = p.read(() -> src.get("gateway.alerts.webhook.secret").orElseThrow(() -> new ConfigException(
          "gateway.alerts.webhook.secret is missing: the alert webhook needs a shared secret for its HMAC"
              + " signature")), null);
      webhook = Optional.of(new Webhook(u, secret));
    }
    AlertSettings s = new AlertSettings(
        smtp,
        webhook,
        p.read(() -> Duration.ofSeconds(c.intValue("gateway.alerts.min-interval-seconds", 900, 1, 86_400)), null),
        p.read(() -> Duration.ofMinutes(c.intValue("gateway.alerts.handover-backlog-minutes", 30, 1, 10_080)), null),
        p.read(() -> c.intValue("gateway.alerts.certificate-days", 30, 1, 365), 30),
        p.read(() -> Duration.ofSeconds(c.intValue("gateway.alerts.check-seconds", 60, 1, 3_600)), null));
    p.throwIfAny();
    return s;
  }

  private static URI httpUrl(String v) {
    try {
      URI u = URI.create(v.trim());
      if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new ConfigException("gateway.alerts.webhook.url = '" + GatewayConfig.abbreviate(v)
          + "' is not an http(s) URL");
    }
  }
}
