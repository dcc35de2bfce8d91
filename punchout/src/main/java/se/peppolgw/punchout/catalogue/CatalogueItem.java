package se.peppolgw.punchout.catalogue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.math.BigDecimal;
import java.util.List;
import se.peppolgw.punchout.json.BoundedDecimalDeserializer;

/**
 * One article of the supplier's catalogue (fields of requirements.md, "Catalogue"). Price and VAT rate are read
 * through {@link se.peppolgw.punchout.cart.BoundedDecimal}: an unbounded number stops the load.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record CatalogueItem(
    String articleNumber,
    String name,
    @JsonDeserialize(using = BoundedDecimalDeserializer.Price.class) BigDecimal price,
    String unit,
    @JsonDeserialize(using = BoundedDecimalDeserializer.VatRate.class) BigDecimal vatRate,
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
