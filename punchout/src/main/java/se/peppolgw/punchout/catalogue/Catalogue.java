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

/**
 * The supplier's whole catalogue, {@code config/punchout/catalogue.json}. One instance is shared by
 * the shop and the supplier's desk; {@link #replaceWith} swaps its whole content at once when an
 * operator publishes a new catalogue, so the shop serves it without a restart and no request ever
 * sees half of each.
 */
public final class Catalogue {
  private record Content(String currency, Map<String, String> unspscNames, Map<String, CatalogueItem> items) {}

  private volatile Content content;

  public Catalogue(String currency, Map<String, String> unspscNames, List<CatalogueItem> items) {
    Map<String, CatalogueItem> map = new LinkedHashMap<>();
    for (CatalogueItem item : items) {
      if (item.articleNumber() == null || map.put(item.articleNumber(), item) != null) {
        throw new IllegalArgumentException("catalogue: missing or duplicate article number " + item.articleNumber());
      }
    }
    this.content = new Content(currency == null ? "SEK" : currency,
        unspscNames == null ? Map.of() : Map.copyOf(unspscNames), java.util.Collections.unmodifiableMap(map));
  }

  /** From now on this catalogue answers with {@code newer}'s currency, names and articles. */
  public void replaceWith(Catalogue newer) {
    this.content = newer.content;
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
    return content.currency();
  }

  public Map<String, String> unspscNames() {
    return content.unspscNames();
  }

  public List<CatalogueItem> items() {
    return List.copyOf(content.items().values());
  }

  public Optional<CatalogueItem> item(String articleNumber) {
    return Optional.ofNullable(articleNumber == null ? null : content.items().get(articleNumber));
  }
}
