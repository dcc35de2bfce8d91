package se.peppolgw.ap.store;

/**
 * What an operator (or, for {@link #ACKNOWLEDGE}, the back office) may do with a transmission;
 * {@link TransmissionState#allowedActions()} says which apply in which state.
 */
public enum OperatorAction {
  /** Outbound: send the same (or a corrected) document again as a new transmission. */
  RESEND,
  /** Outbound: make a waiting or failed send due now (a failed one gets a new round of attempts). */
  RETRY_NOW,
  /** Outbound: take a send that has not started out of the queue; it is never sent. */
  CANCEL,
  /** Inbound: hand a received document to the back office again. */
  REDELIVER,
  /** Inbound: the back office confirms it took the document (pull API). */
  ACKNOWLEDGE
}
