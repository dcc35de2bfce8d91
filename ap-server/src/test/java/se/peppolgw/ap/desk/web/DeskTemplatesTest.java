package se.peppolgw.ap.desk.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.catalogue.CatalogueProblem;
import se.peppolgw.ap.catalogue.CatalogueRule;
import se.peppolgw.ap.desk.DeskDocument;
import se.peppolgw.ap.desk.DeskDocumentKind;
import se.peppolgw.ap.desk.DeskService;
import se.peppolgw.ap.ops.security.Operator;
import se.peppolgw.ap.ops.security.OperatorRole;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;
import se.peppolgw.ap.ops.security.OpsSessions;
import se.peppolgw.ap.outbound.OutboundRejection;

/** The desk's pages as rendered: refused previews and catalogue problems, escaped. */
class DeskTemplatesTest {
  static final DeskView V = new DeskView(
      new Caller(new Operator("carla", OperatorRole.CLERK, false),
          new OpsSessions.Session("s1", new Operator("carla", OperatorRole.CLERK, false), "tok<en>", Instant.EPOCH)),
      false, ZoneId.of("Europe/Stockholm"));

  @Test
  void aRefusedPreviewListsEveryBisAndBuyerRuleAndOffersNoConfirm() {
    OutboundRejection r = new OutboundRejection(422, "Validation failed", "2 rule(s) failed", Map.of(
        "errors", List.of(Map.of("id", "PEPPOL-T110-B18301", "location", "/OrderResponse/cac:OrderLine[1]",
            "message", "Element 'cbc:StartDate' MUST be provided.")),
        "buyerRules", List.of(Map.of("id", "SE-VGR-INV-01", "location", "/Invoice/cbc:BuyerReference",
            "message", "the buyer reference must not be the text <beställar-id>", "messageSv", "x"))));
    DeskDocument d = new DeskDocument(DeskDocumentKind.INVOICE, "F-1",
        "<Invoice><cbc:ID>F-1</cbc:ID></Invoice>".getBytes(StandardCharsets.UTF_8), Map.of(), null);
    String html = DeskTemplates.render("desk/preview.jte",
        Previews.page(V, "Invoice F-1 for order PO-1", "/ops/desk/orders/x/invoice",
            Map.of("invoiceNumber", "F-1\"><script>"), new DeskService.Preview(d, List.of(), r)));
    assertTrue(html.contains("Cannot be sent: Validation failed"), html);
    assertTrue(html.contains("PEPPOL-T110-B18301") && html.contains("SE-VGR-INV-01"), html);
    assertTrue(html.contains("&lt;beställar-id&gt;") && html.contains("&lt;Invoice&gt;"), "escaped: " + html);
    assertFalse(html.contains("id=\"confirm\""), "no confirm for a refused document");
    assertFalse(html.contains("<script>"), html);
    assertTrue(html.contains("name=\"_csrf\" value=\"tok&lt;en>\""), "escaped in the attribute: " + html);
  }

  @Test
  void theCataloguePageListsProblemsPerArticle() {
    String html = DeskTemplates.render("desk/catalogue.jte", new DeskPageModels.CataloguePage(V, false, 2, List.of(
        new CatalogueProblem("100-7", CatalogueRule.IMAGE_URL, "http://img.example.se/a b.jpg"),
        new CatalogueProblem("100-8", CatalogueRule.VAT_RATE, null)), List.of(), false, List.of(), List.of(), null, null,
        List.of(), "", "json"));
    assertTrue(html.contains("2 problem(s) in 2 article(s)"), html);
    assertTrue(html.contains("data-article=\"100-7\" data-rule=\"CAT-07\""), html);
    assertTrue(html.contains("data-article=\"100-8\" data-rule=\"CAT-05\"") && html.contains("(missing)"), html);
    assertTrue(html.contains("id=\"clerk-note\"") && !html.contains("id=\"upload-form\""), "a clerk cannot upload: " + html);
  }
}
