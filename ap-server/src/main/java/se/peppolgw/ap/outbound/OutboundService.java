package se.peppolgw.ap.outbound;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.OutboxStore;
import se.peppolgw.ap.store.OutboxStore.NewOutbound;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.validation.NoRuleSetException;
import se.peppolgw.ap.validation.PeppolBisValidator;
import se.peppolgw.ap.validation.ValidationFinding;
import se.peppolgw.ap.validation.ValidationReport;

/**
 * Accepting an outbound document: parse, derive routing, validate, then store it with its queue
 * entry in one transaction. Whatever fails before the commit leaves nothing behind; once {@link
 * #submit} returns, the document is durable and will be sent (or end visibly FAILED).
 */
public final class OutboundService {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutboundService.class);
  private final OutboundParser parser;
  private final PeppolBisValidator validator;
  private final ValidationPolicy policy;
  private final OutboxStore outbox;
  private final Runnable wakeWorker;

  public OutboundService(
      OutboundParser parser,
      PeppolBisValidator validator,
      ValidationPolicy policy,
      OutboxStore outbox,
      Runnable wakeWorker) {
    this.parser = parser;
    this.validator = validator;
    this.policy = policy;
    this.outbox = outbox;
    this.wakeWorker = wakeWorker;
  }

  /** What the caller gets back. */
  public record Accepted(
      String transmissionId, String sbdhInstanceId, Routing routing, List<ValidationFinding> warnings) {}

  /**
   * @param skipValidation the caller asked not to validate (refused unless configuration allows)
   * @param origin where the document came from, for the timeline (e.g. "API", "folder x.xml")
   * @param scope the sender participants this submitter may send for
   * @throws OutboundRejection 400 for unusable input, 403 for a sender outside {@code scope}, 422
   *     for failed validation
   */
  public Accepted submit(
      byte[] body, RoutingOverrides overrides, boolean skipValidation, String origin, SenderScope scope)
      throws OutboundRejection {
    if (skipValidation && !policy.allowSkipPerRequest()) {
      throw new OutboundRejection(
          400,
          "Validation cannot be skipped",
          "This gateway does not allow skipping Peppol BIS validation per request"
              + " (gateway.outbound.validation.allow-skip=false); remove validate=false");
    }
    ParsedOutbound p = parser.parse(body, overrides);
    String sender = p.routing().senderId();
    if (!scope.allows(sender)) {
      LOG.warn("Outbound: refused a document from {} for sender {}: not a sender it may send for",
          scope.submitter(), sender);
      throw scope.refusal(sender);
    }
    List<TimelineEvent> events = new ArrayList<>();
    events.add(TimelineEvent.of(EventType.NOTE, "Submitted via " + origin
        + (p.submittedAsSbd() ? " as a complete SBD" : " as a UBL document; SBD built here")));
    List<ValidationFinding> warnings = List.of();
    if (!policy.enabled()) {
      events.add(
          TimelineEvent.of(
                  EventType.NOTE,
                  "Not validated: Peppol BIS validation is switched off by configuration"
                      + " (gateway.outbound.validation.enabled=false)")
              .withCode("VALIDATION_OFF"));
    } else if (skipValidation) {
      events.add(
          TimelineEvent.of(
                  EventType.NOTE,
                  "Not validated: the client asked to skip Peppol BIS validation (validate=false),"
                      + " allowed by gateway.outbound.validation.allow-skip")
              .withCode("VALIDATION_SKIPPED"));
    } else {
      ValidationReport report = validate(p);
      warnings = report.warnings();
      events.add(
          TimelineEvent.of(
                  EventType.VALIDATED,
                  "Valid against " + report.ruleSet() + " (" + report.warnings().size()
                      + " warnings)")
              .withCode(report.ruleSet())
              .withDuration(report.durationMillis()));
      for (ValidationFinding w : report.warnings()) {
        events.add(
            TimelineEvent.of(EventType.VALIDATION_WARNING, w.message() + " at " + w.location())
                .withCode(w.ruleId()));
      }
    }
    Routing r = p.routing();
    String id =
        outbox.enqueue(
            new NewOutbound(
                r.senderId(),
                r.receiverId(),
                r.documentTypeId(),
                r.processId(),
                r.countryC1(),
                p.sbdhInstanceId(),
                p.businessId(),
                p.orderRef(),
                p.buyerRef(),
                p.sbd(),
                p.document(),
                events));
    wakeWorker.run();
    return new Accepted(id, p.sbdhInstanceId(), r, warnings);
  }

  private ValidationReport validate(ParsedOutbound p) throws OutboundRejection {
    ValidationReport report;
    try {
      report = validator.validate(p.rootLocalName(), p.customizationId(), p.document());
    } catch (NoRuleSetException e) {
      throw new OutboundRejection(
          422,
          "No validation rule set",
          e.getMessage() + "; this gateway sends Peppol BIS 3 documents only",
          Map.of("errors", List.of()));
    }
    if (!report.isValid()) {
      List<Map<String, Object>> errors = new ArrayList<>();
      for (ValidationFinding f : report.errors()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.ruleId());
        m.put("severity", f.severity());
        m.put("location", f.location());
        m.put("message", f.message());
        errors.add(m);
      }
      throw new OutboundRejection(
          422,
          "Validation failed",
          report.errors().size() + " Peppol BIS rule(s) failed (" + report.ruleSet() + "): "
              + String.join(", ", report.errors().stream().map(ValidationFinding::ruleId).distinct().toList()),
          Map.of("ruleSet", report.ruleSet(), "errors", errors, "warnings", report.warnings()));
    }
    return report;
  }
}
