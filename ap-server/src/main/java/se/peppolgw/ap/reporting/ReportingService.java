package se.peppolgw.ap.reporting;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.store.ReportingStore;
import se.peppolgw.ap.store.ReportingStore.Report;
import se.peppolgw.ap.store.ReportingStore.ReportState;

/**
 * Builds, validates, keeps and sends the monthly reports. A report that fails validation is kept
 * as FAILED with its problems and never sent. In local mode nothing goes to OpenPeppol: the
 * reports are built, validated and kept, and the answer says so.
 */
public final class ReportingService {
  private static final Logger LOG = LoggerFactory.getLogger(ReportingService.class);

  private final ReportingStore store;
  private final MonthlyReportBuilder builder;
  private final ReportSubmission submission; // null: local mode, nothing is sent
  private final String countryC1;
  private final Clock clock;
  private final boolean localMode;

  ReportingService(
      ReportingStore store,
      MonthlyReportBuilder builder,
      ReportSubmission submission,
      String countryC1,
      Clock clock) {
    this(store, builder, submission, countryC1, clock, submission == null);
  }

  /** @param localMode local mode: whatever is sent stays in the local network, never OpenPeppol */
  ReportingService(
      ReportingStore store,
      MonthlyReportBuilder builder,
      ReportSubmission submission,
      String countryC1,
      Clock clock,
      boolean localMode) {
    this.localMode = localMode;
    this.store = store;
    this.builder = builder;
    this.submission = submission;
    this.countryC1 = countryC1;
    this.clock = clock;
  }

  /** Whether reports are sent at all (in local mode only with gateway.reporting.send-in-local-mode). */
  public boolean sends() {
    return submission != null;
  }

  /** Whether reports reach OpenPeppol: sent, and not in local mode. */
  public boolean sendsToOpenPeppol() {
    return submission != null && !localMode;
  }

  /** What the operator must know about where reports go, or empty when they go to OpenPeppol. */
  public Optional<String> destinationNote() {
    if (submission == null) {
      return Optional.of("Reports are built, validated and kept here, and not sent to OpenPeppol in local mode");
    }
    return localMode
        ? Optional.of("Reports are sent inside the local network"
            + " (gateway.reporting.send-in-local-mode), and not sent to OpenPeppol in local mode")
        : Optional.empty();
  }

