package se.peppolgw.ap.inbound;

import com.helger.collection.commons.ICommonsList;
import com.helger.http.header.HttpHeaderMap;
import com.helger.peppol.sbdh.PeppolSBDHData;
import com.helger.phase4.attachment.WSS4JAttachment;
import com.helger.phase4.ebms3header.Ebms3SignalMessage;
import com.helger.phase4.ebms3header.Ebms3UserMessage;
import com.helger.phase4.error.AS4ErrorList;
import com.helger.phase4.incoming.IAS4IncomingMessageMetadata;
import com.helger.phase4.incoming.IAS4IncomingMessageState;
import com.helger.phase4.incoming.spi.AS4MessageProcessorResult;
import com.helger.phase4.incoming.spi.AS4SignalMessageProcessorResult;
import com.helger.phase4.incoming.spi.IAS4IncomingMessageProcessorSPI;
import com.helger.phase4.model.error.EEbmsError;
import com.helger.phase4.model.pmode.IPMode;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Node;
import se.peppolgw.ap.mls.MlsIntake;
import se.peppolgw.ap.sbd.InspectedSbd;
import se.peppolgw.ap.store.InboundOutcome;
import se.peppolgw.ap.store.InboundRecord;
import se.peppolgw.ap.store.StoreException;
import se.peppolgw.ap.store.UnauthenticatedRefusals;

/**
 * The Peppol part of receiving: runs after phase4 has decrypted the message, verified its
 * signature and validated it against the Peppol P-Mode. It performs the checks of phase4's own
 * Peppol servlet in the same order and with the same EBMS codes, adds ours (exactly one payload,
 * receiver and document type served, document matches its SBDH), and commits the message to the
 * store before phase4 is allowed to sign the receipt.
 *
 * <p>{@link #processAS4UserMessage} reads as the steps of a receive; each step is a class of this
 * package: {@link MessageSecurityChecks}, {@link InboundPayload}, {@link EnvelopeChecks}, {@link
 * InboundRecords}, {@link InboundCommit}; a refusal is worded by {@link As4ErrorSignals}, and
 * {@link ResponseRecording} keeps phase4's signed answer. The steps are static: a message costs no
 * object beyond this one and what the steps themselves read.
 *
 * <p>One instance per request: it remembers what it stored so that the response callback can
 * keep the receipt or error signal on the right transmission.
 */
final class PeppolInboundProcessor implements IAS4IncomingMessageProcessorSPI {
  private static final Logger LOG = LoggerFactory.getLogger(PeppolInboundProcessor.class);

  private final InboundSettings settings;

  // what this request produced, for processAS4ResponseMessage
  private String transmissionId;
  private boolean duplicate;
  private InboundRecord partial;
  /**
   * The message carries a verified signature by a certificate of a trusted AP CA: the sender is
   * known (even when we then refuse its certificate, e.g. revoked), so its refusals are kept in
   * full. Everything else anyone could have sent; see {@link UnauthenticatedRefusals}.
   */
  private boolean authenticatedSender;
  /** The refusal was already written to the log (one line per refusal). */
  private boolean refusalLogged;

  PeppolInboundProcessor(InboundSettings settings) {
    this.settings = settings;
  }

