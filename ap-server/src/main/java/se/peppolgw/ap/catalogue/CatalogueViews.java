package se.peppolgw.ap.catalogue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.peppolgw.ap.store.CatalogueStore;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/** The catalogue API's JSON answers. */
final class CatalogueViews {
  private CatalogueViews() {}

  static Map<String, Object> review(CataloguePublisher.Review r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("baseVersion", r.baseVersion());
    m.put("articles", r.upload().items().size());
    m.put("diff", diff(r.diff()));
    m.put("problems", r.problems().stream().map(p -> Map.of("article", p.articleNumber(), "rule", p.rule().id(),
        "field", p.rule().field(), "message", p.message())).toList());
    m.put("publishable", r.publishable());
    return m;
  }

  static Map<String, Object> diff(CatalogueDiff d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("summary", d.summary());
    m.put("added", d.added().stream().map(CatalogueItem::articleNumber).toList());
    m.put("removed", d.removed().stream().map(CatalogueItem::articleNumber).toList());
    m.put("changed", d.changed().stream().map(c -> Map.of("article", c.after().articleNumber(), "fields", c.fields())).toList());
    m.put("currencyChanged", d.currencyChanged());
    return m;
  }

  static Map<String, Object> published(CataloguePublisher.Published p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", p.version());
    m.put("diff", diff(p.diff()));
    m.put("sent", p.sent().stream().map(s -> sent(s, List.of())).toList());
    m.put("shopFileReplaced", p.shopFileReplaced());
    m.put("shop", p.shopFileReplaced() ? "the shop serves the new catalogue now, and its catalogue.json was replaced (other nodes of a cluster serve it after their restart)"
        : "the gateway has no punch-out configuration: no shop file was written");
    return m;
  }

  static Map<String, Object> sent(CatalogueStore.Sent s, List<CatalogueResponses.Received> responses) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("catalogueId", s.catalogueId());
    m.put("buyer", s.buyer());
    m.put("transmissionId", s.transmissionId());
    m.put("state", s.transmissionId() == null ? "NOT_SENT" : s.state() == null ? "PENDING" : s.state().name());
    if (s.problem() != null) {
      m.put("problem", s.problem());
    }
    List<Map<String, Object>> rs = new ArrayList<>();
    for (CatalogueResponses.Received r : responses) {
      if (s.catalogueId().equals(r.catalogueId()) && r.version() != null) {
        rs.add(response(r));
      }
    }
    m.put("responses", rs);
    return m;
  }

  static Map<String, Object> response(CatalogueResponses.Received r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("transmissionId", r.transmissionId());
    m.put("sender", r.sender());
    m.put("receivedAt", r.receivedAt() == null ? null : r.receivedAt().toString());
    m.put("catalogueId", r.catalogueId());
    m.put("version", r.version());
    m.put("code", r.code());
    m.put("answer", r.answer().name());
    m.put("reason", r.reason());
    return m;
  }

  static Map<String, Object> overview(
      CataloguePublisher publisher, List<CatalogueStore.Publication> publications, List<CatalogueResponses.Received> responses) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> current = new LinkedHashMap<>();
    current.put("version", publications.isEmpty() ? 0 : publications.get(0).version());
    current.put("currency", publisher.current().currency());
    current.put("articles", publisher.current().items().size());
    current.put("problems", CatalogueCheck.check(publisher.current()).stream().map(CatalogueProblem::message).toList());
    current.put("items", publisher.current().items());
    m.put("current", current);
    m.put("buyers", publisher.buyers().buyers().stream().map(b -> Map.of("participant", b.participant(), "name", b.name())).toList());
    m.put("publications", publications.stream().map(p -> {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("version", p.version());
      v.put("publishedBy", p.publishedBy());
      v.put("publishedAt", p.publishedAt().toString());
      v.put("articles", p.articleCount());
      v.put("summary", p.summary());
      v.put("sent", p.sent().stream().map(s -> sent(s, responses)).toList());
      return v;
    }).toList());
    m.put("unmatchedResponses", responses.stream().filter(r -> r.version() == null).map(CatalogueViews::response).toList());
    return m;
  }
}
