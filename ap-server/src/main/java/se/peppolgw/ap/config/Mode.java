package se.peppolgw.ap.config;

/**
 * Which network the gateway belongs to. The mode decides which certificate authorities are
 * trusted and how receivers are found.
 */
public enum Mode {
  /** Self-contained: a generated dev PKI, a static routing table, never the real Peppol network. */
  LOCAL,
  /** The Peppol test network (test SML, Peppol test AP CAs). */
  TEST,
  /** The Peppol production network (production SML, Peppol production AP CAs). */
  PRODUCTION;

  public static Mode parse(String value) {
    for (Mode m : values()) {
      if (m.name().equalsIgnoreCase(value.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown mode '" + value + "': expected local, test or production");
  }
}
