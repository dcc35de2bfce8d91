package se.peppolgw.ap.store;

import java.time.Instant;

/**
 * What was decided about the Peppol MLS answering one received document (mls_decision, V63).
 *
 * @param responseCode AP, AB or RE (also when not sent: what it would have been), or null
 * @param mlsTo the service provider participant the MLS went (or would go) to, or null
 * @param addressedBy whether {@code mlsTo} came from the received SBDH or the fallback, or null
 * @param outboundId the outbound transmission carrying the MLS, or null when none was sent
 * @param reason why no MLS was sent, or a note on how it was addressed
 */
public record MlsDecision(
    String inboundId,
    Decision decision,
    String responseCode,
    String mlsTo,
    Addressing addressedBy,
    String outboundId,
    String reason,
    Instant createdAt) {

  /** Whether an MLS went out. */
  public enum Decision {
    SENT,
    NOT_SENT
  }

  /** Where the MLS receiver came from. */
  public enum Addressing {
    /** The MLS_TO scope of the received SBDH. */
    MLS_TO,
    /** No usable MLS_TO: the service provider id of the sending access point's seat. */
    FALLBACK
  }
}
