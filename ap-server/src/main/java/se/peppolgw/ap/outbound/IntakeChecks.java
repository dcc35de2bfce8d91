package se.peppolgw.ap.outbound;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.validation.NoRuleSetException;
import se.peppolgw.ap.validation.PeppolBisValidator;
import se.peppolgw.ap.validation.ValidationFinding;
import se.peppolgw.ap.validation.ValidationReport;

/**
 * What every outbound document must pass before it is stored, with nothing stored: it parses, its
 * sender is one the submitter may send for, it is valid Peppol BIS (unless validation is off or
 * skipped as configuration allows) and it keeps the buyers' own rules. {@link OutboundService}
 * stores what passes; the supplier's desk previews with {@link #preview}.
 */
final class IntakeChecks {
  // logged under OutboundService's name, as before the split: the category operators filter on
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutboundService.class);

  private final OutboundParser parser;
  private final PeppolBisValidator validator;
  private final ValidationPolicy policy;
  private final OutboundCheck buyerRules;
  private volatile LongConsumer validationMillis = ms -> {};

  /**
   * A document that passed, with what the timeline records about its intake (how it came, the
   * MLS it asks for, the validation, the buyer rules applied).
   */
  record Passed(ParsedOutbound parsed, List<ValidationFinding> warnings, List<TimelineEvent> events) {}

  IntakeChecks(PeppolBisValidator validator, ValidationPolicy policy, OutboundParser parser, OutboundCheck buyerRules) {
    this.parser = parser;
    this.validator = validator;
    this.policy = policy;
    this.buyerRules = buyerRules;
  }

  /** Told how long each Peppol BIS validation took (metrics). */
  void onValidation(LongConsumer listener) {
    this.validationMillis = listener;
  }

  /**
   * The checks of a submission.
   *
   * @throws OutboundRejection 400 for unusable input or a refused skip, 403 for a sender outside
   *     {@code scope}, 422 for failed validation
   */
  Passed check(byte[] body, RoutingOverrides overrides, boolean skipValidation, String origin, SenderScope scope)
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
    if (p.mlsType() != null) {
      events.add(
          TimelineEvent.of(
                  EventType.MLS_REQUESTED,
                  "The SBDH asks the receiver's access point for a Message Level Status ("
                      + p.mlsType() + ")")
              .withCode(p.mlsType()));
    }
    List<ValidationFinding> warnings = List.of();
    ValidationReport report = null;
    if (policy.enabled() && !skipValidation) {
      report = bisReport(p);
    }
    // the buyers' rules apply to every document, validated or not; reported beside the BIS rules
    OutboundCheck.Result rules = buyerRules.check(p);
    if ((report != null && !report.isValid()) || !rules.passed()) {
      throw rejection(report, rules, scope);
    }
    if (rules.profileId() != null) {
      events.add(
          TimelineEvent.of(
                  EventType.NOTE,
                  "Buyer rules " + rules.profileId() + " (" + rules.profileName() + ") applied: "
                      + rules.rulesChecked() + " rule(s) passed")
              .withCode(rules.profileId()));
    }
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
    return new Passed(p, warnings, events);
  }

  /** The same checks (validation as configured, never skipped) for a preview; the BIS warnings. */
  List<ValidationFinding> preview(byte[] body, RoutingOverrides overrides, SenderScope scope)
      throws OutboundRejection {
    ParsedOutbound p = parser.parse(body, overrides);
    if (!scope.allows(p.routing().senderId())) {
      throw scope.refusal(p.routing().senderId());
    }
    ValidationReport report = policy.enabled() ? bisReport(p) : null;
    OutboundCheck.Result rules = buyerRules.check(p);
    if ((report != null && !report.isValid()) || !rules.passed()) {
      throw rejection(report, rules, scope);
    }
    return report == null ? List.of() : report.warnings();
  }

  private ValidationReport bisReport(ParsedOutbound p) throws OutboundRejection {
    try {
      ValidationReport report = validator.validate(p.rootLocalName(), p.customizationId(), p.document());
      validationMillis.accept(report.durationMillis());
      return report;
    } catch (NoRuleSetException e) {
      throw new OutboundRejection(
          422,
          "No validation rule set",
          e.getMessage() + "; this gateway sends Peppol BIS 3 documents only",
          Map.of("errors", List.of()));
    }
  }

  /** One 422 naming the failed Peppol BIS rules and, beside them, the failed buyer rules. */
  private static OutboundRejection rejection(ValidationReport report, OutboundCheck.Result rules, SenderScope scope) {
    List<Map<String, Object>> errors = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    if (report != null) {
      for (ValidationFinding f : report.errors()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.ruleId());
        m.put("severity", f.severity());
        m.put("location", f.location());
        m.put("message", f.message());
        errors.add(m);
        if (!ids.contains(f.ruleId())) {
          ids.add(f.ruleId());
        }
      }
    }
    List<Map<String, Object>> buyer = new ArrayList<>();
    for (OutboundCheck.Violation v : rules.violations()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", v.ruleId());
      m.put("location", v.location());
      m.put("message", v.messageEn());
      m.put("messageSv", v.messageSv());
      buyer.add(m);
      if (!ids.contains(v.ruleId())) {
        ids.add(v.ruleId());
      }
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    if (report != null) {
      extra.put("ruleSet", report.ruleSet());
      extra.put("warnings", report.warnings());
    }
    extra.put("errors", errors);
    if (rules.profileId() != null) {
      extra.put("buyerProfile", rules.profileId());
      extra.put("buyerRules", buyer);
    }
    LOG.info("Outbound: refused a document from {}: failed rules {}", scope.submitter(), ids);
    return new OutboundRejection(
        422,
        "Validation failed",
        ids.size() + " rule(s) failed"
            + (report != null && !report.isValid() ? " (Peppol BIS " + report.ruleSet() + ")" : "")
            + (rules.passed() ? "" : " (buyer rules " + rules.profileId() + ")") + ": " + String.join(", ", ids),
        extra);
  }
}
