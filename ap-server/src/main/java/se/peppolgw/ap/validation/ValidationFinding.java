package se.peppolgw.ap.validation;

/**
 * One failed rule.
 *
 * @param ruleId the rule identifier (e.g. {@code BR-16}, {@code PEPPOL-EN16931-R001}) or, for a
 *     schema error, a short code
 * @param severity {@code error} or {@code warning}
 * @param location where in the document (an XPath for Schematron rules, line/column for XSD)
 * @param message the rule's text
 */
public record ValidationFinding(String ruleId, String severity, String location, String message) {
  public boolean isError() {
    return "error".equals(severity);
  }
}
