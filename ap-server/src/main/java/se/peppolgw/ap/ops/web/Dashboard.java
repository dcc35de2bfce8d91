package se.peppolgw.ap.ops.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import se.peppolgw.ap.mls.MlsWatch;
import se.peppolgw.ap.ops.DocumentKinds;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.DashboardCounts;
import se.peppolgw.ap.store.DashboardCounts.Backlog;
import se.peppolgw.ap.store.DashboardCounts.Count;
import se.peppolgw.ap.validation.RuleSetFreshness;

/**
 * The figures on the operator's start page. {@code unauthenticatedRefusals24h}: AS4 requests
 * without an authenticated sender refused in the last 24 hours (counted, mostly not stored one by
 * one; see UnauthenticatedRefusals). {@code peppolRulesWarning}: set when the bundled Peppol BIS
 * rules are older than the release in force (see RuleSetFreshness), else null. {@code smpSelfCheck}:
 * the last SMP self-check in brief (see SelfCheckJson.summary). {@code reportingWarning}: the
 * previous month's Peppol Reporting failed or is late, else null. {@code mls}: Message Level
 * Status answers overdue, rejections and unmatched ones (docs/mls.md).
 */
public record Dashboard(
    Instant at,
    Map<String, Figures> last24h,
    Map<String, Figures> last7d,
    Backlog outbox,
    Backlog handover,
    Instant certificateNotAfter,
    long certificateDaysLeft,
    boolean localMode,
    long unauthenticatedRefusals24h,
    String peppolRulesInForce,
    String peppolRulesWarning,
    Map<String, Object> smpSelfCheck,
    String reportingWarning,
    MlsWatch.Figures mls) {

  /** Received / sent / failed / pending for one document type (or "all"). */
  public record Figures(long received, long sent, long failed, long pending) {
    Figures plus(Figures o) {
      return new Figures(received + o.received, sent + o.sent, failed + o.failed, pending + o.pending);
    }
  }

  public static Dashboard build(
      DashboardCounts q,
      Clock clock,
      Instant certNotAfter,
      boolean localMode,
      RuleSetFreshness rules,
      Map<String, Object> smpSelfCheck,
      String reportingWarning,
      MlsWatch.Figures mls) {
    Instant now = clock.instant();
    return new Dashboard(
        now,
        byType(q.countsSince(now.minus(Duration.ofHours(24)))),
        byType(q.countsSince(now.minus(Duration.ofDays(7)))),
        q.outboxBacklog(),
        q.handoverBacklog(),
        certNotAfter,
        Duration.between(now, certNotAfter).toDays(),
        localMode,
        q.unauthenticatedRefusalsSince(now.minus(Duration.ofHours(24))),
        rules.inForceVersion(),
        rules.warning().orElse(null),
        smpSelfCheck,
        reportingWarning,
        mls);
  }

  private static Map<String, Figures> byType(List<Count> counts) {
    Map<String, Figures> m = new TreeMap<>();
    Figures all = new Figures(0, 0, 0, 0);
    for (Count c : counts) {
      Figures f = figures(c);
      m.merge(DocumentKinds.alias(c.documentTypeId()), f, Figures::plus);
      all = all.plus(f);
    }
    m.put("all", all);
    return m;
  }

  private static Figures figures(Count c) {
    long n = c.count();
    if (c.direction() == Direction.IN) {
      return switch (c.state()) {
        case REJECTED -> new Figures(0, 0, n, 0);
        case DUPLICATE -> new Figures(0, 0, 0, 0);
        default -> new Figures(n, 0, 0, 0);
      };
    }
    return switch (c.state()) {
      case DELIVERED -> new Figures(0, n, 0, 0);
      case FAILED -> new Figures(0, 0, n, 0);
      case PENDING, SENDING, RETRY_WAIT -> new Figures(0, 0, 0, n);
      default -> new Figures(0, 0, 0, 0);
    };
  }
}
