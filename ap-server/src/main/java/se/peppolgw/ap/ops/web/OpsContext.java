package se.peppolgw.ap.ops.web;

import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Supplier;
import se.peppolgw.ap.mls.MlsWatch;
import se.peppolgw.ap.store.PunchoutEventStore;
import se.peppolgw.ap.ops.ReportingDesk;
import se.peppolgw.ap.ops.security.OpsAuth;
import se.peppolgw.ap.selfcheck.SelfCheckJson;
import se.peppolgw.ap.selfcheck.SmpSelfCheckJob;
import se.peppolgw.ap.store.PunchoutEventStore;
import se.peppolgw.ap.validation.RuleSetFreshness;

/** What the operator servlets share. */
public record OpsContext(
    OpsService service,
    OpsAuth auth,
    PunchoutEventStore punchout,
    ZoneId zone,
    boolean localMode,
    Instant certificateNotAfter,
    Supplier<RuleSetFreshness> peppolRules,
    SmpSelfCheckJob smpSelfCheck,
    java.util.concurrent.atomic.AtomicReference<ReportingDesk> reporting,
    MlsWatch mls) {

  Dashboard dashboard() {
    return Dashboard.build(
        service.counts(), service.clock(), certificateNotAfter, localMode, peppolRules.get(),
        SelfCheckJson.summary(smpSelfCheck.last(), smpSelfCheck.interval()),
        reportingDesk().flatMap(ReportingDesk::attention).orElse(null),
        mls.figures());
  }

  /** Peppol Reporting, once it has started (it starts after the operator UI). */
  java.util.Optional<ReportingDesk> reportingDesk() {
    return java.util.Optional.ofNullable(reporting.get());
  }
}
