package se.peppolgw.ap.ops;

import jakarta.servlet.http.HttpServletRequest;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.TransmissionQuery.Cursor;
import se.peppolgw.ap.store.TransmissionQuery.Filter;
import se.peppolgw.ap.store.TransmissionState;

/**
 * The list filters as query parameters, the same for the UI and the API: {@code direction}
 * (in/out), {@code state} (comma-separated; {@code pending} and {@code failed} are groups),
 * {@code documentType} (alias or identifier), {@code counterpart}, {@code from} / {@code to}
 * (dates, inclusive, or instants), {@code q} (any identifier), {@code limit}, {@code cursor}.
 */
final class FilterParams {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private FilterParams() {}

  /** @throws IllegalArgumentException naming the bad parameter */
  static Filter filter(HttpServletRequest req, ZoneId zone) {
    Direction dir = null;
    String d = blank(req.getParameter("direction"));
    if (d != null) {
      dir =
          switch (d.toLowerCase(Locale.ROOT)) {
            case "in", "inbound" -> Direction.IN;
            case "out", "outbound" -> Direction.OUT;
            default -> throw new IllegalArgumentException("direction must be in or out, not '" + d + "'");
          };
    }
    List<TransmissionState> states = new ArrayList<>();
    String s = blank(req.getParameter("state"));
    if (s != null) {
      for (String part : s.split(",")) {
        String p = part.trim().toUpperCase(Locale.ROOT);
        switch (p) {
          case "" -> { }
          case "PENDING_ALL" -> states.addAll(List.of(TransmissionState.PENDING, TransmissionState.SENDING, TransmissionState.RETRY_WAIT));
          case "FAILED_ALL" -> states.addAll(List.of(TransmissionState.FAILED, TransmissionState.REJECTED));
          default -> {
            try {
              states.add(TransmissionState.valueOf(p));
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException("state: unknown state '" + part.trim() + "'");
            }
          }
        }
      }
    }
    String docType = blank(req.getParameter("documentType"));
    String counterpart = blank(req.getParameter("counterpart"));
    if (counterpart != null) {
      counterpart = counterpart.replaceFirst("(?i)^iso6523-actorid-upis::", "");
    }
    return new Filter(
        dir,
        states,
        docType == null ? null : DocumentTypeAliases.expand(docType),
        counterpart,
        time("from", req.getParameter("from"), zone, false),
        time("to", req.getParameter("to"), zone, true),
        blank(req.getParameter("q")));
  }

  static int limit(HttpServletRequest req) {
    String v = blank(req.getParameter("limit"));
    if (v == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 1 || n > MAX_LIMIT) {
        throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit must be a whole number");
    }
  }

  static Cursor cursor(HttpServletRequest req) {
    String v = blank(req.getParameter("cursor"));
    return v == null ? null : Cursor.decode(v);
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
