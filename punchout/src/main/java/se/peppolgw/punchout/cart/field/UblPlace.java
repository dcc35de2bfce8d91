package se.peppolgw.punchout.cart.field;

/** Where a line field goes in a UBL {@code cac:Item}: a slot, and for an identification its scheme. */
public record UblPlace(UblSlot slot, String schemeId) {
  public UblPlace {
    if (slot == null || (slot == UblSlot.STANDARD_ITEM_ID) != (schemeId != null && !schemeId.isBlank())) {
      throw new IllegalArgumentException("a standard item identification, and only it, has a scheme: " + slot);
    }
  }

  public static UblPlace of(UblSlot slot) {
    return new UblPlace(slot, null);
  }

  public static UblPlace standardId(String schemeId) {
    return new UblPlace(UblSlot.STANDARD_ITEM_ID, schemeId);
  }
}
