package se.peppolgw.ap.inbound;

import com.helger.phase4.error.AS4ErrorList;
import com.helger.phase4.incoming.IAS4IncomingMessageMetadata;
import com.helger.phase4.incoming.IAS4IncomingMessageState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.InboundRecord;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.UnauthenticatedRefusals;

/**
 * After phase4 has signed its answer, and before it goes on the wire: the receipt or the error
 * signal is kept on its transmission, the observer (metrics, alerts) is told, and the hand-over is
 * woken. A refusal gets a transmission of its own, with whatever identifiers were read before it.
 * May throw {@link se.peppolgw.ap.store.StoreException}: then only the log entry is missing.
 */
final class ResponseRecording {
  // the processor's logger: operators' logging configuration names it for the whole receive
  private static final Logger LOG = LoggerFactory.getLogger(PeppolInboundProcessor.class);

  private ResponseRecording() {}

  /**
   * What the processor learned of one request before phase4 answered it with an error.
   *
   * @param transmissionId the stored message's id; null when it was refused before it was stored
   * @param duplicate the message was a duplicate (answered again, not stored again)
   * @param readSoFar the identifiers read before the refusal; null when our checks never ran
   * @param authenticatedSender signed by a trusted access point, as the processor saw it
   * @param refusalLogged the processor already logged the refusal
   */
  record Refused(
      String transmissionId,
      boolean duplicate,
      InboundRecord readSoFar,
      boolean authenticatedSender,
      boolean refusalLogged) {}

  /** The signed receipt of {@code transmissionId} (null: nothing was stored) was sent. */
  static void receipt(
      InboundSettings settings,
      String transmissionId,
      boolean duplicate,
      String responseMessageId,
      byte[] responseBytes) {
    if (transmissionId == null) {
      return;
    }
    settings.observer().accepted(duplicate);
    if (responseBytes == null) {
      return;
    }
    settings
        .store()
        .attachSignal(
            transmissionId,
            PayloadKind.RECEIPT,
            responseBytes,
            TimelineEvent.of(
                    EventType.RECEIPT_SENT,
                    (duplicate ? "Signed receipt sent again for the duplicate" : "Signed receipt sent")
                        + " (receipt MessageId " + responseMessageId + ")")
                .withCode(responseMessageId));
    if (!duplicate) {
      settings.afterStore().run();
    }
  }

  /**
   * The error signal in {@code errors} was sent: also for messages phase4 refused before our
   * checks ran (bad signature, wrong P-Mode …).
   */
  static void refusal(
      InboundSettings settings,
      IAS4IncomingMessageMetadata metadata,
      IAS4IncomingMessageState state,
      AS4ErrorList errors,
      byte[] responseBytes,
      Refused refused) {
    String code = As4ErrorSignals.firstCode(errors);
    String detail = As4ErrorSignals.describe(errors);
    InboundRecord partial = refused.readSoFar();
    boolean authenticated =
        refused.authenticatedSender() || MessageSecurityChecks.isAuthenticated(state);
    String id = refused.transmissionId();
    if (id == null) {
      InboundRecord r = partial != null ? partial : InboundRecords.fromState(metadata, state);
      if (!refused.refusalLogged()) {
        // refused by phase4 before our checks ran (not AS4, unsigned, wrong P-Mode …)
        LOG.warn("Rejecting AS4 message {} from {}: {}", r.as4MessageId(), metadata.getRemoteAddr(), detail);
      }
      if (authenticated) {
        id = settings.store().storeRejected(r, code, detail);
      } else {
        // anyone can post junk: counted, and only the first of its kind per minute kept in full
        id =
            new UnauthenticatedRefusals(settings.store().database(), settings.store(), settings.clock())
                .record(r, code, detail)
                .orElse(null);
      }
    } else if (!refused.duplicate()) {
      // stored, then refused (cannot happen today; kept honest in the log if it ever does)
      LOG.error("Transmission {} was stored but answered with an error: {}", id, detail);
    }
    settings.observer().refused(code, authenticated, partial == null ? null : partial.senderId(), id);
    if (id != null && responseBytes != null) {
      settings
          .store()
          .attachSignal(
              id,
              PayloadKind.ERROR_SIGNAL,
              responseBytes,
              TimelineEvent.of(EventType.ERROR_SIGNAL_SENT, "AS4 error signal sent: " + detail)
                  .withCode(code));
    }
  }
}
