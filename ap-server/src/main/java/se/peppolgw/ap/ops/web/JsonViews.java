package se.peppolgw.ap.ops.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.peppolgw.ap.ops.DocumentKinds;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;

/** The JSON shapes of the operator API (documented in docs/openapi.yaml). */
public final class JsonViews {
  private JsonViews() {}

  static Map<String, Object> summary(Transmission t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("direction", t.direction().name());
    m.put("state", t.state().name());
    m.put("documentType", DocumentKinds.alias(t.documentTypeId()));
    m.put("senderId", t.senderId());
    m.put("receiverId", t.receiverId());
    m.put("businessId", t.businessId());
    m.put("orderReference", t.orderRef());
    m.put("buyerReference", t.buyerRef());
    m.put("sbdhInstanceId", t.sbdhInstanceId());
    m.put("as4MessageId", t.as4MessageId());
    m.put("createdAt", t.createdAt());
    m.put("updatedAt", t.updatedAt());
    m.put("errorCode", t.errorCode());
    m.put("businessDuplicateOf", t.businessDuplicateOf());
    return m;
  }

  static Map<String, Object> detail(OpsService.Detail d, String base) {
    Transmission t = d.transmission();
    Map<String, Object> m = new LinkedHashMap<>(summary(t));
    m.put("documentTypeId", t.documentTypeId());
    m.put("processId", t.processId());
    m.put("c1Country", t.c1Country());
    m.put("as4ConversationId", t.as4ConversationId());
    m.put("remoteAp", t.remoteAp());
    m.put("remoteAddress", t.remoteAddress());
    m.put("sbdSize", t.sbdSize());
    m.put("sbdSha256", t.sbdSha256());
    m.put("documentSize", t.documentSize());
    m.put("documentSha256", t.documentSha256());
    m.put("duplicateOf", t.duplicateOf());
    m.put("errorDetail", t.errorDetail());
    m.put("handedOverAt", t.handedOverAt());
    m.put("acknowledgedAt", t.ackedAt());
    m.put("verdict", Map.of("tone", d.verdict().tone(), "text", d.verdict().headline(), "side", d.verdict().side()));
    d.outboxEntry()
        .ifPresent(
            e -> {
              Map<String, Object> o = new LinkedHashMap<>();
              o.put("attempts", e.attempts());
              o.put("nextAttemptAt", e.nextAttemptAt());
              o.put("leaseOwner", e.leaseOwner());
              o.put("lastError", e.lastError());
              m.put("outbox", o);
            });
    m.put(
        "links",
        d.links().stream()
            .map(l -> Map.of("from", l.fromId(), "to", l.toId(), "kind", l.kind(), "at", l.at(),
                "by", l.actor() == null ? "" : l.actor()))
            .toList());
    Map<String, String> downloads = new LinkedHashMap<>();
    for (PayloadKind k : d.payloads()) {
      downloads.put(Downloads.slug(k), base + "/" + t.id() + "/" + Downloads.slug(k));
    }
    m.put("downloads", downloads);
    m.put("timeline", timeline(d.timeline()));
    return m;
  }

  static List<Map<String, Object>> timeline(List<TimelineEvent> events) {
    return events.stream()
        .map(
            e -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("at", e.at());
              m.put("type", e.type().name());
              m.put("code", e.code());
              m.put("message", e.message());
              m.put("durationMs", e.durationMs());
              m.put("data", e.data());
              return m;
            })
        .toList();
  }
}
