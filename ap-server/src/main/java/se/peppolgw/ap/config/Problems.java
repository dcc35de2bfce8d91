package se.peppolgw.ap.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects the problems of one settings area while it is bound, so that every wrong value is
 * reported at once (one line each) instead of the first only.
 */
final class Problems {
  private final List<String> lines = new ArrayList<>();

  /** The value, or the fallback with the problem noted. */
  <T> T read(Supplier<T> value, T fallback) {
    try {
      return value.get();
    } catch (ConfigException e) {
      lines.add(e.getMessage());
      return fallback;
    }
  }

  void add(String problem) {
    lines.add(problem);
  }

  /** One ConfigException whose message has one line per problem. */
  void throwIfAny() {
    if (!lines.isEmpty()) {
      throw new ConfigException(String.join("\n", lines));
    }
  }
}
