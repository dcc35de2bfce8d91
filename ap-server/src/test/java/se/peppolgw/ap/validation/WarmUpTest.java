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
  void everyWarmUpSamplePassesTheSchemaSoTheBusinessRulesRun() throws Exception {
    PeppolBisValidator v = new PeppolBisValidator();
    for (String[] s : PeppolBisValidator.warmUpSamples()) {
      check(s[0], v.validate(s[0], s[1], s[2].getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
  }

  private static void check(String root, ValidationReport r) {
    assertFalse(r.isValid(), root + ": the sample is not a real document");
    assertTrue(r.errors().stream().noneMatch(f -> f.ruleId().equals("XSD") || f.ruleId().equals("XML")),
        () -> root + ": " + r.errors());
    assertTrue(r.errors().stream().anyMatch(f -> f.ruleId().startsWith("BR-") || f.ruleId().startsWith("PEPPOL-")),
        () -> root + ": " + r.errors());
  }
}
