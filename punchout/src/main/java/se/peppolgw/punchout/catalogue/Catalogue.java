package se.peppolgw.punchout.catalogue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The supplier's whole catalogue, {@code config/punchout/catalogue.json}. */
public final class Catalogue {
  private final String currency;
  private final Map<String, String> unspscNames;
  private final Map<String, CatalogueItem> items;

  public Catalogue(String currency, Map<String, String> unspscNames, List<CatalogueItem> items) {
    this.currency = currency == null ? "SEK" : currency;
    this.unspscNames = unspscNames == null ? Map.of() : Map.copyOf(unspscNames);
    Map<String, CatalogueItem> map = new LinkedHashMap<>();
    for (CatalogueItem item : items) {
      if (item.articleNumber() == null || map.put(item.articleNumber(), item) != null) {
        throw new IllegalArgumentException("catalogue: missing or duplicate article number " + item.articleNumber());
      }
    }
    this.items = map;
  }

  @JsonIgnoreProperties(ignoreUnknown = false)
  record CatalogueFile(String currency, Map<String, String> unspscNames, List<CatalogueItem> items) {
  }

  public static Catalogue load(Path file, ObjectMapper json) {
    if (!Files.isRegularFile(file)) {
      return new Catalogue("SEK", Map.of(), List.of());
    }
    try {
      CatalogueFile f = json.readValue(file.toFile(), CatalogueFile.class);
      return new Catalogue(f.currency(), f.unspscNames(), f.items() == null ? List.of() : f.items());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read catalogue " + file, e);
    }
  }

  public String currency() {
    return currency;
  }

  public Map<String, String> unspscNames() {
    return unspscNames;
  }

  public List<CatalogueItem> items() {
    return List.copyOf(items.values());
  }

  public Optional<CatalogueItem> item(String articleNumber) {
    return Optional.ofNullable(articleNumber == null ? null : items.get(articleNumber));
  }
}
