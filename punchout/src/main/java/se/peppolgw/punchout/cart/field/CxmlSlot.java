package se.peppolgw.punchout.cart.field;

/**
 * The optional children of a cXML {@code ItemDetail} a line field can fill, in the order cXML.dtd demands. The
 * renderer writes the structured children itself (UnitPrice, Description, UnitOfMeasure, Classification, and
 * LeadTime just before the Extrinsic elements); these slots in between, in this order.
 */
public enum CxmlSlot {
  MANUFACTURER_PART_ID("ManufacturerPartID", false),
  /** Carries {@code xml:lang}. */
  MANUFACTURER_NAME("ManufacturerName", true),
  /** {@code <Extrinsic name="…">}: the DTD's place for anything it has no element for; after LeadTime. */
  EXTRINSIC("Extrinsic", false);

  private final String element;
  private final boolean localized;

  CxmlSlot(String element, boolean localized) {
    this.element = element;
    this.localized = localized;
  }

  public String element() {
    return element;
  }

  /** Whether the element carries the language of its text ({@code xml:lang}). */
  public boolean localized() {
    return localized;
  }
}
