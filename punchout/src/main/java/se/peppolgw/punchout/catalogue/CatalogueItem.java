package se.peppolgw.punchout.catalogue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.math.BigDecimal;
import java.util.List;
import se.peppolgw.punchout.cart.CartLine;
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

  /**
   * A cart line for this article: everything but the line id, the quantity and the currency comes from the
   * catalogue, never from the buyer's form. The one place where a catalogue field becomes a cart field.
   */
  public CartLine toCartLine(String lineId, BigDecimal quantity, String currency) {
    return new CartLine(lineId, articleNumber, name, quantity, unit, price, currency, vatRate, unspsc, leadTimeDays,
        longDescription, gtin, manufacturer, manufacturerPartNumber);
  }

  /**
   * The line an external shop trusted with its own prices sent, with every field it left out taken from this
   * article and the currency defaulted.
   */
  public CartLine complete(CartLine l, String defaultCurrency) {
    return new CartLine(l.lineId(), l.articleNumber(), or(l.name(), name), l.quantity(), or(l.unit(), unit),
        or(l.price(), price), l.currency() != null && !l.currency().isBlank() ? l.currency() : defaultCurrency,
        or(l.vatRate(), vatRate), or(l.unspsc(), unspsc), or(l.leadTimeDays(), leadTimeDays),
        or(l.longDescription(), longDescription), or(l.gtin(), gtin), or(l.manufacturer(), manufacturer),
        or(l.manufacturerPartNumber(), manufacturerPartNumber));
  }

  private static <T> T or(T own, T fallback) {
    return own != null ? own : fallback;
  }
}
