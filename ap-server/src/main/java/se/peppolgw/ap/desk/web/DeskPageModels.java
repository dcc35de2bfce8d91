package se.peppolgw.ap.desk.web;

/** The page models of the desk templates (one record per template, so the compiler checks both sides). */
public final class DeskPageModels {
  private DeskPageModels() {}

  /** The received orders, newest first. */
  public record OrdersPage(DeskView v, java.util.List<se.peppolgw.ap.store.Transmission> orders) {}

  /**
   * One order: its lines' progress, its documents and the four forms.
   *
   * @param banner what was just done (e.g. "Invoice F-1 sent as transmission …"), or null
   * @param articles the catalogue's article numbers, offered as substitutes
   * @param invoices the desk's invoices for this order that count, for the credit note form
   */
  public record OrderPage(
      DeskView v,
      se.peppolgw.ap.desk.OrderChain chain,
      FormState form,
      String banner,
      java.util.List<se.peppolgw.punchout.catalogue.CatalogueItem> articles,
      java.util.List<String> invoices) {}

  /** A problem found in the built document: a Peppol BIS rule or a buyer rule. */
  public record Finding(String ruleId, String location, String message) {}

  /**
   * A built document before it is sent: its XML, what Peppol BIS and the buyer's rules found, and
   * the form's values again (hidden) for the confirm button, posted to {@code action}.
   *
   * @param refusal why it cannot be sent (title and detail), or null when it can
   */
  public record PreviewPage(
      DeskView v,
      String title,
      String action,
      java.util.Map<String, String> values,
      String xml,
      String refusal,
      java.util.List<Finding> problems,
      java.util.List<Finding> warnings) {}

  /**
   * The order agreement form (a call-off by phone or in the web shop).
   *
   * @param banner what was just done, or null
   * @param values what was typed, by form field
   * @param problems per form field what is wrong
   * @param sent the order agreements sent, newest first, with their transmission state
   */
  public record AgreementPage(
      DeskView v,
      String banner,
      java.util.Map<String, String> values,
      java.util.Map<String, String> problems,
      int rows,
      java.util.List<se.peppolgw.punchout.catalogue.CatalogueItem> articles,
      java.util.List<se.peppolgw.ap.store.Transmission> sent) {
    public String value(String name) {
      return values.getOrDefault(name, "");
    }

    public String problem(String name) {
      return problems.get(name);
    }
  }

  /**
   * The catalogue: its problems with the buyers' catalogue rules, the upload form (operators), the
   * publications with their transmissions and the Catalogue Responses.
   *
   * @param banner what was just done, or null
   * @param error why the last upload or publication was refused, or null
   * @param errors the refusal's problems (per row and field, or per rule)
   */
  public record CataloguePage(
      DeskView v,
      boolean mayPublish,
      int articles,
      java.util.List<se.peppolgw.ap.catalogue.CatalogueProblem> problems,
      java.util.List<se.peppolgw.ap.catalogue.CatalogueBuyers.Buyer> buyers,
      boolean shopFile,
      java.util.List<se.peppolgw.ap.store.CatalogueStore.Publication> publications,
      java.util.List<se.peppolgw.ap.catalogue.CatalogueResponses.Received> responses,
      String banner,
      String error,
      java.util.List<String> errors,
      String content,
      String format) {
    /** The responses linked to one BIS Catalogue. */
    public java.util.List<se.peppolgw.ap.catalogue.CatalogueResponses.Received> answers(String catalogueId) {
      return responses.stream().filter(r -> r.version() != null && catalogueId.equals(r.catalogueId())).toList();
    }

    public java.util.List<se.peppolgw.ap.catalogue.CatalogueResponses.Received> unmatched() {
      return responses.stream().filter(r -> r.version() == null).toList();
    }
  }

  /** An upload's differences to the current catalogue, with the publish button (hidden: the upload again). */
  public record CatalogueReviewPage(
      DeskView v, se.peppolgw.ap.catalogue.CataloguePublisher.Review review, String content, String format, int buyers) {}

  /** A page that only says something (forbidden, not found, conflict). */
  public record MessagePage(DeskView v, String title, String message) {}
}
