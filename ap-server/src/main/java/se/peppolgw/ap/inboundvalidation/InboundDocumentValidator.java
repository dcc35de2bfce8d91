package se.peppolgw.ap.inboundvalidation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.xml.stream.XMLStreamException;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.InboundValidation;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.ValidationOutcome;
import se.peppolgw.ap.validation.NoRuleSetException;
import se.peppolgw.ap.validation.PeppolBisValidator;
import se.peppolgw.ap.validation.ValidationFinding;
import se.peppolgw.ap.validation.ValidationReport;

/**
 * Validates one received business document against the Peppol rule set of its CustomizationID
 * (the same {@link PeppolBisValidator} outbound documents pass) and says what goes on the
 * timeline. A document for which no rule set exists is {@code NOT_VALIDATED} with the reason, not
 * failed: the gateway cannot judge it, so it does not reject it.
 */
public final class InboundDocumentValidator {
  /** At most this many findings get a timeline entry each; all of them are stored. */
  static final int EVENTS_PER_KIND = 20;

  private final PeppolBisValidator validator;
  private final Clock clock;

  public InboundDocumentValidator(PeppolBisValidator validator, Clock clock) {
    this.validator = validator;
    this.clock = clock;
  }

  /** The result and its timeline events. */
  public record Checked(InboundValidation result, List<TimelineEvent> events) {}

  public Checked check(String transmissionId, byte[] document) {
    DocumentHead head;
    try {
      head = DocumentHead.of(document);
    } catch (XMLStreamException e) {
      return notValidated(transmissionId, "The business document is not readable XML: " + e.getMessage());
    }
    ValidationReport report;
    try {
      report = validator.validate(head.rootLocalName(), head.customizationId(), document);
    } catch (NoRuleSetException e) {
      return notValidated(transmissionId, e.getMessage());
    } catch (RuntimeException e) {
      // a document the rule engine cannot even run on: not judged, and said so (never retried
      // forever, never silently passed)
      return notValidated(transmissionId, "Validation could not run: " + e.getMessage());
    }
    List<ValidationFinding> findings = new ArrayList<>(report.errors());
    findings.addAll(report.warnings());
    ValidationOutcome outcome =
        !report.errors().isEmpty()
            ? ValidationOutcome.FAILED
            : report.warnings().isEmpty() ? ValidationOutcome.PASSED : ValidationOutcome.WARNINGS;
    InboundValidation result =
        new InboundValidation(
            transmissionId, outcome, report.ruleSet(), null, report.errors().size(),
            report.warnings().size(), findings, report.durationMillis(), clock.instant());
    return new Checked(result, events(result));
  }

  /** The result for a stored message whose document bytes are gone (a damaged row). */
  public Checked documentMissing(String transmissionId) {
    return notValidated(transmissionId, "The stored business document is missing from the database");
  }

  private Checked notValidated(String id, String reason) {
    InboundValidation v =
        new InboundValidation(
            id, ValidationOutcome.NOT_VALIDATED, null, reason, 0, 0, List.of(), null, clock.instant());
    return new Checked(
        v,
        List.of(
            TimelineEvent.of(EventType.NOTE, "Not validated after receipt: " + reason)
                .withCode(ValidationOutcome.NOT_VALIDATED.name())));
  }

  private static List<TimelineEvent> events(InboundValidation v) {
    List<TimelineEvent> out = new ArrayList<>();
    if (v.outcome() == ValidationOutcome.FAILED) {
      out.add(
          TimelineEvent.of(
                  EventType.VALIDATION_FAILED,
                  "Validation after receipt failed against " + v.ruleSet() + ": "
                      + v.errorCount() + " error(s) ("
                      + v.errors().stream().map(ValidationFinding::ruleId).distinct()
                          .collect(Collectors.joining(", "))
                      + "), " + v.warningCount() + " warning(s)")
              .withCode(v.ruleSet())
              .withDuration(v.durationMs()));
      v.errors().stream().limit(EVENTS_PER_KIND).forEach(
          f -> out.add(TimelineEvent.of(EventType.VALIDATION_FAILED, f.message() + " at " + f.location())
              .withCode(f.ruleId())));
    } else {
      out.add(
          TimelineEvent.of(
                  EventType.VALIDATED,
                  "Valid after receipt against " + v.ruleSet() + " (" + v.warningCount()
                      + " warnings)")
              .withCode(v.ruleSet())
              .withDuration(v.durationMs()));
    }
    v.warnings().stream().limit(EVENTS_PER_KIND).forEach(
        f -> out.add(TimelineEvent.of(EventType.VALIDATION_WARNING, f.message() + " at " + f.location())
            .withCode(f.ruleId())));
    return out;
  }
}
