package se.peppolgw.punchout.cart.field;

/** Where a line field goes in a cXML {@code ItemIn/ItemDetail}: a slot, and for an Extrinsic its name. */
public record CxmlPlace(CxmlSlot slot, String extrinsicName) {
  public CxmlPlace {
    if (slot == null || (slot == CxmlSlot.EXTRINSIC) != (extrinsicName != null && !extrinsicName.isBlank())) {
      throw new IllegalArgumentException("an Extrinsic, and only an Extrinsic, has a name: " + slot);
    }
  }

  public static CxmlPlace element(CxmlSlot slot) {
    return new CxmlPlace(slot, null);
  }

  public static CxmlPlace extrinsic(String name) {
    return new CxmlPlace(CxmlSlot.EXTRINSIC, name);
  }
}
