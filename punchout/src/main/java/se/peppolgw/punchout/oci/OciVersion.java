package se.peppolgw.punchout.oci;

/** What differs between the OCI versions we speak: field lengths (PRICEUNIT shrank from 9 to 5 in 4.0). */
public enum OciVersion {
  V3_0("3.0", 9),
  V4_0("4.0", 5);

  private final String label;
  private final int priceUnitLength;

  OciVersion(String label, int priceUnitLength) {
    this.label = label;
    this.priceUnitLength = priceUnitLength;
  }

  public String label() {
    return label;
  }

  public int priceUnitLength() {
    return priceUnitLength;
  }

  public static OciVersion of(String version) {
    if (version == null || version.startsWith("4")) {
      return V4_0;
    }
    if (version.startsWith("3")) {
      return V3_0;
    }
    throw new IllegalArgumentException("unsupported OCI version " + version);
  }
}
