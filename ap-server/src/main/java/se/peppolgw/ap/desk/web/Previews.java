package se.peppolgw.ap.desk.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import se.peppolgw.ap.desk.DeskService;
import se.peppolgw.ap.desk.OrderChain;
import se.peppolgw.ap.desk.web.DeskPageModels.Finding;
import se.peppolgw.ap.desk.web.DeskPageModels.PreviewPage;
import se.peppolgw.ap.outbound.OutboundRejection;
import se.peppolgw.ap.validation.ValidationFinding;

/** Turns a checked, unsent document into its preview page. */
final class Previews {
  private Previews() {}

  static PreviewPage page(
      DeskView v, OrderChain chain, DeskForm form, Map<String, String> values, DeskService.Preview p) {
    return page(v, form.title() + " " + p.document().documentId() + " for order " + chain.order().orderNumber(),
        "/ops/desk/orders/" + chain.order().transmissionId() + "/" + form.path(), values, p);
  }

  static PreviewPage page(DeskView v, String title, String action, Map<String, String> values, DeskService.Preview p) {
    OutboundRejection r = p.rejection();
    List<Finding> problems = new ArrayList<>();
    if (r != null) {
      // the outbox's 422 names the Peppol BIS rules ("errors") and the buyer's ("buyerRules")
      findings(r.extra().get("errors"), problems);
      findings(r.extra().get("buyerRules"), problems);
    }
    List<Finding> warnings = new ArrayList<>();
    for (ValidationFinding w : p.warnings()) {
      warnings.add(new Finding(w.ruleId(), w.location(), w.message()));
    }
    return new PreviewPage(
        v,
        title,
        action,
        values,
        new String(p.document().xml(), StandardCharsets.UTF_8),
        r == null ? null : r.title() + ": " + r.detail(),
        problems,
        warnings);
  }

  private static void findings(Object list, List<Finding> out) {
    if (!(list instanceof List<?> l)) {
      return;
    }
    for (Object o : l) {
      if (o instanceof Map<?, ?> m) {
        out.add(new Finding(str(m.get("id")), str(m.get("location")), str(m.get("message"))));
      }
    }
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}
