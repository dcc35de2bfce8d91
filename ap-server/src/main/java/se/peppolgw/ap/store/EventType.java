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
  SMP_LOOKUP,
  SEND_ATTEMPT,
  RECEIPT_RECEIVED,
  ERROR_SIGNAL_RECEIVED,
  RETRY_SCHEDULED,
  DELIVERED,
  FAILED,
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
