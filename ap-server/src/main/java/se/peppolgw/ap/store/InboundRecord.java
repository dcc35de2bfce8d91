package se.peppolgw.ap.store;

import se.peppolgw.ap.ubl.BusinessFacts;

/**
 * Everything the inbound path knows about an accepted message, handed to the store in one piece
 * so that it is committed in one transaction. {@code documentOffsetInSbd} is where the business
 * document's bytes start inside the SBD when they are a plain slice of it (then the store keeps
 * them once, as a range of the SBD), else -1. {@code businessIdentity} is the document's {@link
 * se.peppolgw.ap.peppol.BusinessIdentity} digest, or null. {@code facts} is what the business
 * document says about itself ({@link BusinessFacts#NONE} when nothing could be read).
 */
public record InboundRecord(
    String as4MessageId,
    String as4ConversationId,
    String sbdhInstanceId,
    String senderId,
    String receiverId,
    String documentTypeId,
    String processId,
    String c1Country,
    String remoteAp,
    String remoteAddress,
    BusinessFacts facts,
    byte[] sbd,
    byte[] document,
    int documentOffsetInSbd,
    String businessIdentity) {

  public InboundRecord {
    facts = BusinessFacts.orNone(facts);
  }

  /** True when {@code document} is the byte range of {@code sbd} at {@code documentOffsetInSbd}. */
  public boolean documentIsSliceOfSbd() {
    return documentOffsetInSbd >= 0
        && sbd != null
        && document != null
        && documentOffsetInSbd + document.length <= sbd.length
        && java.util.Arrays.equals(
            sbd, documentOffsetInSbd, documentOffsetInSbd + document.length, document, 0, document.length);
  }
}
