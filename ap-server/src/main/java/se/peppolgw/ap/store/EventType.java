package se.peppolgw.ap.store;

/** The kinds of entries on a transmission's timeline. */
public enum EventType {
  RECEIVED,
  VALIDATED,
  RECEIPT_SENT,
  ERROR_SIGNAL_SENT,
  DUPLICATE,
  REJECTED,
  HANDED_OVER,
  HANDOVER_FAILED,
  ACKNOWLEDGED,
  ACCEPTED,
  VALIDATION_WARNING,
  /** Inbound: the received document broke Peppol rules (validated after the receipt). */
  VALIDATION_FAILED,
  /** Inbound: the Peppol MLS answering the document was sent, or why none was. */
  MLS_ANSWER,
  SMP_LOOKUP,
  SEND_ATTEMPT,
  RECEIPT_RECEIVED,
  ERROR_SIGNAL_RECEIVED,
  RETRY_SCHEDULED,
  DELIVERED,
  /** Outbound: failed permanently, not retried (the code is the failure's). */
  FAILED,
  /**
   * Outbound: the last allowed attempt failed retryably, the worker gave up (the code is the last
   * failure's). Timelines written before this type have a FAILED event "Gave up after …" instead.
   */
  GAVE_UP,
  CANCELLED,
  /** Outbound: the SBDH asks the receiving AP for a Message Level Status (code: the MLS_TYPE). */
  MLS_REQUESTED,
  /**
   * A Message Level Status arrived: on the outbound transmission it answers (code: AP, AB or RE)
   * and on the inbound transmission that carried it.
   */
  MLS_RECEIVED,
  NOTE
}
