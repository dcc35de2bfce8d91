package se.peppolgw.ap.validation;

import java.util.List;

/**
 * The result of validating one document against one Peppol BIS rule set.
 *
 * @param ruleSet the phive rule set coordinate used (e.g. {@code eu.peppol.bis3:invoice:2025.11.0})
 * @param errors failed rules that block sending
 * @param warnings failed rules that do not block sending (kept on the timeline)
 * @param durationMillis how long the validation took
 */
public record ValidationReport(
    String ruleSet, List<ValidationFinding> errors, List<ValidationFinding> warnings, long durationMillis) {
  public ValidationReport {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  public boolean isValid() {
    return errors.isEmpty();
  }
}
