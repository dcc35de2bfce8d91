package se.peppolgw.ap.desk.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** What every desk page shows around its content (who is logged in, the CSRF token) and its formats. */
public record DeskView(String operator, String role, String csrf, boolean localMode, ZoneId zone) {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  public String time(Instant at) {
    return at == null ? "" : TIME.format(at.atZone(zone));
  }

  public String date(LocalDate d) {
    return d == null ? "" : d.toString();
  }

  /** A quantity without trailing zeros (120, 2.5). */
  public String num(BigDecimal d) {
    return d == null ? "" : d.stripTrailingZeros().toPlainString();
  }

  public String orderLink(String transmissionId) {
    return "/ops/desk/orders/" + transmissionId;
  }
}
