package se.peppolgw.ap.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Layered key/value configuration. Precedence, highest first: explicit overrides (tests, command
 * line {@code -Dkey=value} system properties), environment variables, the configuration file.
 *
 * <p>Every key {@code gateway.http.port} can be set by the environment variable {@code
 * GATEWAY_HTTP_PORT}: upper case, every character that is not a letter or digit becomes {@code _}.
 */
public final class ConfigSource {
  private final Map<String, String> overrides;
  private final Map<String, String> environment;
  private final Map<String, String> file;
  /** Every key asked for, so that a test can prove each one is a known key. */
  private final java.util.Set<String> asked = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private ConfigSource(
      Map<String, String> overrides, Map<String, String> environment, Map<String, String> file) {
    this.overrides = Map.copyOf(overrides);
    this.environment = Map.copyOf(environment);
    this.file = Map.copyOf(file);
  }

  /** The real thing: file (may be absent), the process environment and system properties. */
  public static ConfigSource load(Path configFile) {
    Map<String, String> overrides = new HashMap<>();
    System.getProperties()
        .forEach(
            (k, v) -> {
              if (k.toString().startsWith("gateway.")) {
                overrides.put(k.toString(), v.toString());
              }
            });
    return new ConfigSource(overrides, System.getenv(), readFile(configFile));
  }

  /** For tests and embedding: only the given values (plus an optional file), no environment. */
  public static ConfigSource of(Map<String, String> values, Path configFile) {
    return new ConfigSource(values, Map.of(), configFile == null ? Map.of() : readFile(configFile));
  }

  /**
   * Every {@code gateway.*} key set in the file or as an override (system property), with where it
   * came from, for the unknown-key check.
   */
  public Map<String, String> givenKeys() {
    Map<String, String> out = new java.util.TreeMap<>();
    file.keySet().stream().filter(k -> k.startsWith("gateway.")).forEach(k -> out.put(k, "configuration file"));
    overrides.keySet().stream().filter(k -> k.startsWith("gateway.")).forEach(k -> out.put(k, "override"));
    return out;
  }

  /** The names of the {@code GATEWAY_*} environment variables set. */
  public java.util.SortedSet<String> givenEnvironmentNames() {
    return new java.util.TreeSet<>(
        environment.keySet().stream().filter(k -> k.startsWith("GATEWAY_")).toList());
  }

  /** For tests: overrides and a stand-in for the process environment. */
  static ConfigSource withEnvironment(Map<String, String> values, Map<String, String> environment) {
    return new ConfigSource(values, environment, Map.of());
  }

  public static String environmentName(String key) {
    StringBuilder sb = new StringBuilder(key.length());
    for (char c : key.toCharArray()) {
      sb.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
    }
    return sb.toString().toUpperCase(Locale.ROOT);
  }

  /** The value of a key, blank values counting as absent. */
  public Optional<String> get(String key) {
    asked.add(key);
    String v = overrides.get(key);
    if (v == null) {
      v = environment.get(environmentName(key));
    }
    if (v == null) {
      v = file.get(key);
    }
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(v.trim());
  }

  /** The keys asked for so far (tests: every key read must be in {@link KnownKeys}). */
  java.util.Set<String> askedKeys() {
    return java.util.Set.copyOf(asked);
  }

  /** Where the value of a key came from, for error messages and the start-up log. */
  public String origin(String key) {
    if (overrides.containsKey(key)) {
      return "override";
    }
    if (environment.containsKey(environmentName(key))) {
      return "environment " + environmentName(key);
    }
    if (file.containsKey(key)) {
      return "configuration file";
    }
    return "default";
  }

  private static Map<String, String> readFile(Path configFile) {
    if (configFile == null || !Files.isRegularFile(configFile)) {
      return Map.of();
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(configFile)) {
      p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration file " + configFile, e);
    }
    Map<String, String> m = new HashMap<>();
    p.forEach((k, v) -> m.put(k.toString(), v.toString()));
    return m;
  }
}
