package se.peppolgw.punchout.cart.field;

/**
 * Where a line field goes in the OCI inbound section: the form field {@code NEW_ITEM-<name>[n]}, optional, never
 * cut: a value longer than {@code maxLength} characters stops the transfer with a line problem (OCI has no
 * status channel, and a cut identifier is a wrong identifier).
 */
public record OciPlace(String name, int maxLength) {
  public OciPlace {
    if (name == null || !name.matches("[A-Z][A-Z0-9_]*") || maxLength < 1) {
      throw new IllegalArgumentException("not an OCI field: " + name + " (" + maxLength + ")");
    }
  }
}
