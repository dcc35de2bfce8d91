package se.peppolgw.ap.store;

/** Why the back office's outbound status webhook is called. */
public enum StatusNoticeKind {
  /** The transmission reached a final state: DELIVERED, FAILED or CANCELLED. */
  FINAL_STATE,
  /**
   * The receiver answered the document with a Message Level Response (MLS). The state is that of
   * the answer (e.g. {@code AP}, {@code AB}, {@code RE}); raised through {@code
   * OutboundStatusWebhook.notifyMlsAnswer}.
   */
  MLS_ANSWER
}
