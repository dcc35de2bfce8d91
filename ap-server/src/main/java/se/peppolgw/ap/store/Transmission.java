package se.peppolgw.ap.store;

import java.time.Instant;
import se.peppolgw.ap.ubl.BusinessFacts;

/**
 * One row of the transmission log, as stored; read by {@link TransmissionRows} only. What the
 * business document says about itself is in {@code facts} (never null).
 */
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
    BusinessFacts facts,
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
    String businessDuplicateOf) {

  public Transmission {
    facts = BusinessFacts.orNone(facts);
  }

  /** Shorthand for {@code facts().businessId()}, which most views show. */
  public String businessId() {
    return facts.businessId();
  }

  /** Shorthand for {@code facts().orderRef()}. */
  public String orderRef() {
    return facts.orderRef();
  }

  /** Shorthand for {@code facts().buyerRef()}. */
  public String buyerRef() {
    return facts.buyerRef();
  }
}
