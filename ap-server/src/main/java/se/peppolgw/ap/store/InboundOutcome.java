package se.peppolgw.ap.store;

/** The result of offering an inbound message to the store. */
public sealed interface InboundOutcome {
  String transmissionId();

  /** Stored durably; the id of the new transmission. */
  record Accepted(String transmissionId) implements InboundOutcome {}

  /**
   * A repeat: recorded as its own DUPLICATE transmission ({@code transmissionId}) pointing at the
   * original; nothing new is handed to the back office.
   */
  record Duplicate(String transmissionId, String originalId, DuplicateKind kind)
      implements InboundOutcome {}

  enum DuplicateKind {
    /** Same AS4 MessageId from the same sending access point. */
    AS4_MESSAGE_ID,
    /** Same SBDH InstanceIdentifier from the same sender participant. */
    SBDH_INSTANCE_ID
  }
}
