package se.peppolgw.ap.config;

import java.util.Optional;

/**
 * Numbers in the configuration: refused with the key, its origin and the allowed range, never
 * silently truncated, wrapped or read in a notation the README does not promise.
 */
final class ValueParsers {
  private ValueParsers() {}

  /**
   * A whole-number configuration value within [min, max], refused otherwise with the key, its
   * origin and the allowed range (never silently truncated or wrapped).
   */
  static long whole(ConfigSource src, String key, long def, long min, long max) {
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
          key + " = '" + GatewayConfig.abbreviate(t) + "' (" + src.origin(key) + ") is not a whole number; allowed: "
              + min + " to " + max);
    }
    if (n < min || n > max) {
      throw new ConfigException(
          key + " = '" + t + "' (" + src.origin(key) + ") is out of range; allowed: " + min + " to " + max);
    }
    return n;
  }

  /**
   * A decimal configuration value within [min, max]; NaN, infinities, hexadecimal and
   * out-of-range values are refused with the key, its origin and the allowed range.
   */
  static double decimal(ConfigSource src, String key, double def, double min, double max) {
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
          key + " = '" + GatewayConfig.abbreviate(t) + "' (" + src.origin(key) + ") is not a number; allowed: " + min + " to " + max);
    }
    if (!Double.isFinite(d) || d < min || d > max) {
      throw new ConfigException(
          key + " = '" + GatewayConfig.abbreviate(t) + "' (" + src.origin(key) + ") is out of range; allowed: " + min + " to " + max);
    }
    return d;
  }
}
