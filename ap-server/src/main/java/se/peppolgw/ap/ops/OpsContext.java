package se.peppolgw.ap.ops;

import java.time.Instant;
import java.time.ZoneId;

/** What the operator servlets share. */
record OpsContext(
    OpsService service,
    OpsAuth auth,
    PunchoutLog punchout,
    ZoneId zone,
    boolean localMode,
    Instant certificateNotAfter) {

  Dashboard dashboard() {
    return Dashboard.build(service.query(), service.clock(), certificateNotAfter, localMode);
  }
}
