package se.peppolgw.ap.ops.web;

import se.peppolgw.ap.mls.MlsWatch;

/** The dashboard card on Message Level Status answers (docs/mls.md). */
public final class MlsCard {
  private MlsCard() {}

  static String html(MlsWatch.Figures f) {
    boolean attention = f.overdue() > 0 || f.unmatched() > 0;
    return "<div class=\"card\" id=\"mls-status\"><div class=\"mut\">MLS answers overdue (after "
        + f.expectedWithin().toHours() + " h)</div><div class=\"big" + (attention ? " err" : "") + "\">"
        + f.overdue() + "</div><div class=\"mut\">" + f.rejected7d()
        + " rejected by the receiver's access point (7 days) · " + f.unmatched()
        + " matching none of our transmissions · <a href=\"/ops/mls\">show them</a></div></div>";
  }
}
