package se.peppolgw.ap.ops.web;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.peppolgw.ap.ops.AuditTrail;
import se.peppolgw.ap.ops.Verdict;
import se.peppolgw.ap.ops.security.Operator;
import se.peppolgw.ap.outbound.Outbound;
import se.peppolgw.ap.outbound.OutboundRejection;
import se.peppolgw.ap.outbound.OutboundService.Accepted;
import se.peppolgw.ap.outbound.RoutingOverrides;
import se.peppolgw.ap.outbound.SenderScope;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.OperatorAction;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.OutboxStore;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.DashboardCounts;
import se.peppolgw.ap.store.TransmissionLinks;
import se.peppolgw.ap.store.TransmissionLinks.Link;
import se.peppolgw.ap.store.TransmissionQuery;
import se.peppolgw.ap.store.TransmissionStore;

/**
 * What the operator views and the API share: reading a transmission with everything about it, and
 * the actions (retry now, cancel, resend, re-deliver), each audited.
 */
public final class OpsService {
  private final TransmissionStore store;
  private final TransmissionQuery query;
  private final TransmissionLinks links;
  private final DashboardCounts counts;
  private final Outbound outbound;
  private final Runnable wakeHandover;
  private final AuditTrail audit;
  private final Clock clock;

  public OpsService(
      TransmissionStore store,
      TransmissionQuery query,
      TransmissionLinks links,
      DashboardCounts counts,
      Outbound outbound,
      Runnable wakeHandover,
      AuditTrail audit,
      Clock clock) {
    this.store = store;
    this.query = query;
    this.links = links;
    this.counts = counts;
    this.outbound = outbound;
    this.wakeHandover = wakeHandover;
    this.audit = audit;
    this.clock = clock;
  }

  public TransmissionStore store() {
    return store;
  }

  public TransmissionQuery query() {
    return query;
  }

  public TransmissionLinks links() {
    return links;
  }

  public DashboardCounts counts() {
    return counts;
  }

  public AuditTrail audit() {
    return audit;
  }

  public Clock clock() {
    return clock;
  }

  /** A transmission with its timeline, verdict, queue entry, links and stored payload kinds. */
  public record Detail(
      Transmission transmission,
      List<TimelineEvent> timeline,
      Verdict verdict,
      Optional<OutboxStore.Entry> outboxEntry,
      List<Link> links,
      List<PayloadKind> payloads) {}

  public Optional<Detail> detail(String id, java.time.ZoneId zone) {
    Optional<Transmission> t = store.find(id);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    List<TimelineEvent> timeline = store.timeline(id);
    Optional<OutboxStore.Entry> entry =
        t.get().direction() == Direction.OUT ? outbound.outbox().entry(id) : Optional.empty();
    List<PayloadKind> kinds = links.payloadKinds(id);
    return Optional.of(
        new Detail(
            t.get(),
            timeline,
            Verdict.of(t.get(), timeline, entry.map(OutboxStore.Entry::nextAttemptAt), zone),
            entry,
            links.links(id),
            kinds));
  }

  // ------------------------------------------------------------------ actions

  public ActionResult retryNow(Operator op, String id, String remote) {
    Optional<Transmission> t = outboundOnly(id);
    ActionResult r;
    if (t.isEmpty()) {
      r = ActionResult.refused(404, "No outbound transmission " + id, id);
    } else if (t.get().state().allows(OperatorAction.RETRY_NOW) && outbound.outbox().retryNow(id, op.name())) {
      outbound.worker().wake();
      r = ActionResult.done("Retry requested: the next attempt starts now", id);
    } else {
      r = ActionResult.refused(409, "Cannot retry in state " + t.get().state()
          + " (being sent right now, delivered or cancelled)", id);
    }
    return audited(op, "RETRY", id, r, remote);
  }

