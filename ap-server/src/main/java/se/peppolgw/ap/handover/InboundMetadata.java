package se.peppolgw.ap.handover;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.store.InboundValidation;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.validation.ValidationFinding;

/**
 * The metadata the back office gets with each inbound document. The pull API returns {@link #of}:
 * current, read from the database on every request, with state, hand-over and acknowledgement
 * times. The inbox {@code .json} and the webhook's metadata header get {@link #handedOver}: the
 * same without those three fields, which would be out of date the moment they were written (the
 * API is the source of truth for where a document stands).
 */
public final class InboundMetadata {
  /** Fields that change after the hand-over; left out of what is written once. */
  static final java.util.List<String> CHANGING = java.util.List.of("state", "handedOverAt", "acknowledgedAt");

  private InboundMetadata() {}

  /** What the inbox folder and the webhook get: {@link #of} without the fields that change. */
  public static Map<String, Object> handedOver(Transmission t, Optional<InboundValidation> v) {
    Map<String, Object> m = of(t, v);
    CHANGING.forEach(m::remove);
    return m;
  }

  /** Without a validation result (shown as pending). */
  public static Map<String, Object> of(Transmission t) {
    return of(t, Optional.empty());
  }

  /**
   * With the result of the validation after receipt: {@code validation} is passed, warnings,
   * failed, not-validated or pending (not validated yet); {@code validationDetails} gives the rule
   * set, the reason (not-validated) and every finding (docs/mls-receiving.md).
   */
  public static Map<String, Object> of(Transmission t, Optional<InboundValidation> v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("cursor", t.seq());
    m.put("state", t.state().name());
    m.put("receivedAt", t.createdAt());
    m.put("sender", t.senderId());
    m.put("receiver", t.receiverId());
    m.put("documentType", t.documentTypeId());
    m.put("documentTypeAlias", DocumentTypeAliases.aliasOf(t.documentTypeId()).orElse(null));
    m.put("process", t.processId());
    m.put("countryC1", t.c1Country());
    m.put("businessId", t.businessId());
    m.put("orderReference", t.orderRef());
    m.put("buyerReference", t.buyerRef());
    m.put("sbdhInstanceIdentifier", t.sbdhInstanceId());
    m.put("as4MessageId", t.as4MessageId());
    m.put("as4ConversationId", t.as4ConversationId());
    m.put("sendingAccessPoint", t.remoteAp());
    m.put("documentSize", t.documentSize());
    m.put("documentSha256", t.documentSha256());
    m.put("sbdSize", t.sbdSize());
    m.put("sbdSha256", t.sbdSha256());
    m.put("handedOverAt", t.handedOverAt());
    m.put("acknowledgedAt", t.ackedAt());
    // the same business document (sender, receiver, type, number, invoice date) was received before
    m.put("businessDuplicateOf", t.businessDuplicateOf());
    m.put("validation", v.map(x -> x.outcome().word()).orElse("pending"));
    m.put("validationDetails", v.map(InboundMetadata::details).orElse(null));
    return m;
  }

  private static Map<String, Object> details(InboundValidation v) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("ruleSet", v.ruleSet());
    d.put("reason", v.reason());
    d.put("validatedAt", v.validatedAt());
    d.put("errors", v.errorCount());
    d.put("warnings", v.warningCount());
    d.put("findings", v.findings().stream().map(InboundMetadata::finding).toList());
    return d;
  }

  private static Map<String, Object> finding(ValidationFinding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ruleId", f.ruleId());
    m.put("severity", f.severity());
    m.put("location", f.location());
    m.put("message", f.message());
    return m;
  }
}
