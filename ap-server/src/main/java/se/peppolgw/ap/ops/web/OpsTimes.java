package se.peppolgw.ap.ops.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the operator UI writes times (always with their zone) and durations ("3.2 s"). */
public final class OpsTimes {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private OpsTimes() {}

  /** "2026-01-02 11:00:00 +01:00"; "UTC" for a zero offset; empty for null. */
  public static String at(Instant i, ZoneId zone) {
    if (i == null) {
      return "";
    }
    var z = i.atZone(zone);
    return TS.format(z) + " " + z.getOffset().getId().replace("Z", "UTC");
  }

  /** "850 ms", "3.2 s", "2 min 5 s", "3 h 10 min". */
  public static String duration(long millis) {
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long s = millis / 1000;
    if (s < 3600) {
      return s / 60 + " min " + s % 60 + " s";
    }
    return s / 3600 + " h " + s % 3600 / 60 + " min";
  }
}