  @Override
  public AS4MessageProcessorResult processAS4UserMessage(
      IAS4IncomingMessageMetadata metadata,
      HttpHeaderMap httpHeaders,
      Ebms3UserMessage userMessage,
      IPMode pmode,
      Node payload,
      ICommonsList<WSS4JAttachment> attachments,
      IAS4IncomingMessageState state,
      AS4ErrorList errors) {
    String messageId = userMessage.getMessageInfo().getMessageId();
    partial = InboundRecords.headerOnly(metadata, userMessage);
    try {
      authenticatedSender = MessageSecurityChecks.isAuthenticated(state);
      SigningCertificatePolicy.Verdict certificate =
          MessageSecurityChecks.check(state, settings.certificatePolicy());
      EnvelopeChecks.notOlderThanDuplicateWindow(
          userMessage, settings.clock(), settings.duplicateWindow());

      WSS4JAttachment attachment = InboundPayload.single(attachments);
      byte[] sbd = InboundPayload.read(attachment, settings.maxPayloadBytes());
      InspectedSbd inspected = InboundPayload.inspect(sbd);
      PeppolSBDHData sbdh = InboundPayload.readSbdh(inspected);
      // a refusal from here on keeps what the SBDH says, so that searching its id finds it
      partial = InboundRecords.readSoFar(partial, sbdh, inspected);

      EnvelopeChecks.propertiesMatchSbdh(userMessage, sbdh);
      EnvelopeChecks.parties(userMessage, state.getSigningCertificate(), settings.ownSeatId());
      EnvelopeChecks.collaborationInfo(userMessage.getCollaborationInfo(), sbdh);
      EnvelopeChecks.documentMatchesType(inspected, sbdh);
      EnvelopeChecks.receiverServed(sbdh, settings.participants());

      InboundRecord record = InboundRecords.full(metadata, userMessage, sbdh, inspected, sbd);
      partial = record;
      // an MLS answers one of our transmissions: recorded there, not handed to the back office
      MlsIntake.Consumption consumer =
          MlsIntake.handles(sbdh.getDocumentTypeValue()) ? MlsIntake.consumerFor(inspected.document()) : null;
      InboundOutcome outcome =
          InboundCommit.store(
              settings.store(),
              record,
              InboundCommit.checksPassed(state, certificate, attachment, sbd, record),
              consumer);
      transmissionId = outcome.transmissionId();
      if (consumer != null) {
        consumer.tell(settings.mlsAnswers());
      }
      if (outcome instanceof InboundOutcome.Duplicate d) {
        duplicate = true;
        InboundCommit.answerDuplicate(d, record, settings.duplicateAnswer());
      } else {
        LOG.info(
            "Received {} from {} for {} as transmission {} ({} bytes)",
            inspected.rootLocalName(),
            record.senderId(),
            record.receiverId(),
            transmissionId,
            sbd.length);
      }
      return AS4MessageProcessorResult.createSuccess();
    } catch (Rejection r) {
      LOG.warn("Rejecting AS4 message {}: {} {}", messageId, r.error.getErrorCode(), r.detail);
      refusalLogged = true;
      errors.add(As4ErrorSignals.toError(r, messageId));
      return AS4MessageProcessorResult.createFailure();
    }
  }

  @Override
  public AS4SignalMessageProcessorResult processAS4SignalMessage(
      IAS4IncomingMessageMetadata metadata,
      HttpHeaderMap httpHeaders,
      Ebms3SignalMessage signalMessage,
      IPMode pmode,
      IAS4IncomingMessageState state,
      AS4ErrorList errors) {
    // Peppol is one-way push: receipts come back on our own HTTP responses, never as requests.
    errors.add(
        EEbmsError.EBMS_FEATURE_NOT_SUPPORTED
            .errorBuilder(Locale.US)
            .errorDetail("This endpoint accepts Peppol user messages only")
            .build());
    return AS4SignalMessageProcessorResult.createFailure();
  }

  /**
   * Called by phase4 with the signed response (receipt or error) before it is written to the
   * wire, also for messages refused before our checks ran (bad signature, wrong P-Mode …).
   */
  @Override
  public void processAS4ResponseMessage(
      IAS4IncomingMessageMetadata metadata,
      IAS4IncomingMessageState state,
      String responseMessageId,
      byte[] responseBytes,
      boolean responsePayloadIsAvailable,
      AS4ErrorList errors) {
    try {
      if (errors.isEmpty()) {
        ResponseRecording.receipt(settings, transmissionId, duplicate, responseMessageId, responseBytes);
      } else {
        ResponseRecording.refusal(
            settings,
            metadata,
            state,
            errors,
            responseBytes,
            new ResponseRecording.Refused(
                transmissionId, duplicate, partial, authenticatedSender, refusalLogged));
      }
    } catch (StoreException e) {
      // The message itself is safe (or was never accepted); only the log entry is missing.
      LOG.error("Could not record the AS4 response {} in the transmission log: {}", responseMessageId, e.getMessage());
    }
  }
}
