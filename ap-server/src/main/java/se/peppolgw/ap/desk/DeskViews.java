package se.peppolgw.ap.desk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.peppolgw.ap.store.DeskStore.ChainDocument;

/** The JSON shapes of the desk API. */
final class DeskViews {
  private DeskViews() {}

  static Map<String, Object> chain(OrderChain c, String contextPath) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("transmissionId", c.order().transmissionId());
    m.put("orderNumber", c.order().orderNumber());
    m.put("currency", c.order().currency());
    m.put("buyerReference", c.order().customerReference().orElse(null));
    m.put("summary", c.summary());
    m.put("response", c.progress().responseCode());
    m.put(
        "lines",
        c.lines().stream()
            .map(
                l -> {
                  Map<String, Object> x = new LinkedHashMap<>();
                  x.put("lineId", l.lineId());
                  x.put("articleNumber", l.articleNumber());
                  x.put("agreedArticle", l.agreedArticle());
                  x.put("name", l.name());
                  x.put("unitCode", l.unitCode());
                  x.put("ordered", l.ordered());
                  x.put("confirmed", l.confirmed());
                  x.put("delivered", l.delivered());
                  x.put("invoiced", l.invoiced());
                  x.put("credited", l.credited());
                  return x;
                })
            .toList());
    m.put("documents", documents(c.documents(), contextPath));
    return m;
  }

  private static List<Map<String, Object>> documents(List<ChainDocument> docs, String contextPath) {
    return docs.stream()
        .map(
            d -> {
              Map<String, Object> x = new LinkedHashMap<>();
              x.put("transmissionId", d.transmissionId());
              x.put("kind", d.kind());
              x.put("documentId", d.documentId());
              x.put("state", d.state() == null ? "PURGED" : d.state().name());
              x.put("counts", OrderChain.counts(d));
              x.put("responseCode", d.responseCode());
              x.put("creditedInvoice", d.creditedInvoice());
              x.put("issueDate", d.issueDate());
              x.put("createdBy", d.createdBy());
              x.put("createdAt", d.createdAt());
              x.put("lines", OrderChain.quantities(d));
              x.put("location", contextPath + "/api/outbound/" + d.transmissionId());
              return x;
            })
        .toList();
  }
}
