package se.peppolgw.ap.ops.web;

import se.peppolgw.ap.ops.DocumentKinds;
import se.peppolgw.ap.ops.ReportingDesk;
import se.peppolgw.ap.ops.security.OperatorRole;
import se.peppolgw.ap.ops.security.OpsAuth;

import static se.peppolgw.ap.ops.web.Html.esc;
import static se.peppolgw.ap.ops.web.Html.url;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;
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
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** Writes a page in the operator UI's frame (OpsUiServlet's). */
  public interface Frame {
    void write(HttpServletResponse resp, int status, Caller c, String title, String active, String body)
        throws IOException;
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
  private final Frame frame;

  public ReportingPage(OpsContext ctx, Frame frame) {
    this.ctx = ctx;
    this.frame = frame;
  }

  void get(Caller c, String[] path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<ReportingDesk> desk = ctx.reportingDesk();
    if (desk.isEmpty()) {
      frame.write(resp, 503, c, TITLE, TITLE,
          "<h1>Peppol Reporting</h1><p class=\"msg err\">Peppol Reporting has not started yet; retry in a moment.</p>");
      return;
    }
    if (path.length == 1) {
      frame.write(resp, 200, c, TITLE, TITLE, page(c, desk.get(), Done.of(req.getParameter("done")), null));
    } else if (path.length == 3) {
      download(c, desk.get(), path[1], path[2], resp);
    } else {
      frame.write(resp, 404, c, TITLE, TITLE, "<h1>Not found</h1><p>No such report.</p>");
    }
  }

  void post(Caller c, String[] path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<ReportingDesk> desk = ctx.reportingDesk();
    if (path.length != 3 || !path[2].equals("send") || desk.isEmpty()) {
      frame.write(resp, 404, c, TITLE, TITLE, "<h1>Not found</h1><p>No such action.</p>");
      return;
    }
    if (!c.operator().may(OperatorRole.OPERATOR)) {
      frame.write(resp, 403, c, TITLE, TITLE, "<h1>Not allowed</h1><p class=\"msg err\">Role "
          + esc(c.operator().role().label()) + " may only look; sending reports needs the operator role.</p>");
      return;
    }
    if (!c.csrfOk(req)) {
      frame.write(resp, 403, c, TITLE, TITLE,
          "<h1>Not allowed</h1><p class=\"msg err\">Missing or wrong CSRF token: reload the page and try again.</p>");
      return;
    }
    ReportingDesk.SendResult r = desk.get().send(c.operator().name(), path[1], req.getRemoteAddr());
    if (r.ok()) {
      Done done = r.sent() ? Done.SENT : Done.KEPT;
      resp.sendRedirect("/ops/reporting?done=" + done.name().toLowerCase(Locale.ROOT) + "#month-" + url(path[1]));
    } else {
      frame.write(resp, r.status(), c, TITLE, TITLE, page(c, desk.get(), Optional.empty(), r.message()));
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
      frame.write(resp, 404, c, TITLE, TITLE,
          "<h1>Not found</h1><p>No " + esc(k) + " was built for " + esc(month) + ".</p>");
      return;
    }
    resp.setContentType("application/xml");
    resp.setCharacterEncoding("UTF-8");
    resp.setHeader("Content-Disposition", "attachment; filename=\"" + k + "-" + month + ".xml\"");
    resp.getOutputStream().write(xml.get().getBytes(StandardCharsets.UTF_8));
  }

  private String page(Caller c, ReportingDesk desk, Optional<Done> done, String refusal) {
    StringBuilder b = new StringBuilder("<h1>Peppol Reporting</h1>");
    desk.destinationNote().ifPresent(n ->
        b.append("<p class=\"msg err\" id=\"reporting-local\">").append(esc(n)).append("</p>"));
    done.ifPresent(d -> b.append("<p class=\"msg ok\" id=\"done\">").append(esc(d.text)).append("</p>"));
    if (refusal != null) {
      b.append("<p class=\"msg err\" id=\"refusal\">").append(esc(refusal)).append("</p>");
    }
    desk.attention().ifPresent(a -> b.append("<p class=\"msg err\" id=\"reporting-attention\">")
        .append(esc(a)).append("</p>"));
    b.append("<p class=\"mut\">The TSR and EUSR of each UTC month, built from the transmissions counted"
        + " under the Peppol Reporting rules and due between the 1st and the 15th of the next month."
        + " Each count opens the transmissions behind it.</p>");
    var months = desk.months();
    String previous = desk.previousMonth();
    if (months.stream().noneMatch(m -> m.period().equals(previous))) {
      // due (or late) and not built yet: the operator can do it from here
      b.append("<section class=\"card\" id=\"month-").append(esc(previous)).append("\"><h2>").append(esc(previous))
          .append("</h2><p class=\"mut\">Not built yet: the monthly run builds and sends it (by default on the"
              + " 2nd); after the 15th it is late.</p>");
      sendForm(b, c, previous);
      b.append("</section>");
    }
    for (ReportingDesk.Month m : months) {
      month(b, c, m);
    }
    return b.toString();
  }

  private void month(StringBuilder b, Caller c, ReportingDesk.Month m) {
    String p = m.period();
    String drill = "/ops/transmissions?reportingMonth=" + url(p);
    b.append("<section class=\"card\" id=\"month-").append(esc(p)).append("\"><h2>").append(esc(p)).append("</h2>")
        .append("<table class=\"reports\"><thead><tr><th>Report</th><th>State</th>")
        .append("<th class=\"num\">Transactions</th><th>Built</th><th>XML</th><th>Sent as</th><th>Problems</th>")
        .append("</tr></thead><tbody>");
    for (ReportingStore.Report r : m.reports()) {
      String kind = r.kind().toLowerCase(Locale.ROOT);
      b.append("<tr><td>").append(esc(r.kind())).append("</td><td><span class=\"st ")
          .append(esc(r.state().name())).append("\" id=\"state-").append(esc(p)).append('-').append(esc(kind))
          .append("\">").append(esc(r.state().name().toLowerCase(Locale.ROOT))).append("</span></td>")
          .append("<td class=\"num\"><a href=\"").append(esc(drill)).append("\">").append(r.itemCount())
          .append("</a></td><td>").append(esc(ts(r.builtAt()))).append("</td><td>")
          .append(r.document() == null ? "" : "<a href=\"/ops/reporting/" + esc(p) + "/" + esc(kind)
              + "\" id=\"xml-" + esc(p) + "-" + esc(kind) + "\">" + esc(r.kind()) + " XML</a>")
          .append("</td><td>")
          .append(r.transmissionId() == null ? "" : "<a href=\"/ops/transmissions/" + esc(r.transmissionId())
              + "\">transmission</a>")
          .append("</td><td>").append(esc(r.problems())).append("</td></tr>");
    }
    b.append("</tbody></table>");
    breakdown(b, p, m);
    sendForm(b, c, p);
    b.append("</section>");
  }

  /** The send button of a month: operator role, the session's CSRF token. */
  private static void sendForm(StringBuilder b, Caller c, String p) {
    if (c.operator().may(OperatorRole.OPERATOR)) {
      b.append("<form method=\"post\" action=\"/ops/reporting/").append(esc(p)).append("/send\">")
          .append("<input type=\"hidden\" name=\"").append(OpsAuth.CSRF_FIELD).append("\" value=\"")
          .append(esc(c.csrf())).append("\"><button type=\"submit\" class=\"primary\" id=\"send-").append(esc(p))
          .append("\">Build and send ").append(esc(p)).append("</button></form>");
    }
  }

  /** The counts behind the reports, each a link to exactly those transmissions. */
  private static void breakdown(StringBuilder b, String p, ReportingDesk.Month m) {
    if (m.breakdown().isEmpty()) {
      b.append("<p class=\"mut\">No counted transmissions: zero reports.</p>");
      return;
    }
    b.append("<table class=\"breakdown\" id=\"breakdown-").append(esc(p)).append("\"><thead><tr><th>Direction</th>")
        .append("<th>Other access point</th><th>Document type</th><th class=\"num\">Transmissions</th>")
        .append("</tr></thead><tbody>");
    for (ReportingStore.Breakdown g : m.breakdown()) {
      boolean sending = "SENDING".equals(g.direction());
      String href = "/ops/transmissions?reportingMonth=" + url(p) + "&direction=" + (sending ? "out" : "in")
          + "&reportingSp=" + url(g.counterpartSp()) + "&documentType=" + url(g.docTypeValue());
      b.append("<tr><td>").append(sending ? "sent" : "received").append("</td><td class=\"mono\">")
          .append(esc(g.counterpartSp())).append("</td><td>").append(esc(DocumentKinds.alias(g.docTypeValue())))
          .append("</td><td class=\"num\"><a class=\"drill\" href=\"").append(esc(href)).append("\">")
          .append(g.count()).append("</a></td></tr>");
    }
    b.append("</tbody></table>");
  }

  /**
   * On the transmission list reached by a drill-down: what it is limited to, and the filter kept
   * (hidden fields) when the operator narrows the list further with the form.
   */
  static void listFilter(StringBuilder b, HttpServletRequest req) {
    String m = req.getParameter("reportingMonth");
    String sp = FilterParams.blank(req.getParameter("reportingSp"));
    b.append("<p class=\"msg ok\" id=\"reporting-filter\">Counted in the Peppol Reporting of ").append(esc(m))
        .append(sp == null ? "" : ", other access point " + esc(sp))
        .append(" (<a href=\"/ops/reporting#month-").append(esc(m)).append("\">back to the reports</a>)</p>")
        .append("<input type=\"hidden\" name=\"reportingMonth\" value=\"").append(esc(m)).append("\">")
        .append(sp == null ? "" : "<input type=\"hidden\" name=\"reportingSp\" value=\"" + esc(sp) + "\">");
  }

  private String ts(Instant i) {
    return i == null ? "" : TS.format(i.atZone(ctx.zone()));
  }
}
