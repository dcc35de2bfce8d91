package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import se.peppolgw.ap.ops.DocumentKinds;
import se.peppolgw.ap.ops.ReportingDesk;
import se.peppolgw.ap.ops.security.OperatorRole;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;
import se.peppolgw.ap.ops.security.OpsAuth;
import se.peppolgw.ap.store.ReportingStore;

/**
 * The operator page of Peppol Reporting, {@code /ops/reporting}: per month the TSR and EUSR with
 * state and number of transactions, the XML to download, the counted transmissions grouped by
 * direction, other access point and document type (each count links to the transmission list
 * filtered to exactly those), and the send button (operator role, CSRF, audited). A warning when
 * the previous month is late or failed; a banner when reports do not go to OpenPeppol.
 *
 * <p>{@code GET /ops/reporting}, {@code GET /ops/reporting/{yyyy-MM}/{tsr|eusr}} (the kept XML),
 * {@code POST /ops/reporting/{yyyy-MM}/send}.
 */
public final class ReportingPage {
  static final String TITLE = "Reporting";

  /** The model of ops/reporting.jte. */
  public record View(
      String destinationNote, String done, String refusal, String attention, String previousNotBuilt,
      List<ReportingDesk.Month> months) {
    /** The transmission list of exactly the transmissions behind one breakdown row. */
    public String drill(String period, ReportingStore.Breakdown g) {
      return "/ops/transmissions?reportingMonth=" + url(period) + "&direction="
          + ("SENDING".equals(g.direction()) ? "out" : "in") + "&reportingSp=" + url(g.counterpartSp())
          + "&documentType=" + url(g.docTypeValue());
    }
  }

  /** The fixed banners after a send (the redirect carries a code, never text; see ActionBanner). */
  public enum Done {
    SENT("Both reports were re-built, validated and sent; they show delivered once the receipts are in"),
    KEPT("Both reports were re-built, validated and kept (local mode: not sent to OpenPeppol)");

    final String text;

    Done(String text) {
      this.text = text;
    }

    static Optional<Done> of(String code) {
      for (Done d : values()) {
        if (d.name().equalsIgnoreCase(code == null ? "" : code)) {
          return Optional.of(d);
        }
      }
      return Optional.empty();
    }
  }

  private final OpsContext ctx;
  private final PageWriter pages;

  ReportingPage(OpsContext ctx, PageWriter pages) {
    this.ctx = ctx;
    this.pages = pages;
  }

  void get(Caller c, String[] path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<ReportingDesk> desk = ctx.reportingDesk();
    if (desk.isEmpty()) {
      pages.message(resp, 503, c, TITLE, "Peppol Reporting", "Peppol Reporting has not started yet; retry in a moment.", true);
      return;
    }
    if (path.length == 1) {
      page(resp, 200, c, desk.get(), Done.of(req.getParameter("done")), null);
    } else if (path.length == 3) {
      download(c, desk.get(), path[1], path[2], resp);
    } else {
      pages.message(resp, 404, c, TITLE, "Not found", "No such report.", false);
    }
  }

  void post(Caller c, String[] path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<ReportingDesk> desk = ctx.reportingDesk();
    if (path.length != 3 || !path[2].equals("send") || desk.isEmpty()) {
      pages.message(resp, 404, c, TITLE, "Not found", "No such action.", false);
      return;
    }
    if (!c.operator().may(OperatorRole.OPERATOR)) {
      pages.message(resp, 403, c, TITLE, "Not allowed",
          "Role " + c.operator().role().label() + " may only look; sending reports needs the operator role.", true);
      return;
    }
    if (!c.csrfOk(req)) {
      pages.message(resp, 403, c, TITLE, "Not allowed", "Missing or wrong CSRF token: reload the page and try again.", true);
      return;
    }
    ReportingDesk.SendResult r = desk.get().send(c.operator().name(), path[1], req.getRemoteAddr());
    if (r.ok()) {
      Done done = r.sent() ? Done.SENT : Done.KEPT;
      resp.sendRedirect("/ops/reporting?done=" + done.name().toLowerCase(Locale.ROOT) + "#month-" + url(path[1]));
    } else {
      page(resp, r.status(), c, desk.get(), Optional.empty(), r.message());
    }
  }

  private void download(Caller c, ReportingDesk desk, String month, String kind, HttpServletResponse resp)
      throws IOException {
    String k = kind.toUpperCase(Locale.ROOT);
    Optional<String> xml =
        (k.equals("TSR") || k.equals("EUSR")) && month.matches("[0-9]{4}-[0-9]{2}")
            ? desk.keptXml(month, k)
            : Optional.empty();
    if (xml.isEmpty()) {
      pages.message(resp, 404, c, TITLE, "Not found", "No " + k + " was built for " + month + ".", false);
      return;
    }
    resp.setContentType("application/xml");
    resp.setCharacterEncoding("UTF-8");
    resp.setHeader("Content-Disposition", "attachment; filename=\"" + k + "-" + month + ".xml\"");
    resp.getOutputStream().write(xml.get().getBytes(StandardCharsets.UTF_8));
  }

  private void page(HttpServletResponse resp, int status, Caller c, ReportingDesk desk, Optional<Done> done,
      String refusal) throws IOException {
    List<ReportingDesk.Month> months = desk.months();
    String previous = desk.previousMonth();
    // due (or late) and not built yet: the operator can do it from here
    boolean built = months.stream().anyMatch(m -> m.period().equals(previous));
    View v = new View(desk.destinationNote().orElse(null), done.map(d -> d.text).orElse(null), refusal,
        desk.attention().orElse(null), built ? null : previous, months);
    pages.write(resp, status, "ops/reporting.jte", pages.frame(c, TITLE, TITLE), v);
  }

  /** {@code /ops/reporting.csv}: one row per month and report. */
  void csv(HttpServletResponse resp) throws IOException {
    Optional<ReportingDesk> desk = ctx.reportingDesk();
    try (Csv csv = Csv.attachment(resp, "reporting.csv",
        List.of("month", "report", "state", "transactions", "built", "transmission", "problems"))) {
      for (ReportingDesk.Month m : desk.map(ReportingDesk::months).orElse(List.of())) {
        for (ReportingStore.Report r : m.reports()) {
          csv.row(Arrays.asList(m.period(), r.kind(), r.state().name(), r.itemCount(),
              OpsTimes.at(r.builtAt(), ctx.zone()), r.transmissionId(), r.problems()));
        }
      }
    }
  }

  private static String url(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }
}
