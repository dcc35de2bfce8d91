package se.peppolgw.ap.store;

/**
 * Everything the inbound path knows about an accepted message, handed to the store in one piece
 * so that it is committed in one transaction. {@code documentOffsetInSbd} is where the business
 * document's bytes start inside the SBD when they are a plain slice of it (then the store keeps
 * them once, as a range of the SBD), else -1. {@code businessIdentity} is the document's {@link
 * se.peppolgw.ap.peppol.BusinessIdentity} digest, or null.
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
    String businessId,
    String orderRef,
    String buyerRef,
    byte[] sbd,
    byte[] document,
    int documentOffsetInSbd,
    String businessIdentity) {

  /** Without a business identity (nothing to compare it with). */
  public InboundRecord(
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
      String businessId,
      String orderRef,
      String buyerRef,
      byte[] sbd,
      byte[] document,
      int documentOffsetInSbd) {
    this(as4MessageId, as4ConversationId, sbdhInstanceId, senderId, receiverId, documentTypeId,
        processId, c1Country, remoteAp, remoteAddress, businessId, orderRef, buyerRef, sbd, document,
        documentOffsetInSbd, null);
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
