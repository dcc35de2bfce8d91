package se.peppolgw.ap.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.peppolgw.ap.config.GatewayConfig;

/**
 * How long each document kind is kept. Invoices and credit notes are accounting records: kept for
 * the rest of their year plus seven calendar years at least, whatever is configured. Kinds without
 * a setting are kept forever.
 */
public record RetentionPolicy(Map<String, Duration> byKind, ZoneId zone) {
  /** The kinds of document, each with its own retention; "other" is every type none of the others covers. */
  public static final List<String> KINDS =
      List.of("invoice", "credit-note", "order", "order-response", "despatch-advice", "other");

  static final int LEGAL_YEARS = 7;

  public static RetentionPolicy fromConfig(GatewayConfig c, ZoneId zone) {
    Map<String, Duration> m = new LinkedHashMap<>();
    for (String k : KINDS) {
      c.retention().days(k).ifPresent(d -> m.put(k, Duration.ofDays(Math.max(1, d))));
    }
    return new RetentionPolicy(Map.copyOf(m), zone);
  }

  public boolean isEmpty() {
    return byKind.isEmpty();
  }

  /** Documents of this kind created before the instant may be purged; empty: keep all. */
  public Optional<Instant> purgeBefore(String kind, Instant now) {
    Duration d = byKind.get(kind);
    if (d == null) {
      return Optional.empty();
    }
    Instant configured = now.minus(d);
    if (isAccountingRecord(kind)) {
      Instant legal = legalLimit(now);
      return Optional.of(configured.isBefore(legal) ? configured : legal);
    }
    return Optional.of(configured);
  }

  /** Start of the year seven years before this one: anything older has served its years. */
  Instant legalLimit(Instant now) {
    int year = LocalDate.ofInstant(now, zone).getYear();
    return LocalDate.of(year - LEGAL_YEARS, 1, 1).atStartOfDay(zone).toInstant();
  }

  static boolean isAccountingRecord(String kind) {
    return kind.equals("invoice") || kind.equals("credit-note");
  }
}
