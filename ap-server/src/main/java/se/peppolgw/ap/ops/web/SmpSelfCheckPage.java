package se.peppolgw.ap.ops.web;

import se.peppolgw.ap.selfcheck.SelfCheckReport;

/** The page /ops/smp-self-check (ops/smp-self-check.jte); the dashboard line is field/selfCheckLine.jte. */
public final class SmpSelfCheckPage {
  private SmpSelfCheckPage() {}

  /** The model: the last result (null: not run yet) and the periodic interval in words. */
  public record View(SelfCheckReport last, String interval) {}
}