  public ActionResult cancel(Operator op, String id, String remote) {
    Optional<Transmission> t = outboundOnly(id);
    ActionResult r;
    if (t.isEmpty()) {
      r = ActionResult.refused(404, "No outbound transmission " + id, id);
    } else if (t.get().state().allows(OperatorAction.CANCEL) && outbound.outbox().cancel(id, op.name())) {
      r = ActionResult.done("Cancelled: it will not be sent", id);
    } else {
      r = ActionResult.refused(409, "Cannot cancel in state " + t.get().state()
          + " (only pending or waiting sends can be cancelled)", id);
    }
    return audited(op, "CANCEL", id, r, remote);
  }

  /**
   * A new transmission of the same document (or of {@code corrected}), to the same receiver with
   * the same document type and process, validated like any other, linked to the original.
   */
  public ActionResult resend(Operator op, String id, byte[] corrected, String remote) {
    Optional<Transmission> t = outboundOnly(id);
    ActionResult r;
    if (t.isEmpty()) {
      r = ActionResult.refused(404, "No outbound transmission " + id, id);
    } else {
      Transmission o = t.get();
      byte[] doc = corrected != null ? corrected : store.payload(id, PayloadKind.DOCUMENT).orElse(null);
      if (TransmissionActions.of(o).resend() == TransmissionActions.Resend.IN_FLIGHT) {
        // a second copy would race the original's next attempt: wait for delivered, failed or cancelled
        r = ActionResult.refused(409, "Transmission " + id + " is still being sent (" + o.state()
            + "); resend once it is delivered, failed or cancelled", id);
      } else if (doc == null) {
        r = ActionResult.refused(409, "Transmission " + id + " has no stored document", id);
      } else {
        try {
          Accepted a =
              outbound.service().submit(
                  doc,
                  new RoutingOverrides(o.senderId(), o.receiverId(), o.documentTypeId(), o.processId(),
                      o.c1Country()),
                  false,
                  "operator " + op.name() + ": resend of " + id + (corrected != null ? " (corrected document)" : ""),
                  // the sender is the original's (fixed above), accepted when it was first submitted
                  SenderScope.of("operator " + op.name(), List.of(o.senderId()), List.of()));
          links.link(id, a.transmissionId(), "RESEND", op.name());
          store.appendEvent(
              id,
              TimelineEvent.of(
                      EventType.NOTE,
                      "Resent by " + op.name() + " as transmission " + a.transmissionId()
                          + (corrected != null ? " with a corrected document" : ""))
                  .withCode("RESENT"));
          r = new ActionResult(201, "Resent as a new transmission", a.transmissionId(),
              Map.of("originalId", id, "sbdhInstanceId", a.sbdhInstanceId()));
        } catch (OutboundRejection e) {
          r = new ActionResult(e.status(), e.title() + ": " + e.detail(), id, e.extra());
        }
      }
    }
    return audited(op, "RESEND", id, r, remote);
  }

  public ActionResult redeliver(Operator op, String id, String remote) {
    Optional<Transmission> t = store.find(id).filter(x -> x.direction() == Direction.IN);
    ActionResult r;
    if (t.isEmpty()) {
      r = ActionResult.refused(404, "No inbound transmission " + id, id);
    } else if (t.get().state().allows(OperatorAction.REDELIVER) && store.inbox().requestRedelivery(id, op.name())) {
      wakeHandover.run();
      r = ActionResult.done("Re-delivery to the back office requested", id);
    } else {
      r = ActionResult.refused(409, "Cannot re-deliver a " + t.get().state()
          + " transmission: it never reached the back office", id);
    }
    return audited(op, "REDELIVER", id, r, remote);
  }

  private Optional<Transmission> outboundOnly(String id) {
    return store.find(id).filter(x -> x.direction() == Direction.OUT);
  }

  private ActionResult audited(Operator op, String action, String id, ActionResult r, String remote) {
    audit.record(op.name(), action, id, r.ok() ? "OK" : "REFUSED_" + r.status(),
        r.message() + (r.ok() && !id.equals(r.transmissionId()) ? " -> " + r.transmissionId() : ""), remote);
    return r;
  }

  Instant now() {
    return clock.instant();
  }
}
