package se.peppolgw.ap.inbound;

import com.helger.collection.commons.ICommonsList;
import com.helger.datetime.xml.XMLOffsetDateTime;
import com.helger.http.header.HttpHeaderMap;
import com.helger.peppol.sbdh.PeppolSBDHData;
import com.helger.peppol.sbdh.PeppolSBDHDataReadException;
import com.helger.peppol.sbdh.PeppolSBDHDataReader;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.peppolid.peppol.PeppolIdentifierHelper;
import com.helger.phase4.attachment.WSS4JAttachment;
import com.helger.phase4.ebms3header.Ebms3CollaborationInfo;
import com.helger.phase4.ebms3header.Ebms3PartyId;
import com.helger.phase4.ebms3header.Ebms3Property;
import com.helger.phase4.ebms3header.Ebms3SignalMessage;
import com.helger.phase4.ebms3header.Ebms3UserMessage;
import com.helger.phase4.error.AS4Error;
import com.helger.phase4.error.AS4ErrorList;
import com.helger.phase4.incoming.IAS4IncomingMessageMetadata;
import com.helger.phase4.incoming.IAS4IncomingMessageState;
import com.helger.phase4.incoming.spi.AS4MessageProcessorResult;
import com.helger.phase4.incoming.spi.AS4SignalMessageProcessorResult;
import com.helger.phase4.incoming.spi.IAS4IncomingMessageProcessorSPI;
import com.helger.phase4.model.error.EEbmsError;
import com.helger.phase4.model.pmode.IPMode;
import com.helger.phase4.profile.peppol.PeppolPMode;
import com.helger.security.certificate.CertificateHelper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.wss4j.dom.str.STRParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Node;
import se.peppolgw.ap.config.GatewayConfig.DuplicateAnswer;
import se.peppolgw.ap.config.ServedParticipant;
import se.peppolgw.ap.mls.MlsIntake;
import se.peppolgw.ap.peppol.BusinessIdentity;
import se.peppolgw.ap.sbd.InspectedSbd;
import se.peppolgw.ap.sbd.SbdFormatException;
import se.peppolgw.ap.sbd.SbdInspector;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.InboundConsumer;
import se.peppolgw.ap.store.InboundOutcome;
import se.peppolgw.ap.store.InboundRecord;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.StoreException;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.UnauthenticatedRefusals;
import se.peppolgw.ap.ubl.BusinessFacts;

/**
 * The Peppol part of receiving: runs after phase4 has decrypted the message, verified its
 * signature and validated it against the Peppol P-Mode. It performs the checks of phase4's own
 * Peppol servlet in the same order and with the same EBMS codes, adds ours (exactly one payload,
 * receiver and document type served, document matches its SBDH), and commits the message to the
 * store before phase4 is allowed to sign the receipt.
 *
 * <p>One instance per request: it remembers what it stored so that the response callback can
 * keep the receipt or error signal on the right transmission.
 */
final class PeppolInboundProcessor implements IAS4IncomingMessageProcessorSPI {
  private static final Logger LOG = LoggerFactory.getLogger(PeppolInboundProcessor.class);
  private static final Pattern SEAT_ID = Pattern.compile(PeppolIdentifierHelper.REGEX_SEAT_ID);
  static final String NOT_SERVICED = "PEPPOL:NOT_SERVICED";

