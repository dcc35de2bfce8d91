package se.peppolgw.ap.outbound;

/** Whose side has to act on a failed send: the first words of the verdict's "side" line. */
public enum FailureSide {
  /** This gateway, or the back office that handed it the document (its content or addressing). */
  OURS("Our side"),
  /** The receiving access point (C3), or someone between us and it (a proxy, a load balancer). */
  RECEIVER_AP("Their side"),
  /** The receiver's registration in Peppol: its SMP entry, or the SML record pointing to it. */
  RECEIVER_SMP("Receiver's SMP"),
  /** The network between us and the SML, the DNS or the SMP; retries usually help. */
  NETWORK("Network");

  private final String words;

  FailureSide(String words) {
    this.words = words;
  }

  /** E.g. "Their side". */
  public String words() {
    return words;
  }
}
