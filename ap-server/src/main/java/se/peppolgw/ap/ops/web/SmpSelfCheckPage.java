package se.peppolgw.ap.ops.web;

import se.peppolgw.ap.ops.security.OpsAuth;

import static se.peppolgw.ap.ops.web.Html.esc;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import se.peppolgw.ap.selfcheck.Finding;
import se.peppolgw.ap.selfcheck.SelfCheckOutcome;
import se.peppolgw.ap.selfcheck.SelfCheckReport;

/** HTML of the SMP self-check: the line on the dashboard and the page /ops/smp-self-check. */
public final class SmpSelfCheckPage {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private SmpSelfCheckPage() {}

  /** One line for the dashboard, linking to the page. */
  static String dashboardLine(Optional<SelfCheckReport> last, ZoneId zone) {
    String link = " <a href=\"/ops/smp-self-check\">details</a>";
    if (last.isEmpty()) {
      return "<p class=\"mut\" id=\"smp-self-check\">SMP self-check: not run yet." + link + "</p>";
    }
    SelfCheckReport r = last.get();
    return switch (r.outcome()) {
      case DRIFT -> "<p class=\"msg err\" id=\"smp-self-check\">SMP self-check found drift: " + esc(r.note())
          + " (" + esc(TS.format(r.at().atZone(zone))) + ")." + link + "</p>";
      case NO_DRIFT -> "<p class=\"mut\" id=\"smp-self-check\">SMP self-check: no drift, " + esc(r.note()) + " ("
          + esc(TS.format(r.at().atZone(zone))) + ")." + link + "</p>";
      case NOT_APPLICABLE -> "<p class=\"mut\" id=\"smp-self-check\">SMP self-check: " + esc(r.note()) + "</p>";
    };
  }

  /** The page body: the last result, its findings with meaning and action, and the "Check now" button. */
  static String body(Optional<SelfCheckReport> last, String interval, ZoneId zone, String csrf, boolean mayRun) {
    StringBuilder b = new StringBuilder("<h1>SMP self-check</h1>");
    b.append("<p class=\"mut\">Compares what the SML/SMP publishes for each served participant with this gateway's"
        + " public AS4 URL, its AP certificate and the document types it accepts. Periodic run: ")
        .append(esc(interval)).append(".</p>");
    if (last.isEmpty()) {
      b.append("<p id=\"outcome\">Not run yet.</p>");
    } else {
      SelfCheckReport r = last.get();
      b.append("<p id=\"outcome\" class=\"msg ").append(r.outcome() == SelfCheckOutcome.DRIFT ? "err" : "ok")
          .append("\">").append(esc(r.outcome().name())).append(": ").append(esc(r.note())).append("</p>")
          .append("<p class=\"mut\">Checked ").append(esc(TS.format(r.at().atZone(zone)))).append(" (")
          .append(esc(r.trigger())).append(").</p>");
      if (!r.findings().isEmpty()) {
        b.append("<table id=\"findings\"><thead><tr><th>Finding</th><th>Participant</th><th>Document type</th>"
            + "<th>Details</th><th>What it means</th><th>What to do</th></tr></thead><tbody>");
        for (Finding f : r.findings()) {
          b.append("<tr><td>").append(esc(f.kind().name()))
              .append(f.failureKind() == null ? "" : "<br><span class=\"mut\">" + esc(f.failureKind().name()) + "</span>")
              .append("</td><td class=\"mono\">").append(esc(f.participant()))
              .append("</td><td class=\"mono\">").append(esc(f.documentType()))
              .append("</td><td>").append(esc(f.detail()))
              .append("</td><td>").append(esc(f.meaning()))
              .append("</td><td>").append(esc(f.action())).append("</td></tr>");
        }
        b.append("</tbody></table>");
      }
    }
    if (mayRun) {
      b.append("<form method=\"post\" action=\"/ops/smp-self-check\"><input type=\"hidden\" name=\"")
          .append(OpsAuth.CSRF_FIELD).append("\" value=\"").append(esc(csrf)).append("\">")
          .append("<button class=\"primary\" type=\"submit\" id=\"run-self-check\">Check now</button></form>");
    }
    return b.toString();
  }
}