  public ReportingPeriod currentPeriod() {
    return new ReportingPeriod(YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC)));
  }

  /** A month that has not ended yet (UTC) can only be previewed. */
  public boolean isUnfinished(ReportingPeriod p) {
    return !p.month().isBefore(currentPeriod().month());
  }

  /** The months with kept reports, newest first, states brought up to date with the outbox. */
  public List<MonthView> months() {
    store.refreshSentStates();
    Map<String, MonthView> byPeriod = new LinkedHashMap<>();
    for (Report r : store.reports()) {
      byPeriod.computeIfAbsent(r.period(), p -> new MonthView(p, new ArrayList<>())).reports().add(r);
    }
    return List.copyOf(byPeriod.values());
  }

  /** One month's kept reports (TSR and EUSR). */
  public record MonthView(String period, List<Report> reports) {}

  /**
   * The XML of a month's report: the kept one, else (current month, or a past month not built
   * yet) built on the fly and not kept. Empty for a future month.
   */
  public Optional<Preview> xml(ReportingPeriod p, ReportKind kind) {
    if (p.month().isAfter(currentPeriod().month())) {
      return Optional.empty();
    }
    if (!isUnfinished(p)) {
      store.refreshSentStates();
      Optional<Report> kept = store.report(p.toString(), kind.name());
      if (kept.isPresent() && kept.get().document() != null) {
        return Optional.of(new Preview(kept.get().document(), false, kept.get().state().name(),
            problems(kept.get().problems())));
      }
    }
    MonthlyReportBuilder.Built b = build(p, kind);
    return b.xml() == null
        ? Optional.of(new Preview(null, true, ReportState.FAILED.name(), b.problems()))
        : Optional.of(new Preview(b.xml(), true, b.valid() ? "PREVIEW" : ReportState.FAILED.name(), b.problems()));
  }

  /** A report's XML and whether it was built on the fly for this answer. */
  public record Preview(String xml, boolean onTheFly, String state, List<String> problems) {}

  private MonthlyReportBuilder.Built build(ReportingPeriod p, ReportKind kind) {
    List<ReportingStore.Item> items = store.items(p.start(), p.end());
    return kind == ReportKind.TSR ? builder.buildTsr(p, items) : builder.buildEusr(p, items);
  }

  /** What a build-and-send did. */
  public record Outcome(String period, boolean sent, String message, Map<String, Report> reports) {}

  /**
   * Builds and validates both reports of a finished month (again, if they were built before),
   * keeps them, and sends them unless one fails validation or the gateway is in local mode.
   *
   * @throws IllegalArgumentException for a month that has not ended
   */
  public synchronized Outcome buildAndSend(ReportingPeriod p) {
    if (isUnfinished(p)) {
      throw new IllegalArgumentException(
          p + " has not ended (UTC); its reports can be previewed, not sent");
    }
    List<MonthlyReportBuilder.Built> built = List.of(build(p, ReportKind.TSR), build(p, ReportKind.EUSR));
    boolean allValid = true;
    for (MonthlyReportBuilder.Built b : built) {
      boolean ok = b.valid();
      allValid &= ok;
      store.saveReport(p.toString(), b.kind().name(), ok ? ReportState.VALIDATED : ReportState.FAILED,
          b.itemCount(), b.xml(), ok ? null : String.join("; ", b.problems()));
      if (!ok) {
        LOG.error("Peppol Reporting: the {} of {} failed validation and is not sent: {}", b.kind(), p,
            b.problems());
      }
    }
    String message;
    boolean sent = false;
    if (!allValid) {
      message = "Not sent: a report failed validation (see problems); nothing went to OpenPeppol";
    } else if (submission == null) {
      message = "Local mode: both reports were built, validated and kept; nothing is sent to OpenPeppol";
      LOG.info("Peppol Reporting: {} built and validated (local mode: not sent)", p);
    } else if (countryC1 == null) {
      message = "Not sent: set gateway.reporting.country (our country, COUNTRY_C1 of the reports)";
      for (MonthlyReportBuilder.Built b : built) {
        store.markFailed(p.toString(), b.kind().name(), message);
      }
      LOG.error("Peppol Reporting: {} not sent: gateway.reporting.country is not set", p);
    } else {
      for (MonthlyReportBuilder.Built b : built) {
        try {
          String id = submission.submit(p, b.kind(), b.xml(), countryC1, clock.instant());
          store.markSent(p.toString(), b.kind().name(), id);
        } catch (RuntimeException e) {
          store.markFailed(p.toString(), b.kind().name(), "could not be queued: " + e.getMessage());
          LOG.error("Peppol Reporting: the {} of {} could not be queued: {}", b.kind(), p, e.getMessage());
        }
      }
      sent = true;
      message = "Both reports validated and queued for OpenPeppol (state SENT until the receipt)";
      LOG.info("Peppol Reporting: {} validated and queued for sending", p);
    }
    Map<String, Report> now = new LinkedHashMap<>();
    for (ReportKind k : ReportKind.values()) {
      store.report(p.toString(), k.name()).ifPresent(r -> now.put(k.name(), r));
    }
    return new Outcome(p.toString(), sent, message, now);
  }

  /**
   * What the operator must look at for the previous month, or empty: a report that failed, or
   * (after the 15th, the specification's deadline) reports that were not sent — in local mode,
   * not built. Shown by the API and the CLI; the job also logs the late case loudly.
   */
  public Optional<String> attention() {
    ReportingPeriod previous = currentPeriod().previous();
    store.refreshSentStates();
    List<Report> kept = new ArrayList<>();
    for (ReportKind k : ReportKind.values()) {
      store.report(previous.toString(), k.name()).ifPresent(kept::add);
    }
    for (Report r : kept) {
      if (r.state() == ReportState.FAILED) {
        return Optional.of("The " + r.kind() + " of " + previous + " failed: " + r.problems()
            + ". Fix the cause and send again (POST /api/reporting/" + previous + "/send)");
      }
    }
    int day = clock.instant().atOffset(ZoneOffset.UTC).getDayOfMonth();
    boolean done =
        kept.size() == ReportKind.values().length
            && kept.stream().allMatch(r -> submission == null
                ? r.state() == ReportState.VALIDATED
                : r.state() == ReportState.SENT || r.state() == ReportState.DELIVERED);
    if (!done && day > MonthlyReportingJob.LAST_DAY) {
      return Optional.of("Late: the reports of " + previous + " were due by the "
          + MonthlyReportingJob.LAST_DAY + "th and have not been " + (submission == null ? "built" : "sent")
          + ". Send them now (POST /api/reporting/" + previous + "/send)");
    }
    return Optional.empty();
  }

  private static List<String> problems(String s) {
    return s == null || s.isBlank() ? List.of() : List.of(s.split("; "));
  }

  ReportingStore store() {
    return store;
  }
}
