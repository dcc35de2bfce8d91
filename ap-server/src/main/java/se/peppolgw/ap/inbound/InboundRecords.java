package se.peppolgw.ap.inbound;

import com.helger.peppol.sbdh.PeppolSBDHData;
import com.helger.phase4.ebms3header.Ebms3Property;
import com.helger.phase4.ebms3header.Ebms3UserMessage;
import com.helger.phase4.incoming.IAS4IncomingMessageMetadata;
import com.helger.phase4.incoming.IAS4IncomingMessageState;
import java.util.Locale;
import se.peppolgw.ap.peppol.BusinessIdentity;
import se.peppolgw.ap.sbd.InspectedSbd;
import se.peppolgw.ap.store.InboundRecord;
import se.peppolgw.ap.ubl.BusinessFacts;

/**
 * The {@link InboundRecord} of a message at each point of its receipt: what the AS4 header says
 * (all a refusal before the SBD was read can keep), what the SBDH adds once read (so that
 * searching the SBDH InstanceIdentifier finds a refusal too), and the full record that is stored.
 */
final class InboundRecords {
  private InboundRecords() {}

  /** From the AS4 header alone: its guesses at sender, receiver, document type and process. */
  static InboundRecord headerOnly(IAS4IncomingMessageMetadata md, Ebms3UserMessage um) {
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
  static InboundRecord readSoFar(InboundRecord header, PeppolSBDHData sbdh, InspectedSbd doc) {
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

  /**
   * The record of a message that passed every check: the SBD bytes as read (not copied), the
   * document slice the inspection cut, and the business identity for duplicate detection.
   */
  static InboundRecord full(
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

  /** For a message phase4 refused before our processor saw it: what its state still knows. */
  static InboundRecord fromState(IAS4IncomingMessageMetadata md, IAS4IncomingMessageState state) {
    Ebms3UserMessage um = state.getEbmsUserMessage();
    if (um != null) {
      return headerOnly(md, um);
    }
    return new InboundRecord(
        state.getMessageID(), null, null, null, null, null, null, null, null, md.getRemoteAddr(),
        BusinessFacts.NONE, null, null, -1, null);
  }

  private static String lower(String value, String fallback) {
    return value == null ? fallback : value.toLowerCase(Locale.ROOT);
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
}
