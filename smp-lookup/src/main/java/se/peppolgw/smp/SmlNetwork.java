package se.peppolgw.smp;

import com.helger.peppol.sml.ESML;

/** The OpenPeppol SML zones as named by peppol-commons {@link ESML}. */
public enum SmlNetwork {
  PRODUCTION(ESML.PEPPOL_PRODUCTION),
  TEST(ESML.PEPPOL_TEST);

  private final ESML sml;

  SmlNetwork(ESML sml) {
    this.sml = sml;
  }

  /** The DNS zone, e.g. {@code participant.sml.prod.tech.peppol.org.} */
  public String dnsZone() {
    return sml.getDNSZone();
  }

  public ESML sml() {
    return sml;
  }
}
