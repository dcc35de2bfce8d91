package se.peppolgw.punchout.catalogue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.util.List;

/** One article of the supplier's catalogue (fields of requirements.md, "Catalogue"). */
@JsonIgnoreProperties(ignoreUnknown = false)
public record CatalogueItem(
    String articleNumber,
    String name,
    BigDecimal price,
    String unit,
    BigDecimal vatRate,
    String unspsc,
    String longDescription,
    List<String> keywords,
    String imageUrl,
    String productSheetUrl,
    String manufacturer,
    String manufacturerPartNumber,
    String gtin,
    Integer leadTimeDays,
    String comparisonPrice) {

  public CatalogueItem {
    keywords = keywords == null ? List.of() : List.copyOf(keywords);
  }

  public CatalogueItem withPrice(BigDecimal newPrice) {
    return new CatalogueItem(articleNumber, name, newPrice, unit, vatRate, unspsc, longDescription, keywords,
        imageUrl, productSheetUrl, manufacturer, manufacturerPartNumber, gtin, leadTimeDays, comparisonPrice);
  }
}
