package se.peppolgw.ap.store;

/**
 * Everything the inbound path knows about an accepted message, handed to the store in one piece
 * so that it is committed in one transaction.
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
    byte[] document) {}
