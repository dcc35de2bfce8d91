package se.peppolgw.ap.store;

/** Where a transmission stands. Inbound and outbound states share one column. */
public enum TransmissionState {
  /** Inbound: stored durably, receipt sent (or being sent); not yet handed to the back office. */
  RECEIVED,
  /** Inbound: written to the inbox folder / webhook. */
  HANDED_OVER,
  /** Inbound: the back office confirmed it took the document (pull API ack). */
  ACKNOWLEDGED,
  /** Inbound: refused with an AS4 error; nothing reached the back office. */
  REJECTED,
  /** Inbound: a repeat of an earlier message; answered, never handed over again. */
  DUPLICATE,
  /**
   * Inbound: a message for the gateway itself (a Message Level Status answering one of our
   * transmissions), processed by it when stored; never handed to the back office.
   */
  CONSUMED,
  /** Outbound: accepted and waiting for the sender worker. */
  PENDING,
  /** Outbound: claimed by a worker and being sent. */
  SENDING,
  /** Outbound: waiting for the next attempt after a retryable failure. */
  RETRY_WAIT,
  /** Outbound: the receiving AP returned a valid signed receipt. */
  DELIVERED,
  /** Outbound: gave up (permanent error or attempts exhausted); the reason is on the timeline. */
  FAILED,
  /** Outbound: cancelled by an operator before delivery. */
  CANCELLED
}
