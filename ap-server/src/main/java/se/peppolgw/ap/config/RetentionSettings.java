package se.peppolgw.ap.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import se.peppolgw.ap.retention.RetentionPolicy;

/**
 * How long documents are kept ({@code gateway.retention.<kind>.days}, {@code
 * gateway.retention.purge-interval-hours}), bound once from the configuration. A wrong value, or a
 * kind that is not one of {@link RetentionPolicy#KINDS}, refuses the area with one line per problem.
 *
 * @param daysByKind days per document kind; a kind not in it is kept forever
 * @param purgeInterval how often the retention purge runs
 */
public record RetentionSettings(Map<String, Integer> daysByKind, Duration purgeInterval) {

  public RetentionSettings {
    daysByKind = Map.copyOf(daysByKind);
  }

  /** Retention in days of one document kind ({@code invoice}, {@code order} …); empty: kept forever. */
  public Optional<Integer> days(String kind) {
    return Optional.ofNullable(daysByKind.get(kind));
  }

  static RetentionSettings bind(GatewayConfig c) {
    ConfigSource src = c.source();
    Problems p = new Problems();
    for (String key : src.givenKeys().keySet()) {
      if (key.matches("gateway\\.retention\\.[^.]+\\.days")) {
        String kind = key.substring("gateway.retention.".length(), key.length() - ".days".length());
        if (!RetentionPolicy.KINDS.contains(kind)) {
          p.add(key + " (" + src.origin(key) + ") names no document kind; expected one of "
              + String.join(", ", RetentionPolicy.KINDS));
        }
      }
    }
    Map<String, Integer> days = new LinkedHashMap<>();
    for (String kind : RetentionPolicy.KINDS) {
      String key = "gateway.retention." + kind + ".days";
      if (src.get(key).isPresent()) {
        Integer d = p.read(() -> c.intValue(key, 0, 1, 36_500), null);
        if (d != null) {
          days.put(kind, d);
        }
      }
    }
    Duration purge =
        p.read(() -> Duration.ofHours(c.intValue("gateway.retention.purge-interval-hours", 24, 1, 8_760)), null);
    p.throwIfAny();
    return new RetentionSettings(days, purge);
  }
}
