package se.peppolgw.ap.ops.web;


import static se.peppolgw.ap.ops.web.Html.esc;
import static se.peppolgw.ap.ops.web.Html.url;

import java.time.ZoneId;
import java.util.List;
import se.peppolgw.ap.mls.MlsResponseCode;
import se.peppolgw.ap.mls.MlsWatch;
import se.peppolgw.ap.store.MlsAnswer;

/**
 * The operator page {@code /ops/mls}: Message Level Status answers that match none of our
 * transmissions (kept, never dropped) and delivered transmissions still waiting for theirs.
 */
public final class MlsPage {
  static final int ROWS = 200;

  private MlsPage() {}

  static String html(MlsWatch watch, ZoneId zone) {
    MlsWatch.Figures f = watch.figures();
    StringBuilder b = new StringBuilder("<h1>Message Level Status</h1>");
    b.append("<h2>Overdue answers</h2><p class=\"mut\">Delivered, asked for ALWAYS_SEND, no MLS after ")
        .append(f.expectedWithin().toHours()).append(" h (gateway.mls.expected-within): ")
        .append(f.overdue()).append("</p><ul id=\"mls-overdue\">");
    for (String id : watch.overdue(ROWS)) {
      b.append("<li><a class=\"mono\" href=\"/ops/transmissions/").append(url(id)).append("\">")
          .append(esc(id)).append("</a></li>");
    }
    b.append("</ul><h2>Matching none of our transmissions</h2><table id=\"mls-unmatched\"><thead><tr>")
        .append("<th>Received</th><th>Answer</th><th>Referenced SBDH InstanceIdentifier</th><th>From</th>")
        .append("<th>Carried by</th></tr></thead><tbody>");
    List<MlsAnswer> rows = watch.unmatched(ROWS);
    for (MlsAnswer a : rows) {
      String meaning = MlsResponseCode.of(a.responseCode()).map(MlsResponseCode::words)
          .orElse("Not a readable MLS: " + a.problem());
      b.append("<tr><td class=\"mono\">").append(esc(OpsTimes.at(a.receivedAt(), zone))).append("</td><td>")
          .append(esc(meaning)).append("</td><td class=\"mono\">").append(esc(a.referencedInstanceId()))
          .append("</td><td class=\"mono\">").append(esc(a.senderServiceProvider()))
          .append("</td><td><a class=\"mono\" href=\"/ops/transmissions/").append(url(a.mlsTransmissionId()))
          .append("\">").append(esc(a.mlsTransmissionId())).append("</a></td></tr>");
    }
    b.append("</tbody></table>");
    if (rows.isEmpty()) {
      b.append("<p class=\"mut\">None.</p>");
    }
    return b.toString();
  }
}
