package se.peppolgw.ap.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.validation.PeppolRuleCalendar.Release;

/** The start-up check: is the newest bundled Peppol BIS release older than the one in force? */
class RuleSetFreshnessTest {

  private static PeppolBisValidator validatorOn(String day, PeppolRuleCalendar calendar) {
    return new PeppolBisValidator(
        Clock.fixed(Instant.parse(day + "T12:00:00Z"), ZoneOffset.UTC), calendar);
  }

  /** The standard calendar plus a release the bundled phive-rules-peppol does not carry. */
  private static PeppolRuleCalendar withFutureRelease() {
    List<Release> r = new ArrayList<>(PeppolRuleCalendar.PEPPOL_BIS3);
    r.add(new Release("2026.11", LocalDate.of(2027, 2, 22), "test"));
    return new PeppolRuleCalendar(r);
  }

  @Test
  void theBundledRulesAreCurrentToday() {
    RuleSetFreshness f = validatorOn("2026-12-06", PeppolRuleCalendar.standard()).freshness();
    assertEquals("2026.5", f.inForceVersion());
    assertEquals("2026.5", f.newestBundledVersion());
    assertFalse(f.stale());
    assertEquals(List.of(), f.undated());
    assertTrue(f.warning().isEmpty());
  }

  @Test
  void beforeTheMandatoryDayANewerBundledReleaseIsNotStale() {
    RuleSetFreshness f = validatorOn("2026-08-23", PeppolRuleCalendar.standard()).freshness();
    assertEquals("2025.11", f.inForceVersion());
    assertEquals("2026.5", f.newestBundledVersion());
    assertFalse(f.stale());
    assertTrue(f.warning().isEmpty());
  }

  @Test
  void aReleaseInForceThatIsNotBundledIsStale() {
    RuleSetFreshness before = validatorOn("2027-02-21", withFutureRelease()).freshness();
    assertFalse(before.stale(), "2026.11 is not mandatory before 2027-02-22");

    PeppolBisValidator v = validatorOn("2027-02-22", withFutureRelease());
    RuleSetFreshness f = v.freshness();
    assertTrue(f.stale());
    assertEquals("2026.11", f.inForceVersion());
    assertEquals("2026.5", f.newestBundledVersion());
    String w = f.warning().orElseThrow();
    assertTrue(w.contains("2026.11") && w.contains("2027-02-22") && w.contains("2026.5"), w);
  }

  @Test
  void staleRulesStillValidateWithTheNewestBundledRelease() throws Exception {
    PeppolBisValidator v = validatorOn("2027-03-01", withFutureRelease());
    assertEquals(
        "eu.peppol.bis3:invoice:2026.5",
        v.ruleSetFor("Invoice", PeppolRuleSetsInForceTest.BILLING).getAsSingleID());
  }

  @Test
  void aBundledReleaseTheCalendarDoesNotKnowIsReportedAndNotUsed() throws Exception {
    PeppolRuleCalendar old =
        new PeppolRuleCalendar(PeppolRuleCalendar.PEPPOL_BIS3.subList(0, 2)); // to 2025.11
    PeppolBisValidator v = validatorOn("2026-12-06", old);
    RuleSetFreshness f = v.freshness();
    assertFalse(f.stale());
    assertEquals(List.of("2026.5"), f.undated());
    String w = f.warning().orElseThrow();
    assertTrue(w.contains("2026.5") && w.contains("PeppolRuleCalendar"), w);
    assertEquals(
        "eu.peppol.bis3:invoice:2025.11",
        v.ruleSetFor("Invoice", PeppolRuleSetsInForceTest.BILLING).getAsSingleID());
  }

  @Test
  void beforeTheFirstReleaseNothingIsInForce() {
    RuleSetFreshness f = validatorOn("2020-01-01", PeppolRuleCalendar.standard()).freshness();
    assertEquals("none", f.inForceVersion());
    assertFalse(f.stale());
  }

  @Test
  void theCalendarNeedsARelease() {
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> new PeppolRuleCalendar(List.of()));
  }
}
