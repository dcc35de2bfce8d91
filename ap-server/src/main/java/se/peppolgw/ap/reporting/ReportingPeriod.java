package se.peppolgw.ap.reporting;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A reporting month. The Peppol Reporting specification counts an exchange in the month of its
 * UTC timestamp (the library's items carry {@code exchangeDTUTC}; the report's StartDate/EndDate
 * are UTC dates), whatever the local time zone of the service provider: a message received at
 * 00:30 Stockholm time on 1 March (23:30 UTC on 28 February) belongs to February.
 */
public record ReportingPeriod(YearMonth month) {

  /** The month from {@code yyyy-MM}, or empty when the text is not one. */
  public static Optional<ReportingPeriod> parse(String text) {
    if (text == null || !text.matches("[0-9]{4}-[0-9]{2}")) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ReportingPeriod(YearMonth.parse(text)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The month an instant belongs to (its UTC month). */
  public static ReportingPeriod of(Instant at) {
    return new ReportingPeriod(YearMonth.from(at.atOffset(ZoneOffset.UTC)));
  }

  /** First instant of the month (inclusive). */
  public Instant start() {
    return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /** First instant of the next month (exclusive). */
  public Instant end() {
    return month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  public ReportingPeriod previous() {
    return new ReportingPeriod(month.minusMonths(1));
  }

  @Override
  public String toString() {
    return month.toString();
  }
}
