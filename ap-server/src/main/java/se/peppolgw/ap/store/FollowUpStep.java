package se.peppolgw.ap.store;

/**
 * What a received document still waits for after its receipt ({@code inbound_followup.step},
 * V72). A document is queued at {@link #VALIDATE} in the transaction that accepts it, moves to
 * {@link #ANSWER} in the transaction that stores its validation, and leaves the queue in the one
 * that records its MLS decision. The workers read their work from this small table instead of
 * searching the whole transmission log for what is missing.
 */
public enum FollowUpStep {
  /** Waits for its validation against the Peppol rules (InboundValidationWorker). */
  VALIDATE,
  /** Validated; waits for the decision about its MLS answer (MlsResponder). */
  ANSWER
}
