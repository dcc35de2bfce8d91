package se.peppolgw.punchout.catalogue;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.field.LineDetails;
import se.peppolgw.punchout.cart.field.LineField;
import se.peppolgw.punchout.json.BoundedDecimalDeserializer;

/**
 * One article of the supplier's catalogue (fields of requirements.md, "Catalogue"). Price and VAT rate are read
 * through {@link se.peppolgw.punchout.cart.BoundedDecimal}: an unbounded number stops the load. The
 * {@link LineField}s are properties of the article like the others; any other unknown property stops the load.
 */
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
    Integer leadTimeDays,
    String comparisonPrice,
    @JsonIgnore LineDetails details) {

  public CatalogueItem {
    keywords = keywords == null ? List.of() : List.copyOf(keywords);
    details = details == null ? LineDetails.NONE : details;
  }

  @JsonCreator
  static CatalogueItem fromJson(@JsonProperty("articleNumber") String articleNumber, @JsonProperty("name") String name,
      @JsonProperty("price") @JsonDeserialize(using = BoundedDecimalDeserializer.Price.class) BigDecimal price,
      @JsonProperty("unit") String unit,
      @JsonProperty("vatRate") @JsonDeserialize(using = BoundedDecimalDeserializer.VatRate.class) BigDecimal vatRate,
      @JsonProperty("unspsc") String unspsc, @JsonProperty("longDescription") String longDescription,
      @JsonProperty("keywords") List<String> keywords, @JsonProperty("imageUrl") String imageUrl,
      @JsonProperty("productSheetUrl") String productSheetUrl, @JsonProperty("leadTimeDays") Integer leadTimeDays,
      @JsonProperty("comparisonPrice") String comparisonPrice, @JsonAnySetter Map<String, Object> details) {
    return new CatalogueItem(articleNumber, name, price, unit, vatRate, unspsc, longDescription, keywords, imageUrl,
        productSheetUrl, leadTimeDays, comparisonPrice, LineDetails.fromJson(details, LineDetails.Unknown.REFUSE));
  }

  /** Written as the catalogue has them: plain properties beside the others. */
  @JsonAnyGetter
  Map<String, String> detailsByJsonName() {
    return details.byJsonName();
  }

  /** The field's value, or null. */
  public String detail(LineField field) {
    return details.get(field);
  }

  public CatalogueItem withPrice(BigDecimal newPrice) {
    return new CatalogueItem(articleNumber, name, newPrice, unit, vatRate, unspsc, longDescription, keywords,
        imageUrl, productSheetUrl, leadTimeDays, comparisonPrice, details);
  }

  /**
   * A cart line for this article: everything but the line id, the quantity and the currency comes from the
   * catalogue, never from the buyer's form. The one place where a catalogue field becomes a cart field.
   */
  public CartLine toCartLine(String lineId, BigDecimal quantity, String currency) {
    return new CartLine(lineId, articleNumber, name, quantity, unit, price, currency, vatRate, unspsc, leadTimeDays,
        longDescription, details);
  }

  /**
   * The line an external shop trusted with its own prices sent, with every field it left out taken from this
   * article and the currency defaulted.
   */
  public CartLine complete(CartLine l, String defaultCurrency) {
    return new CartLine(l.lineId(), l.articleNumber(), or(l.name(), name), l.quantity(), or(l.unit(), unit),
        or(l.price(), price), l.currency() != null && !l.currency().isBlank() ? l.currency() : defaultCurrency,
        or(l.vatRate(), vatRate), or(l.unspsc(), unspsc), or(l.leadTimeDays(), leadTimeDays),
        or(l.longDescription(), longDescription), l.details().orElse(details));
  }

  private static <T> T or(T own, T fallback) {
    return own != null ? own : fallback;
  }
}
