package se.peppolgw.ap.ops;

import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Supplier;
import se.peppolgw.ap.mls.MlsWatch;
import se.peppolgw.ap.validation.RuleSetFreshness;

/** What the operator servlets share. */
record OpsContext(
    OpsService service,
    OpsAuth auth,
    PunchoutLog punchout,
    ZoneId zone,
    boolean localMode,
    Instant certificateNotAfter,
    Supplier<RuleSetFreshness> peppolRules,
    MlsWatch mls) {

  Dashboard dashboard() {
    return Dashboard.build(
        service.query(), service.clock(), certificateNotAfter, localMode, peppolRules.get(),
        mls.figures());
  }
}
