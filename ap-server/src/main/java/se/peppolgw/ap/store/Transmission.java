package se.peppolgw.ap.store;

import java.time.Instant;

/** One row of the transmission log, as stored. */
public record Transmission(
    long seq,
    String id,
    Direction direction,
    TransmissionState state,
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
    Long sbdSize,
    String sbdSha256,
    Long documentSize,
    String documentSha256,
    String duplicateOf,
    String errorCode,
    String errorDetail,
    Instant createdAt,
    Instant updatedAt,
    Instant handedOverAt,
    Instant ackedAt,
    String businessDuplicateOf) {}
