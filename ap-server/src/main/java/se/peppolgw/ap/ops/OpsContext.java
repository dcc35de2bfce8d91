package se.peppolgw.ap.ops;

import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Supplier;
import se.peppolgw.ap.selfcheck.SelfCheckJson;
import se.peppolgw.ap.selfcheck.SmpSelfCheckJob;
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
    SmpSelfCheckJob smpSelfCheck) {

  Dashboard dashboard() {
    return Dashboard.build(
        service.query(), service.clock(), certificateNotAfter, localMode, peppolRules.get(),
        SelfCheckJson.summary(smpSelfCheck.last(), smpSelfCheck.interval()));
  }
}
