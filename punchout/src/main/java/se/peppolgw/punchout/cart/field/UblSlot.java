package se.peppolgw.punchout.cart.field;

/**
 * The children of a UBL {@code cac:Item} (Peppol punch-out, T77 Catalogue) a line field can fill, in the
 * order of the UBL 2.1 schema. The renderer writes the structured children itself (Description, Name,
 * SellersItemIdentification before these; CommodityClassification and ClassifiedTaxCategory between
 * {@link Position#AFTER_SELLERS_ID} and {@link Position#AFTER_TAX_CATEGORY} slots).
 */
public enum UblSlot {
  /** {@code cac:ManufacturersItemIdentification/cbc:ID}. */
  MANUFACTURERS_ITEM_ID(Position.AFTER_SELLERS_ID),
  /** {@code cac:StandardItemIdentification/cbc:ID} with the place's {@code schemeID} (0160 = GTIN). */
  STANDARD_ITEM_ID(Position.AFTER_SELLERS_ID),
  /** {@code cac:ManufacturerParty/cac:PartyName/cbc:Name}. */
  MANUFACTURER_PARTY_NAME(Position.AFTER_TAX_CATEGORY);

  /** Which group of the schema's sequence the slot is in, relative to the children the renderer writes. */
  public enum Position {
    AFTER_SELLERS_ID, AFTER_TAX_CATEGORY
  }

  private final Position position;

  UblSlot(Position position) {
    this.position = position;
  }

  public Position position() {
    return position;
  }
}
