package se.peppolgw.punchout.buyer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The configured buyers: every {@code *.json} file in {@code <config>/buyers/}. */
public final class BuyerDirectory {
  private final Map<String, BuyerProfile> byId;

  public BuyerDirectory(List<BuyerProfile> profiles) {
    Map<String, BuyerProfile> map = new LinkedHashMap<>();
    for (BuyerProfile p : profiles) {
      if (p.id() == null || p.id().isBlank() || p.protocol() == null) {
        throw new IllegalArgumentException("buyer profile needs id and protocol: " + p.name());
      }
      if (map.put(p.id(), p) != null) {
        throw new IllegalArgumentException("duplicate buyer id " + p.id());
      }
    }
    this.byId = Map.copyOf(map);
  }

  public static BuyerDirectory load(Path buyersDir, ObjectMapper json) {
    if (!Files.isDirectory(buyersDir)) {
      return new BuyerDirectory(List.of());
    }
    try (Stream<Path> files = Files.list(buyersDir)) {
      List<BuyerProfile> profiles = files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
          .map(f -> read(f, json)).toList();
      return new BuyerDirectory(profiles);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BuyerProfile read(Path file, ObjectMapper json) {
    try {
      return json.readValue(file.toFile(), BuyerProfile.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read buyer profile " + file, e);
    }
  }

  public Optional<BuyerProfile> byId(String id) {
    return Optional.ofNullable(id == null ? null : byId.get(id));
  }

  /** cXML buyers are keyed on the From credential (domain compared case-insensitively, identity exactly). */
  public Optional<BuyerProfile> byCxmlFrom(String domain, String identity) {
    return byId.values().stream()
        .filter(p -> p.protocol() == Protocol.CXML)
        .filter(p -> p.cxml().fromIdentity() != null && p.cxml().fromIdentity().equals(identity))
        .filter(p -> p.cxml().fromDomain() == null || p.cxml().fromDomain().equalsIgnoreCase(domain))
        .findFirst();
  }

  public List<BuyerProfile> all() {
    return List.copyOf(byId.values());
  }
}
