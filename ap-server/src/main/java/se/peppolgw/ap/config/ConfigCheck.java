package se.peppolgw.ap.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks the whole configuration before anything starts: every key is known and every value is
 * valid (ranges, enums, URLs, time zones, files that must exist). Nothing is created or opened
 * here, so a refused start leaves the data folder as it was. All problems are collected, one line
 * each, so that the operator fixes them in one go instead of one restart per mistake.
 */
public final class ConfigCheck {
  private final GatewayConfig config;
  private final ConfigSource src;
  private final Set<String> problems = new LinkedHashSet<>();

  private ConfigCheck(GatewayConfig config) {
    this.config = config;
    this.src = config.source();
  }

  /** The problems of a configuration, in the order of README's table; empty when it may start. */
  public static List<String> problems(GatewayConfig config) {
    ConfigCheck c = new ConfigCheck(config);
    c.unknownKeys();
    c.values();
    return List.copyOf(c.problems);
  }

  private void unknownKeys() {
    for (Map.Entry<String, String> e : src.givenKeys().entrySet()) {
      if (!KnownKeys.isKnown(e.getKey())) {
        problems.add(
            e.getKey() + " (" + e.getValue() + ") is not a known key"
                + KnownKeys.nearest(e.getKey()).map(k -> "; did you mean " + k + "?").orElse(""));
      }
    }
    for (String name : src.givenEnvironmentNames()) {
      if (!KnownKeys.isKnownEnvironmentName(name)) {
        problems.add(
            "environment variable " + name + " sets no known key"
                + KnownKeys.nearestEnvironmentName(name).map(k -> "; did you mean " + k + "?").orElse(""));
      }
    }
  }

  private void values() {
    GatewayConfig c = config;
    check(c::mode);
    check(c::localSeatId);
    check(c::nodeId);
    check(c::http);
    existingFile("gateway.tls.keystore.path");
    folder("gateway.data.dir", c.dataDir());
    check(c::store);
    src.get("gateway.db.url").ifPresent(u -> {
      if (!u.startsWith("jdbc:h2:") && !u.startsWith("jdbc:postgresql:")) {
        problems.add("gateway.db.url = '" + abbreviate(u) + "' (" + src.origin("gateway.db.url")
            + ") is not a jdbc:h2: or jdbc:postgresql: URL");
      }
    });
    KeySettings keys = check(c::keys);
    if (keys != null) {
      folder("gateway.keystore.dir", keys.keystoreDir());
    }
    existingFile("gateway.keystore.path");
    existingFile("gateway.truststore.path");
    check(c::served);
    check(c::inbound);
    check(c::handover);
    check(c::outbound);
    routing();
    check(c::reporting);
    // the seat only matters when gateway.mls.service-provider-id is not set; the real one is
    // checked again when the key store is open
    check(() -> se.peppolgw.ap.mls.MlsSettings.from(src, GatewayConfig.DEFAULT_SEAT_ID));
    check(c::ops);
    check(() -> se.peppolgw.ap.ops.security.OperatorDirectory.fromConfig(c));
    check(c::retention);
    check(c::api);
    check(c::metrics);
    String key = "gateway.punchout.config-dir";
    Optional<String> dir = src.get(key);
    if (dir.isPresent() && !dir.get().equalsIgnoreCase("none") && !Files.isDirectory(Path.of(dir.get()))) {
      problems.add(key + " = '" + abbreviate(dir.get()) + "' (" + src.origin(key)
          + ") is not a folder (none switches punch-out off)");
    }
    check(c::alerts);
    check(() -> se.peppolgw.ap.desk.SupplierSettings.from(src));
    check(() -> se.peppolgw.ap.desk.BuyerProfiles.from(c));
    check(() -> se.peppolgw.ap.catalogue.CatalogueBuyers.from(src));
  }

  private void routing() {
    RoutingSettings r = check(config::routing);
    existingFile("gateway.routing.smp-truststore.path");
    existingFile("gateway.routing.static-table");
    if (r != null) {
      for (RoutingSettings.StaticRouteConfig route : r.staticRoutes()) {
        existingFile("gateway.routing.static." + route.name() + ".certificate");
      }
    }
    check(() -> se.peppolgw.ap.selfcheck.SelfCheckInterval.of(config));
  }

  /** A file the gateway reads must be there (and be a file) when its key is set. */
  private void existingFile(String key) {
    src.get(key).ifPresent(v -> {
      Path p = Path.of(v);
      if (!Files.isRegularFile(p)) {
        problems.add(key + " = '" + abbreviate(v) + "' (" + src.origin(key) + "): "
            + (Files.isDirectory(p) ? "is a folder, not a file" : "no such file"));
      } else if (!Files.isReadable(p)) {
        problems.add(key + " = '" + abbreviate(v) + "' (" + src.origin(key) + "): the file cannot be read");
      }
    });
  }

  /** A folder the gateway creates: must not be a file, nor lie below one. */
  private void folder(String key, Path dir) {
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          problems.add(key + " = '" + abbreviate(dir.toString()) + "' (" + src.origin(key) + "): "
              + (p.equals(dir) ? "is a file, not a folder" : p + " is a file, not a folder"));
        } else if (!Files.isWritable(p)) {
          problems.add(key + " = '" + abbreviate(dir.toString()) + "' (" + src.origin(key) + "): "
              + p + " is not writable");
        }
        return;
      }
    }
  }

  /** Runs one getter; its ConfigException becomes a problem line (null returned). */
  private <T> T check(Supplier<T> getter) {
    try {
      return getter.get();
    } catch (ConfigException e) {
      // a settings area reports each of its problems on a line of its own
      e.getMessage().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(problems::add);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      problems.add(oneLine(String.valueOf(e.getMessage())));
    }
    return null;
  }

  static String oneLine(String s) {
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  private static String abbreviate(String v) {
    return v.length() <= 40 ? v : v.substring(0, 40) + "… (" + v.length() + " characters)";
  }
}
