package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;
import se.peppolgw.ap.selfcheck.SelfCheckReport;

/**
 * {@code /ops/}: the dashboard. It reloads itself every {@link #REFRESH_SECONDS} seconds with a
 * {@code <meta http-equiv="refresh">}: no script, so the page's CSP stays without script-src.
 */
public final class DashboardPage {
  static final int REFRESH_SECONDS = 30;

  /** The model of ops/dashboard.jte. */
  public record View(Dashboard d, SelfCheckReport selfCheck, LocalDate yesterday) {
    /** How long ago {@code since} was, in one unit: "40 s", "12 min", "5 h", "3 days". */
    public String age(Instant since) {
      Duration x = Duration.between(since, d.at());
      return x.toMinutes() < 1 ? x.toSeconds() + " s" : x.toHours() < 2 ? x.toMinutes() + " min"
          : x.toDays() < 2 ? x.toHours() + " h" : x.toDays() + " days";
    }
  }

  private final OpsContext ctx;
  private final PageWriter pages;

  DashboardPage(OpsContext ctx, PageWriter pages) {
    this.ctx = ctx;
    this.pages = pages;
  }

  void get(Caller c, HttpServletResponse resp) throws IOException {
    View v = new View(ctx.dashboard(), ctx.smpSelfCheck().last().orElse(null),
        LocalDate.now(ctx.zone()).minusDays(1));
    pages.write(resp, 200, "ops/dashboard.jte", pages.frame(c, "Dashboard", "Dashboard").withRefresh(REFRESH_SECONDS), v);
  }
}
