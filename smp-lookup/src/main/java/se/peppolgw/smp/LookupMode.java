package se.peppolgw.smp;

/** Where the lookup gets its answer. */
public enum LookupMode {
  /** Peppol SML by U-NAPTR (BDXL) in a DNS zone, then the SMP the NAPTR record points to. */
  SML,
  /** One configured SMP for every participant; the SML is skipped. */
  FIXED_SMP,
  /** A static routing table (local mode, closed networks, tests); no network traffic at all. */
  STATIC_TABLE
}