  private final InboundSettings settings;
  private final Locale locale = Locale.US;

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
    partial = headerOnlyRecord(metadata, userMessage);
    try {
      authenticatedSender = isAuthenticated(state);
      SigningCertificatePolicy.Verdict certificate = checkSecurity(state);
      checkNotOlderThanDuplicateWindow(userMessage);
      WSS4JAttachment attachment = singleAttachment(attachments);
      byte[] sbd = readPayload(attachment);
      InspectedSbd inspected = inspect(sbd);
      // The header with an empty stand-in for the document: PeppolSBDHDataReader would build a
      // DOM of the whole document (half the CPU of a 1 MB message) only to read its root name.
      PeppolSBDHData sbdh = readSbdh(inspected.headerOnlySbd());
      // a refusal from here on keeps what the SBDH says, so that searching its id finds it
      partial = readSoFar(partial, sbdh, inspected);
      checkPropertiesMatchSbdh(userMessage, sbdh);
      checkParties(userMessage, state.getSigningCertificate());
      checkCollaborationInfo(userMessage.getCollaborationInfo(), sbdh);
      checkDocumentMatchesType(inspected, sbdh);
      checkReceiverServed(sbdh);

      InboundRecord record = fullRecord(metadata, userMessage, sbdh, inspected, sbd);
      partial = record;
      // an MLS answers one of our transmissions: recorded there, not handed to the back office
      MlsIntake.Consumption consumer =
          MlsIntake.handles(sbdh.getDocumentTypeValue()) ? MlsIntake.consumerFor(inspected.document()) : null;
      InboundOutcome outcome =
          store(record, checksPassed(state, certificate, attachment, sbd, record), consumer);
      transmissionId = outcome.transmissionId();
      if (consumer != null) {
        consumer.tell(settings.mlsAnswers());
      }
      if (outcome instanceof InboundOutcome.Duplicate d) {
        duplicate = true;
        LOG.warn(
            "Duplicate {} from {}: AS4 MessageId {}, original transmission {}",
            d.kind(),
            record.remoteAp(),
            messageId,
            d.originalId());
        if (settings.duplicateAnswer() == DuplicateAnswer.ERROR) {
          throw new Rejection(
              EEbmsError.EBMS_OTHER,
              "Duplicate: this message ("
                  + (d.kind() == InboundOutcome.DuplicateKind.AS4_MESSAGE_ID
                      ? "AS4 MessageId " + messageId
                      : "SBDH InstanceIdentifier " + record.sbdhInstanceId())
                  + ") was already received and accepted; it is not processed again");
        }
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
      errors.add(toError(r, messageId));
      return AS4MessageProcessorResult.createFailure();
    }
  }

  // ------------------------------------------------------------ checks

  /** Steps 1 to 5 of phase4's Peppol servlet; returns the verdict on the signing certificate. */
  private SigningCertificatePolicy.Verdict checkSecurity(IAS4IncomingMessageState state)
      throws Rejection {
    if (!state.isSoapDecrypted()) {
      throw new Rejection(
          EEbmsError.EBMS_FAILED_DECRYPTION,
          "A Peppol message must be encrypted; this one was not decrypted");
    }
    if (!state.isSoapSignatureChecked()) {
      throw new Rejection(
          EEbmsError.EBMS_FAILED_AUTHENTICATION,
          "A Peppol message must be signed; no verified signature was found");
    }
    if (state.getSigningCertificateReferenceType() != STRParser.REFERENCE_TYPE.DIRECT_REF) {
      throw new Rejection(
          EEbmsError.EBMS_POLICY_NONCOMPLIANCE,
          "The signing certificate must be referenced as a BinarySecurityToken (direct"
              + " reference), not " + state.getSigningCertificateReferenceType());
    }
    if (state.hasDecryptingCertificateReferenceType()
        && state.getDecryptingCertificateReferenceType() != STRParser.REFERENCE_TYPE.DIRECT_REF) {
      throw new Rejection(
          EEbmsError.EBMS_POLICY_NONCOMPLIANCE,
          "The encryption certificate must be referenced as a BinarySecurityToken (direct"
              + " reference), not " + state.getDecryptingCertificateReferenceType());
    }
    X509Certificate cert = state.getSigningCertificate();
    if (cert == null) {
      throw new Rejection(
          EEbmsError.EBMS_FAILED_AUTHENTICATION, "The signing certificate is missing");
    }
    SigningCertificatePolicy.Verdict verdict = settings.certificatePolicy().check(cert);
    if (!verdict.accepted()) {
      throw new Rejection(
          EEbmsError.EBMS_FAILED_AUTHENTICATION,
          "The signing certificate is not accepted: " + verdict.reason());
    }
    return verdict;
  }

