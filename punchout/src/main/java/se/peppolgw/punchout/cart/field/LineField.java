package se.peppolgw.punchout.cart.field;

import java.util.Arrays;
import java.util.Optional;

/**
 * The descriptive fields of a cart line, each declared once with what every protocol and page calls it. A
 * field here travels from the catalogue to the cart line, through the cart API, the stored session and a
 * cXML edit round trip, into each protocol that has a place for it, and onto the shop's pages, without any of
 * those naming it: they iterate over these constants. A new field is a constant here and its label in the two
 * {@code shop*.properties} bundles; a protocol element not modelled yet is one more slot in {@link CxmlSlot}
 * (written from its element name, in its declared place) or {@link UblSlot} (whose renderer's switch expression
 * then does not compile until it writes it).
 *
 * <p>Not here: the fields each protocol gives a structure of its own (article number, name and long text,
 * quantity, unit, price, currency, VAT rate, UNSPSC class, lead time): they are typed components of
 * {@link se.peppolgw.punchout.cart.CartLine} and every renderer writes them by hand where its standard says.
 *
 * <p>The declaration order is the order of the product page's facts, the JSON properties and the OCI fields.
 */
public enum LineField {
  MANUFACTURER("manufacturer", "manufacturer", "product.manufacturer", Shown.PRODUCT_PAGE,
      null, CxmlPlace.element(CxmlSlot.MANUFACTURER_NAME), UblPlace.of(UblSlot.MANUFACTURER_PARTY_NAME)),
  MANUFACTURER_PART_NUMBER("manufacturerPartNumber", "manufacturer part number", "product.mpn",
      Shown.PRODUCT_PAGE_AND_CART,
      new OciPlace("MANUFACTMAT", 40), CxmlPlace.element(CxmlSlot.MANUFACTURER_PART_ID),
      UblPlace.of(UblSlot.MANUFACTURERS_ITEM_ID)),
  /** GS1 GTIN; OCI 4.0 has no field for it. */
  GTIN("gtin", "GTIN", "product.gtin", Shown.PRODUCT_PAGE,
      null, CxmlPlace.extrinsic("GTIN"), UblPlace.standardId("0160"));

  /** Which shop pages show the field (with its label); the catalogue search always looks at it. */
  public enum Shown {
    PRODUCT_PAGE, PRODUCT_PAGE_AND_CART
  }

  private final String json;
  private final String words;
  private final String label;
  private final Shown shown;
  private final OciPlace oci;
  private final CxmlPlace cxml;
  private final UblPlace ubl;

  /**
   * @param json  the property name in the catalogue, the cart API and the stored session
   * @param words what line problems call it (English, as every line problem)
   * @param label the key of the shop's label in {@code shop*.properties}
   * @param oci   its OCI field, or null when OCI does not send it
   * @param cxml  its place in cXML ItemDetail (sent and read back on edit), or null
   * @param ubl   its place in the Peppol punch-out UBL Item, or null
   */
  LineField(String json, String words, String label, Shown shown, OciPlace oci, CxmlPlace cxml, UblPlace ubl) {
    this.json = json;
    this.words = words;
    this.label = label;
    this.shown = shown;
    this.oci = oci;
    this.cxml = cxml;
    this.ubl = ubl;
  }

  public String json() {
    return json;
  }

  public String words() {
    return words;
  }

  public String label() {
    return label;
  }

  public boolean inCart() {
    return shown == Shown.PRODUCT_PAGE_AND_CART;
  }

  public Optional<OciPlace> oci() {
    return Optional.ofNullable(oci);
  }

  public Optional<CxmlPlace> cxml() {
    return Optional.ofNullable(cxml);
  }

  public Optional<UblPlace> ubl() {
    return Optional.ofNullable(ubl);
  }

  public static Optional<LineField> byJson(String name) {
    return Arrays.stream(values()).filter(f -> f.json.equals(name)).findFirst();
  }
}
