package se.peppolgw.ap.selfcheck;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.GatewayConfig;

/**
 * {@code gateway.smp.self-check.interval}: a whole number with a unit ({@code 30m}, {@code 6h},
 * {@code 1d}), or {@code 0} / {@code off} for no periodic run. Default 6 hours; at least 5 minutes,
 * at most 7 days (an SMP is not to be polled, and a week-old result is no check).
 */
public final class SelfCheckInterval {
  public static final String KEY = "gateway.smp.self-check.interval";
  public static final Duration DEFAULT = Duration.ofHours(6);
  static final Duration MIN = Duration.ofMinutes(5);
  static final Duration MAX = Duration.ofDays(7);
  private static final Pattern FORM = Pattern.compile("([0-9]{1,6})\\s*([mhd])");

  private SelfCheckInterval() {}

  public static Duration of(GatewayConfig config) {
    return config.source().get(KEY).map(SelfCheckInterval::parse).orElse(DEFAULT);
  }

  static Duration parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("0") || v.equals("off")) {
      return Duration.ZERO;
    }
    Matcher m = FORM.matcher(v);
    if (!m.matches()) {
      throw new ConfigException(KEY + " = '" + value + "': expected a number with m, h or d (e.g. 6h), or off");
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
    if (d.isZero()) {
      return Duration.ZERO;
    }
    if (d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
      throw new ConfigException(KEY + " = '" + value + "': between 5m and 7d, or off");
    }
    return d;
  }
}
