package se.peppolgw.ap.inbound;

/** Told how each inbound AS4 message was answered: metrics and alerts listen here. */
public interface InboundObserver {
  InboundObserver NONE = new InboundObserver() {};

  /** Stored and answered with a receipt ({@code duplicate}: a repeat, answered again). */
  default void accepted(boolean duplicate) {}

  /**
   * Answered with an AS4 error.
   *
   * @param ebmsCode the first error's code, e.g. {@code EBMS:0004}
   * @param authenticatedSender whether the message was signed by a trusted access point
   * @param transmissionId the refusal's transmission record, null when none was kept
   */
  default void refused(String ebmsCode, boolean authenticatedSender, String sender, String transmissionId) {}

  /** Both, in this order. */
  static InboundObserver both(InboundObserver a, InboundObserver b) {
    return new InboundObserver() {
      @Override
      public void accepted(boolean duplicate) {
        a.accepted(duplicate);
        b.accepted(duplicate);
      }

      @Override
      public void refused(String ebmsCode, boolean authenticatedSender, String sender, String transmissionId) {
        a.refused(ebmsCode, authenticatedSender, sender, transmissionId);
        b.refused(ebmsCode, authenticatedSender, sender, transmissionId);
      }
    };
  }
}
