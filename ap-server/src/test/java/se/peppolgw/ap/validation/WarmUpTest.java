package se.peppolgw.ap.validation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Issue 16: the warm-up must reach the Schematron rules. Its invoice passes the UBL schema, so
 * the business rules run (and fail) and are compiled before the first real invoice; a sample that
 * fails the schema stops there (the first real invoice then took 6.5 s, the second 0.2 s).
 */
class WarmUpTest {
  @Test
  void theWarmUpInvoicePassesTheSchemaSoTheBusinessRulesRun() throws Exception {
    ValidationReport r =
        new PeppolBisValidator()
            .validate("Invoice", PeppolBisValidator.BILLING, PeppolBisValidator.schemaValidInvoice());
    assertFalse(r.isValid(), "the sample is not a real invoice");
    assertTrue(r.errors().stream().noneMatch(f -> f.ruleId().equals("XSD") || f.ruleId().equals("XML")),
        r.errors()::toString);
    assertTrue(r.errors().stream().anyMatch(f -> f.ruleId().startsWith("BR-") || f.ruleId().startsWith("PEPPOL-")),
        r.errors()::toString);
  }
}
