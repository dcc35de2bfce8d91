package se.peppolgw.ap.inbound;

import com.helger.phase4.attachment.WSS4JAttachment;
import com.helger.phase4.incoming.IAS4IncomingMessageState;
import com.helger.phase4.model.error.EEbmsError;
import java.security.cert.X509Certificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.config.GatewayConfig.DuplicateAnswer;
import se.peppolgw.ap.store.InboundConsumer;
import se.peppolgw.ap.store.InboundOutcome;
import se.peppolgw.ap.store.InboundRecord;
import se.peppolgw.ap.store.StoreException;
import se.peppolgw.ap.store.TransmissionStore;

/**
 * The last step before phase4 may sign the receipt: the checked message is committed to the store
 * (forced to disk, see docs/reliability.md), or refused with a 503 so that the sender retries; a
 * duplicate is logged and, if so configured, refused.
 */
final class InboundCommit {
  // the processor's logger: operators' logging configuration names it for the whole receive
  private static final Logger LOG = LoggerFactory.getLogger(PeppolInboundProcessor.class);

  private InboundCommit() {}

  /**
   * Stores {@code record} with the proof of its checks; {@code consumer} (may be null) takes a
   * message that is not handed to the back office, such as an MLS answering one of ours.
   */
  static InboundOutcome store(
      TransmissionStore store, InboundRecord record, String checksPassed, InboundConsumer consumer)
      throws Rejection {
    try {
      return store.storeInbound(record, checksPassed, consumer);
    } catch (StoreException e) {
      LOG.error("Could not store inbound message {}: {}", record.as4MessageId(), e.getMessage());
      // 503 makes well-behaved senders retry later; the signal says why.
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "Temporary failure: the message could not be stored and was NOT received; please"
              + " retry later",
          503);
    }
  }

  /** What the checks established, for the timeline: the proof of what was verified. */
  static String checksPassed(
      IAS4IncomingMessageState state,
      SigningCertificatePolicy.Verdict certificate,
      WSS4JAttachment attachment,
      byte[] sbd,
      InboundRecord r) {
    X509Certificate cert = state.getSigningCertificate();
    // the verdict's own words: says whether revocation was checked, or accepted by soft-fail
    return "Peppol AS4 checks passed: signed by " + cert.getSubjectX500Principal().getName()
        + " (serial " + cert.getSerialNumber().toString(16) + "; certificate accepted: "
        + certificate.reason() + "), encrypted,"
        + " one payload (" + (attachment.hasCompressionMode() ? "gzip, " : "") + sbd.length
        + " bytes), SBDH valid, originalSender/finalRecipient match the SBDH, From/To PartyId"
        + " match the signer and this access point, receiver "
        + r.receiverId() + " served, document type accepted";
  }

  /**
   * A message received before (same AS4 MessageId or same SBDH InstanceIdentifier): logged, and
   * refused when {@code answer} is ERROR; otherwise the sender gets its receipt again.
   */
  static void answerDuplicate(
      InboundOutcome.Duplicate d, InboundRecord record, DuplicateAnswer answer) throws Rejection {
    String messageId = record.as4MessageId();
    LOG.warn(
        "Duplicate {} from {}: AS4 MessageId {}, original transmission {}",
        d.kind(),
        record.remoteAp(),
        messageId,
        d.originalId());
    if (answer == DuplicateAnswer.ERROR) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "Duplicate: this message ("
              + (d.kind() == InboundOutcome.DuplicateKind.AS4_MESSAGE_ID
                  ? "AS4 MessageId " + messageId
                  : "SBDH InstanceIdentifier " + record.sbdhInstanceId())
              + ") was already received and accepted; it is not processed again");
    }
  }
}
