package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.TransmissionQuery.Cursor;
import se.peppolgw.ap.store.TransmissionQuery.Filter;
import se.peppolgw.ap.store.TransmissionQuery;
import se.peppolgw.ap.store.TransmissionState;

/**
 * The list filters as query parameters, the same for the UI and the API: {@code direction}
 * (in/out), {@code state} (comma-separated; {@code pending} and {@code failed} are groups),
 * {@code documentType} (alias or identifier), {@code counterpart}, {@code from} / {@code to}
 * (dates, inclusive, or instants), {@code q} (any identifier), {@code businessDuplicate=true}
 * (received business duplicates only), {@code limit}, {@code cursor},
 * {@code reportingMonth} / {@code reportingSp} (what a Peppol Reporting month counts).
 */
public final class FilterParams {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  /** State values per request (after splitting at commas); more is not a person using a form. */
  public static final int MAX_STATE_VALUES = 32;
  /** Identifiers, aliases, dates and cursors are far shorter; longer text is refused. */
  static final int MAX_VALUE_LENGTH = 256;
  /** Parameters that take one value: a repeated one is refused rather than silently picking one. */
  private static final List<String> SINGLE_VALUED =
      List.of("direction", "documentType", "counterpart", "from", "to", "q", "limit", "cursor", "before", "target", "order",
          "reportingMonth", "reportingSp", "businessDuplicate");

  private FilterParams() {}

  /** @throws IllegalArgumentException naming the bad parameter */
  static Filter filter(HttpServletRequest req, ZoneId zone) {
    Direction dir = null;
    String d = single(req, "direction");
    if (d != null) {
      dir =
          switch (d.toLowerCase(Locale.ROOT)) {
            case "in", "inbound" -> Direction.IN;
            case "out", "outbound" -> Direction.OUT;
            default -> throw new IllegalArgumentException("direction must be in or out, not '" + cut(d) + "'");
          };
    }
    String docType = single(req, "documentType");
    String counterpart = single(req, "counterpart");
    if (counterpart != null) {
      counterpart = counterpart.replaceFirst("(?i)^iso6523-actorid-upis::", "");
    }
    return new Filter(
        dir,
        states(req),
        docType == null ? null : DocumentTypeAliases.expand(docType),
        counterpart,
        time("from", single(req, "from"), zone, false),
        time("to", single(req, "to"), zone, true),
        single(req, "q"),
        reportingSlice(single(req, "reportingMonth"), single(req, "reportingSp")),
        flag(req, "businessDuplicate"));
  }

  /**
   * {@code reportingMonth=yyyy-MM} (the UTC month of Peppol Reporting) and optionally {@code
   * reportingSp} (the other access point's seat id): the transmissions a month's reports count.
   */
  static TransmissionQuery.ReportingSlice reportingSlice(String month, String sp) {
    if (month == null) {
      if (sp != null) {
        throw new IllegalArgumentException("reportingSp needs reportingMonth");
      }
      return null;
    }
    java.time.YearMonth m;
    try {
      m = month.matches("[0-9]{4}-[0-9]{2}") ? java.time.YearMonth.parse(month) : null;
    } catch (DateTimeException e) {
      m = null;
    }
    if (m == null) {
      throw new IllegalArgumentException("reportingMonth must be yyyy-MM, not '" + cut(month) + "'");
    }
    return new TransmissionQuery.ReportingSlice(
        m.atDay(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC),
        m.plusMonths(1).atDay(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC),
        sp);
  }

  /**
   * The {@code state} values, repeated or comma-separated, de-duplicated; unknown states and more
   * than {@link #MAX_STATE_VALUES} values are refused.
   */
  static List<TransmissionState> states(HttpServletRequest req) {
    String[] given = req.getParameterValues("state");
    Set<TransmissionState> states = EnumSet.noneOf(TransmissionState.class);
    if (given == null) {
      return List.of();
    }
    int count = 0;
    for (String value : given) {
      if (value.length() > MAX_VALUE_LENGTH) {
        throw new IllegalArgumentException("state: value longer than " + MAX_VALUE_LENGTH + " characters");
      }
      for (String part : value.split(",")) {
        String p = part.trim().toUpperCase(Locale.ROOT);
        if (p.isEmpty()) {
          continue;
        }
        if (++count > MAX_STATE_VALUES) {
          throw new IllegalArgumentException("state: at most " + MAX_STATE_VALUES + " values");
        }
        switch (p) {
          case "PENDING_ALL" -> states.addAll(List.of(TransmissionState.PENDING, TransmissionState.SENDING, TransmissionState.RETRY_WAIT));
          case "FAILED_ALL" -> states.addAll(List.of(TransmissionState.FAILED, TransmissionState.REJECTED));
          default -> {
            try {
              states.add(TransmissionState.valueOf(p));
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException("state: unknown state '" + cut(part.trim()) + "'");
            }
          }
        }
      }
    }
    return List.copyOf(states);
  }

  /** A yes/no parameter: {@code true}, {@code 1} or {@code on} (a checkbox); absent or {@code false} is no. */
  static boolean flag(HttpServletRequest req, String name) {
    String v = single(req, name);
    if (v == null) {
      return false;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1", "on" -> true;
      case "false", "0" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, not '" + cut(v) + "'");
    };
  }

  static int limit(HttpServletRequest req) {
    String v = single(req, "limit");
    if (v == null) {
      return DEFAULT_LIMIT;
    }
    return (int) bounded("limit", v, 1, MAX_LIMIT);
  }

  static Cursor cursor(HttpServletRequest req) {
    String v = single(req, "cursor");
    return v == null ? null : Cursor.decode(v);
  }

  /**
   * A whole number in {@code [min, max]}; anything else (sign tricks, 10^100, decimals) is an
   * {@link IllegalArgumentException} naming the parameter and the range.
   */
  static long bounded(String name, String v, long min, long max) {
    return se.peppolgw.ap.api.QueryNumbers.bounded(name, v, min, max);
  }


  /**
   * The one value of a single-valued parameter, trimmed, null when absent or blank; refused when
   * repeated or longer than {@link #MAX_VALUE_LENGTH}.
   */
  static String single(HttpServletRequest req, String name) {
    String[] values = req.getParameterValues(name);
    if (values == null || values.length == 0) {
      return null;
    }
    if (values.length > 1 && SINGLE_VALUED.contains(name)) {
      throw new IllegalArgumentException(name + " may be given only once");
    }
    String v = blank(values[0]);
    if (v != null && v.length() > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException(name + " is longer than " + MAX_VALUE_LENGTH + " characters");
    }
    return v;
  }

  private static String cut(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  /** A date means the start of that day ({@code from}) or the start of the next one ({@code to}). */
  private static Instant time(String name, String v, ZoneId zone, boolean endExclusive) {
    v = blank(v);
    if (v == null) {
      return null;
    }
    try {
      if (v.length() == 10) {
        LocalDate day = LocalDate.parse(v);
        return (endExclusive ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
      }
      return Instant.parse(v);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(name + " must be a date (2026-11-20) or an instant (2026-11-20T10:00:00Z)");
    }
  }

  static String blank(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
