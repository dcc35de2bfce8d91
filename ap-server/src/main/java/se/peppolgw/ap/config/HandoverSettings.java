package se.peppolgw.ap.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import se.peppolgw.ap.handover.HandoverMode;

/**
 * How received documents reach the back office ({@code gateway.inbox.dir}, {@code
 * gateway.webhook.*}, {@code gateway.handover.*}), bound once from the configuration (README.md
 * lists every key and default). A wrong value refuses the whole area with one line per problem.
 *
 * @param inboxDir the inbox folder; empty when {@code gateway.inbox.dir=none}
 * @param modes how the back office takes inbound documents. Default, as before the key existed:
 *     {@code folder} (unless the inbox is {@code none}), {@code pull-api}, and {@code webhook} when
 *     {@code gateway.webhook.url} is set
 * @param webhookUrl the webhook the back office receives each inbound document on
 * @param webhookSecret its HMAC secret; required with a webhook, empty without
 * @param retryDelay wait before a failed hand-over is tried again
 */
public record HandoverSettings(
    Optional<Path> inboxDir,
    Set<HandoverMode> modes,
    Optional<URI> webhookUrl,
    String webhookSecret,
    Duration retryDelay) {

  public HandoverSettings {
    modes = modes.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(modes));
  }

  static HandoverSettings bind(GatewayConfig c) {
    ConfigSource src = c.source();
    Problems p = new Problems();
    String dir = src.get("gateway.inbox.dir").orElse(c.dataDir().resolve("inbox").toString());
    Optional<Path> inbox = dir.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(Path.of(dir).toAbsolutePath());
    Optional<URI> webhook =
        p.read(() -> src.get("gateway.webhook.url").map(v -> c.uri("gateway.webhook.url", v)), Optional.empty());
    String secret = "";
    if (src.get("gateway.webhook.url").isPresent()) {
      secret = p.read(() -> src.get("gateway.webhook.secret").orElseThrow(() -> new ConfigException(
          "gateway.webhook.secret is missing: a webhook needs a shared secret for its HMAC signature")), "");
    }
    Set<HandoverMode> modes = p.read(() -> modes(c, inbox, webhook), Set.of());
    Duration retry =
        p.read(() -> Duration.ofSeconds(c.intValue("gateway.handover.retry-seconds", 30, 1, 86_400)), null);
    p.throwIfAny();
    return new HandoverSettings(inbox, modes, webhook, secret, retry);
  }

  private static Set<HandoverMode> modes(GatewayConfig c, Optional<Path> inbox, Optional<URI> webhook) {
    Set<HandoverMode> modes = EnumSet.noneOf(HandoverMode.class);
    List<String> given = c.list("gateway.handover.modes");
    if (given.isEmpty()) {
      inbox.ifPresent(i -> modes.add(HandoverMode.FOLDER));
      modes.add(HandoverMode.PULL_API);
      webhook.ifPresent(w -> modes.add(HandoverMode.WEBHOOK));
      return modes;
    }
    Problems p = new Problems();
    for (String g : given) {
      HandoverMode.of(g).ifPresentOrElse(modes::add, () -> p.add("gateway.handover.modes: unknown mode '"
          + GatewayConfig.abbreviate(g) + "' (folder, pull-api, webhook; one or several, comma-separated)"));
    }
    if (modes.contains(HandoverMode.FOLDER) && inbox.isEmpty()) {
      p.add("gateway.handover.modes names folder but gateway.inbox.dir is none");
    }
    if (modes.contains(HandoverMode.WEBHOOK) && c.source().get("gateway.webhook.url").isEmpty()) {
      p.add("gateway.handover.modes names webhook but gateway.webhook.url is not set");
    }
    p.throwIfAny();
    return modes;
  }
}
