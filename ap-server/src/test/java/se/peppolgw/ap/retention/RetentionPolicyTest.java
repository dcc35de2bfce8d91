package se.peppolgw.ap.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.store.RetentionStore.DocumentTypes;

class RetentionPolicyTest {
  static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  static final ZoneId ZONE = ZoneOffset.UTC;

  @Test
  void invoicesAreKeptSevenYearsAfterTheirYearWhateverIsConfigured() {
    RetentionPolicy p =
        new RetentionPolicy(Map.of("invoice", Duration.ofDays(30), "order", Duration.ofDays(30)), ZONE);
    assertEquals(Instant.parse("2019-01-01T00:00:00Z"), p.purgeBefore("invoice", NOW).orElseThrow());
    assertEquals(NOW.minus(Duration.ofDays(30)), p.purgeBefore("order", NOW).orElseThrow());
    assertTrue(p.purgeBefore("credit-note", NOW).isEmpty(), "not configured: kept forever");
    RetentionPolicy longer = new RetentionPolicy(Map.of("credit-note", Duration.ofDays(365 * 12)), ZONE);
    assertTrue(longer.purgeBefore("credit-note", NOW).orElseThrow().isBefore(Instant.parse("2015-01-01T00:00:00Z")));
  }

  @Test
  void inAnotherZoneTheLegalYearStartsAtItsMidnight() {
    ZoneId stockholm = ZoneId.of("Europe/Stockholm");
    RetentionPolicy p = new RetentionPolicy(Map.of("invoice", Duration.ofDays(1)), stockholm);
    assertEquals(Instant.parse("2018-12-31T23:00:00Z"), p.purgeBefore("invoice", NOW).orElseThrow());
  }

  @Test
  void everyKindHasItsDocumentTypesAndOtherIsWhatNoneCovers() {
    for (String kind : RetentionPolicy.KINDS) {
      DocumentTypes t = RetentionPurge.types(kind);
      if (kind.equals("other")) {
        assertTrue(t.anyOf().isEmpty());
        assertEquals(RetentionPolicy.KINDS.size() - 1, t.noneOf().size());
      } else {
        assertEquals(1, t.anyOf().size(), kind);
        assertTrue(t.noneOf().isEmpty());
      }
    }
    assertEquals(List.of("%::CreditNote##%"), RetentionPurge.types("credit-note").anyOf());
    assertThrows(IllegalArgumentException.class, () -> RetentionPurge.types("catalogue"));
  }
}
