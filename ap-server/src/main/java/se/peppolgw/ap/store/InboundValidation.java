package se.peppolgw.ap.store;

import java.time.Instant;
import java.util.List;
import se.peppolgw.ap.validation.ValidationFinding;

/**
 * The stored validation result of one received business document (inbound_validation, V63).
 *
 * @param ruleSet the phive rule set used, or null when not validated
 * @param reason why the document was not validated, or null
 * @param findings every failed rule, errors first
 */
public record InboundValidation(
    String transmissionId,
    ValidationOutcome outcome,
    String ruleSet,
    String reason,
    int errorCount,
    int warningCount,
    List<ValidationFinding> findings,
    Long durationMs,
    Instant validatedAt) {
  public InboundValidation {
    findings = List.copyOf(findings);
  }

  /** The failed rules of severity error. */
  public List<ValidationFinding> errors() {
    return findings.stream().filter(ValidationFinding::isError).toList();
  }

  /** The failed rules of severity warning. */
  public List<ValidationFinding> warnings() {
    return findings.stream().filter(f -> !f.isError()).toList();
  }
}
