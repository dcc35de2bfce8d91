package se.peppolgw.ap.reporting;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import se.peppolgw.ap.ops.AuditTrail;
import se.peppolgw.ap.ops.ReportingDesk;
import se.peppolgw.ap.store.ReportingStore;
import se.peppolgw.ap.store.ReportingStore.ReportState;

/** Peppol Reporting as the operator pages see it (see {@link ReportingDesk}). */
final class ReportingOpsDesk implements ReportingDesk {
  private final ReportingService service;
  private final ReportingStore store;
  private final AuditTrail audit;

  ReportingOpsDesk(ReportingService service, AuditTrail audit) {
    this.service = service;
    this.store = service.store();
    this.audit = audit;
  }

  @Override
  public List<Month> months() {
    List<Month> out = new ArrayList<>();
    for (ReportingService.MonthView m : service.months()) {
      ReportingPeriod p = ReportingPeriod.parse(m.period()).orElseThrow();
      out.add(new Month(m.period(), m.reports(), store.breakdown(p.start(), p.end())));
    }
    return out;
  }

  @Override
  public String previousMonth() {
    return service.currentPeriod().previous().toString();
  }

  @Override
  public Optional<String> attention() {
    return service.attention();
  }

  @Override
  public Optional<String> destinationNote() {
    return service.destinationNote();
  }

  @Override
  public Optional<String> keptXml(String period, String kind) {
    return store.report(period, kind).map(ReportingStore.Report::document);
  }

  @Override
  public SendResult send(String operator, String period, String remoteAddress) {
    Optional<ReportingPeriod> p = ReportingPeriod.parse(period);
    if (p.isEmpty()) {
      return new SendResult(404, false, "No such month: " + period);
    }
    if (service.isUnfinished(p.get())) {
      audit.record(operator, "REPORTING_SEND", period, "REFUSED", "month not ended", remoteAddress);
      return new SendResult(409, false, period + " has not ended (UTC); its reports can be previewed, not sent");
    }
    ReportingService.Outcome o = service.buildAndSend(p.get());
    boolean failed = o.reports().values().stream().anyMatch(r -> r.state() == ReportState.FAILED);
    audit.record(operator, "REPORTING_SEND", period, failed ? "FAILED" : "OK", o.message(), remoteAddress);
    return new SendResult(failed ? 422 : 200, o.sent(), o.message());
  }
}