  /**
   * Ours, after the signature check (eb:Messaging and so its Timestamp are signed): a message
   * older than the duplicate window is refused. The register has forgotten such a message, so a
   * replay of captured bytes would otherwise be received and handed over a second time; a genuine
   * sender never sends a message weeks after creating it (its retries come within minutes).
   */
  private void checkNotOlderThanDuplicateWindow(Ebms3UserMessage um) throws Rejection {
    XMLOffsetDateTime ts = um.getMessageInfo().getTimestamp();
    if (ts == null) {
      return; // required by the ebMS schema; phase4 refuses its absence before we run
    }
    Instant sent = ts.toInstant();
    Instant oldest = settings.clock().instant().minus(settings.duplicateWindow());
    if (sent.isBefore(oldest)) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "The message was created at " + sent + ", more than "
              + settings.duplicateWindow().toDays() + " days ago: it can no longer be told apart"
              + " from a replay and is refused; send the document again as a new message");
    }
  }

  private static WSS4JAttachment singleAttachment(ICommonsList<WSS4JAttachment> attachments)
      throws Rejection {
    int n = attachments == null ? 0 : attachments.size();
    if (n == 0) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER, "A Peppol message must carry the SBD as an attachment; none found");
    }
    if (n > 1) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "A Peppol message must carry exactly one payload (the SBD); this one carries " + n);
    }
    return attachments.get(0);
  }

  private byte[] readPayload(WSS4JAttachment attachment) throws Rejection {
    boolean compressed = attachment.hasCompressionMode();
    try (InputStream in = attachment.getSourceStream()) {
      return BoundedPayloadReader.read(in, settings.maxPayloadBytes());
    } catch (BoundedPayloadReader.TooLargeException e) {
      throw new Rejection(
          compressed ? EEbmsError.EBMS_DECOMPRESSION_FAILURE : EEbmsError.EBMS_OTHER,
          "The payload is larger than this access point accepts ("
              + settings.maxPayloadBytes() + " bytes" + (compressed ? " after decompression" : "")
              + ")");
    } catch (IOException | RuntimeException e) {
      throw new Rejection(
          compressed ? EEbmsError.EBMS_DECOMPRESSION_FAILURE : EEbmsError.EBMS_OTHER,
          "The payload could not be read" + (compressed ? " (decompression failed)" : "") + ": "
              + e.getMessage());
    }
  }

  private static InspectedSbd inspect(byte[] sbd) throws Rejection {
    try {
      return SbdInspector.inspect(sbd);
    } catch (SbdFormatException e) {
      throw new Rejection(EEbmsError.EBMS_OTHER, e.getMessage());
    }
  }

  private static PeppolSBDHData readSbdh(byte[] sbd) throws Rejection {
    try {
      return new PeppolSBDHDataReader(PeppolIdentifierFactory.INSTANCE)
          .extractData(new ByteArrayInputStream(sbd));
    } catch (PeppolSBDHDataReadException e) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER, "The SBDH is not valid for Peppol: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new Rejection(EEbmsError.EBMS_OTHER, "The SBDH could not be read: " + e.getMessage());
    }
  }

  /** Step 9: originalSender / finalRecipient must exist, have a type, and match the SBDH. */
  private static void checkPropertiesMatchSbdh(Ebms3UserMessage um, PeppolSBDHData sbdh)
      throws Rejection {
    checkProperty(um, "originalSender", sbdh.getSenderScheme(), sbdh.getSenderValue());
    checkProperty(um, "finalRecipient", sbdh.getReceiverScheme(), sbdh.getReceiverValue());
  }

  private static void checkProperty(
      Ebms3UserMessage um, String name, String scheme, String value) throws Rejection {
    List<Ebms3Property> props =
        um.getMessageProperties() == null ? List.of() : um.getMessageProperties().getProperty();
    Ebms3Property p =
        props.stream().filter(x -> name.equals(x.getName())).findFirst().orElse(null);
    if (p == null) {
      throw new Rejection(EEbmsError.EBMS_OTHER, "The message property '" + name + "' is missing");
    }
    if (p.getType() == null || p.getType().isBlank()) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER, "The message property '" + name + "' has no type attribute");
    }
    if (!p.getType().equals(scheme) || !p.getValue().trim().equalsIgnoreCase(value)) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "The message property '" + name + "' (" + p.getType() + "::" + p.getValue()
              + ") does not match the SBDH (" + scheme + "::" + value + ")");
    }
  }

  /**
   * Step 10: one From and one To PartyId, each a Peppol seat id of the AP type. Beyond phase4's
   * servlet (which checks only the form): the Peppol AS4 profile makes the PartyId the seat id,
   * i.e. the CN of the AP certificate, so From must be the CN of the certificate that signed the
   * message and To must be our own seat id. Otherwise an access point could sign in another AP's
   * name, or a message addressed to another AP would be accepted here. Same code as step 10.
   */
  private void checkParties(Ebms3UserMessage um, X509Certificate signingCert) throws Rejection {
    String from = checkParty("From", um.getPartyInfo().getFrom().getPartyId());
    String to = checkParty("To", um.getPartyInfo().getTo().getPartyId());
    String signer = CertificateHelper.getSubjectCN(signingCert);
    if (!from.equals(signer)) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "From PartyId '" + from + "' is not the seat id of the certificate that signed the"
              + " message (CN '" + signer + "')");
    }
    if (!to.equals(settings.ownSeatId())) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "To PartyId '" + to + "' is not this access point (seat id " + settings.ownSeatId()
              + ")");
    }
  }

  /** Returns the PartyId's value once it passed. */
  private static String checkParty(String which, List<Ebms3PartyId> ids) throws Rejection {
    if (ids.size() != 1) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER, which + " must carry exactly one PartyId, found " + ids.size());
    }
    Ebms3PartyId id = ids.get(0);
    if (!PeppolPMode.DEFAULT_PARTY_TYPE_ID.equals(id.getType())) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          which + " PartyId type must be " + PeppolPMode.DEFAULT_PARTY_TYPE_ID + ", found "
              + id.getType());
    }
    if (id.getValue() == null || !SEAT_ID.matcher(id.getValue()).matches()) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          which + " PartyId '" + id.getValue() + "' is not a Peppol seat id (e.g. PSE000123)");
    }
    return id.getValue();
  }

  /** Action names the document type and Service the process, as in the SBDH. */
  private static void checkCollaborationInfo(Ebms3CollaborationInfo ci, PeppolSBDHData sbdh)
      throws Rejection {
    String action = ci.getAction();
    if (action == null || !stripScheme(action).equals(sbdh.getDocumentTypeValue())) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "The AS4 Action '" + action + "' does not match the SBDH document type '"
              + sbdh.getDocumentTypeValue() + "'");
    }
    String service = ci.getService() == null ? null : ci.getService().getValue();
    if (service == null || !stripScheme(service).equals(sbdh.getProcessValue())) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "The AS4 Service '" + service + "' does not match the SBDH process '"
              + sbdh.getProcessValue() + "'");
    }
  }

  private static String stripScheme(String v) {
    int i = v.indexOf("::");
    // a scheme prefix like busdox-docid-qns:: has no colon before the double colon
    if (i > 0 && v.substring(0, i).indexOf(':') < 0) {
      return v.substring(i + 2);
    }
    return v;
  }

  /** The document must be what the SBDH says it is (root namespace and element). */
  private static void checkDocumentMatchesType(InspectedSbd doc, PeppolSBDHData sbdh)
      throws Rejection {
    String expectedPrefix = doc.rootNamespace() + "::" + doc.rootLocalName() + "##";
    if (!sbdh.getDocumentTypeValue().startsWith(expectedPrefix)) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          "The business document ({" + doc.rootNamespace() + "}" + doc.rootLocalName()
              + ") is not of the document type named in the SBDH ("
              + sbdh.getDocumentTypeValue() + ")");
    }
  }

  /** Our own receiver check: we serve the participant, and it accepts the document type. */
  private void checkReceiverServed(PeppolSBDHData sbdh) throws Rejection {
    String receiver = sbdh.getReceiverValue();
    ServedParticipant served =
        settings.participants().stream()
            .filter(p -> p.isParticipant(receiver))
            .findFirst()
            .orElseThrow(
                () ->
                    new Rejection(
                        EEbmsError.EBMS_OTHER,
                        NOT_SERVICED + " The receiver " + receiver
                            + " is not served by this access point"));
    if (!served.accepts(sbdh.getDocumentTypeValue())) {
      throw new Rejection(
          EEbmsError.EBMS_OTHER,
          NOT_SERVICED + " The receiver " + receiver + " does not accept the document type "
              + sbdh.getDocumentTypeValue());
    }
  }

  /** What the checks established, for the timeline: the proof of what was verified. */
  private static String checksPassed(
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

  private InboundOutcome store(InboundRecord record, String checks, InboundConsumer consumer)
      throws Rejection {
    try {
      return settings.store().storeInbound(record, checks, consumer);
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

  private AS4Error toError(Rejection r, String messageId) {
    String detail = r.detail;
    var builder = r.error.errorBuilder(locale).refToMessageInError(messageId);
    if (detail.startsWith(NOT_SERVICED)) {
      // The Peppol AS4 profile wants exactly this ErrorDetail; the explanation goes in the
      // description, where operators on the other side will read it.
      builder.errorDetail(NOT_SERVICED).description(detail.substring(NOT_SERVICED.length()).trim(), locale);
    } else {
      // Description too: many access points show only the description to their operators.
      builder.errorDetail(detail).description(detail, locale);
    }
    LOG.warn("Rejecting AS4 message {}: {} {}", messageId, r.error.getErrorCode(), detail);
    refusalLogged = true;
    return AS4Error.builder().ebmsError(builder).httpStatusCode(r.httpStatus).build();
  }

  // ------------------------------------------------------------ records

  private static InboundRecord headerOnlyRecord(
      IAS4IncomingMessageMetadata md, Ebms3UserMessage um) {
    return new InboundRecord(
        um.getMessageInfo().getMessageId(),
        um.getCollaborationInfo() == null ? null : um.getCollaborationInfo().getConversationId(),
        null,
        property(um, "originalSender"),
        property(um, "finalRecipient"),
        um.getCollaborationInfo() == null ? null : um.getCollaborationInfo().getAction(),
        um.getCollaborationInfo() == null || um.getCollaborationInfo().getService() == null
            ? null
            : um.getCollaborationInfo().getService().getValue(),
        null,
        fromParty(um),
        md.getRemoteAddr(),
        BusinessFacts.NONE,
        null,
        null,
        -1,
        null);
  }

  /** The identifiers read so far, for a refusal: the SBDH's instead of the AS4 header's guesses. */
  private static InboundRecord readSoFar(InboundRecord header, PeppolSBDHData sbdh, InspectedSbd doc) {
    return new InboundRecord(
        header.as4MessageId(),
        header.as4ConversationId(),
        sbdh.getInstanceIdentifier(),
        lower(sbdh.getSenderValue(), header.senderId()),
        lower(sbdh.getReceiverValue(), header.receiverId()),
        sbdh.getDocumentTypeValue() == null ? header.documentTypeId() : sbdh.getDocumentTypeValue(),
        sbdh.getProcessValue() == null ? header.processId() : sbdh.getProcessValue(),
        sbdh.getCountryC1(),
        header.remoteAp(),
        header.remoteAddress(),
        BusinessFacts.of(doc.businessId(), doc.orderRef(), doc.buyerRef()),
        null,
        null,
        -1,
        null);
  }

  private static String lower(String value, String fallback) {
    return value == null ? fallback : value.toLowerCase(Locale.ROOT);
  }

  private static InboundRecord fullRecord(
      IAS4IncomingMessageMetadata md,
      Ebms3UserMessage um,
      PeppolSBDHData sbdh,
      InspectedSbd doc,
      byte[] sbd) {
    return new InboundRecord(
        um.getMessageInfo().getMessageId(),
        um.getCollaborationInfo().getConversationId(),
        sbdh.getInstanceIdentifier(),
        sbdh.getSenderValue().toLowerCase(Locale.ROOT),
        sbdh.getReceiverValue().toLowerCase(Locale.ROOT),
        sbdh.getDocumentTypeValue(),
        sbdh.getProcessValue(),
        sbdh.getCountryC1(),
        fromParty(um),
        md.getRemoteAddr(),
        BusinessFacts.of(doc.businessId(), doc.orderRef(), doc.buyerRef()),
        sbd,
        doc.document(),
        doc.documentOffset(),
        // a digest of a few short strings: no cost worth measuring on the receipt path
        BusinessIdentity.sha256(sbdh.getSenderValue(), sbdh.getReceiverValue(),
                sbdh.getDocumentTypeValue(), doc.rootLocalName(), doc.businessId(), doc.issueDate())
            .orElse(null));
  }

  private static String property(Ebms3UserMessage um, String name) {
    if (um.getMessageProperties() == null) {
      return null;
    }
    return um.getMessageProperties().getProperty().stream()
        .filter(p -> name.equals(p.getName()))
        .map(Ebms3Property::getValue)
        .findFirst()
        .orElse(null);
  }

  private static String fromParty(Ebms3UserMessage um) {
    try {
      return um.getPartyInfo().getFrom().getPartyId().get(0).getValue();
    } catch (RuntimeException e) {
      return null;
    }
  }

  // ------------------------------------------------------------ signals and responses

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
            .errorBuilder(locale)
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
        if (transmissionId != null) {
          settings.observer().accepted(duplicate);
        }
        if (transmissionId != null && responseBytes != null) {
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
        return;
      }
      String code = firstCode(errors);
      String detail = describe(errors);
      String id = transmissionId;
      if (id == null) {
        InboundRecord r = partial != null ? partial : fromState(metadata, state);
        if (!refusalLogged) {
          // refused by phase4 before our checks ran (not AS4, unsigned, wrong P-Mode …)
          LOG.warn("Rejecting AS4 message {} from {}: {}", r.as4MessageId(), metadata.getRemoteAddr(), detail);
        }
        if (authenticatedSender || isAuthenticated(state)) {
          id = settings.store().storeRejected(r, code, detail);
        } else {
          // anyone can post junk: counted, and only the first of its kind per minute kept in full
          id =
              new UnauthenticatedRefusals(settings.store().database(), settings.store(), settings.clock())
                  .record(r, code, detail)
                  .orElse(null);
        }
      } else if (!duplicate) {
        // stored, then refused (cannot happen today; kept honest in the log if it ever does)
        LOG.error("Transmission {} was stored but answered with an error: {}", id, detail);
      }
      settings.observer().refused(code, authenticatedSender || isAuthenticated(state), partial == null ? null : partial.senderId(), id);
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
    } catch (StoreException e) {
      // The message itself is safe (or was never accepted); only the log entry is missing.
      LOG.error("Could not record the AS4 response {} in the transmission log: {}", responseMessageId, e.getMessage());
    }
  }

  /**
   * phase4 (WSS4J) verified the signature, and the certificate chains to our trust store (the AP
   * CAs of the network): see PeppolAs4Plumbing.
   */
  private static boolean isAuthenticated(IAS4IncomingMessageState state) {
    return state != null && state.isSoapSignatureChecked() && state.getSigningCertificate() != null;
  }

  private static InboundRecord fromState(
      IAS4IncomingMessageMetadata md, IAS4IncomingMessageState state) {
    Ebms3UserMessage um = state.getEbmsUserMessage();
    if (um != null) {
      return headerOnlyRecord(md, um);
    }
    return new InboundRecord(
        state.getMessageID(), null, null, null, null, null, null, null, null, md.getRemoteAddr(),
        BusinessFacts.NONE, null, null, -1, null);
  }

  private static String firstCode(AS4ErrorList errors) {
    for (AS4Error e : errors) {
      return e.getEbmsError().getErrorCode();
    }
    return null;
  }

  private static String describe(AS4ErrorList errors) {
    StringBuilder sb = new StringBuilder();
    for (AS4Error e : errors) {
      if (sb.length() > 0) {
        sb.append(" | ");
      }
      var ebms = e.getEbmsError();
      sb.append(ebms.getErrorCode());
      if (ebms.getShortDescription() != null) {
        sb.append(' ').append(ebms.getShortDescription());
      }
      if (ebms.getErrorDetail() != null) {
        sb.append(": ").append(ebms.getErrorDetail());
      }
      if (ebms.getDescription() != null && ebms.getDescription().getValue() != null) {
        sb.append(" — ").append(ebms.getDescription().getValue());
      }
    }
    return sb.toString();
  }
}
