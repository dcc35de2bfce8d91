package se.peppolgw.ap.catalogue;

/** The buyers' catalogue rules (Västra Götalandsregionen, Marks kommun / Proceedo), one per field. */
public enum CatalogueRule {
  ARTICLE_NUMBER("CAT-01", "articleNumber", "an article number is mandatory"),
  NAME("CAT-02", "name", "a name is mandatory"),
  PRICE("CAT-03", "price", "a price is mandatory and must not be negative"),
  UNIT("CAT-04", "unit", "a unit is mandatory"),
  VAT_RATE("CAT-05", "vatRate", "a VAT rate is mandatory"),
  UNSPSC("CAT-06", "unspsc", "the UNSPSC code must be 8 digits at level 4 (commodity: no 00 pair)"),
  IMAGE_URL("CAT-07", "imageUrl", "the image URL must be https, without spaces, a direct link to a .jpg, .png or .gif"),
  PRODUCT_SHEET_URL("CAT-08", "productSheetUrl", "the product sheet URL must be https");

  private final String id;
  private final String field;
  private final String requirement;

  CatalogueRule(String id, String field, String requirement) {
    this.id = id;
    this.field = field;
    this.requirement = requirement;
  }

  public String id() {
    return id;
  }

  /** The catalogue.json field the rule is about. */
  public String field() {
    return field;
  }

  public String requirement() {
    return requirement;
  }
}
