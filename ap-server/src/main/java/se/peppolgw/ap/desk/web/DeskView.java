package se.peppolgw.ap.desk.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;
import se.peppolgw.ap.ops.web.Frame;

/**
 * What every desk page shows around its content (who is logged in, the CSRF token) and its formats.
 * The frame around it is the operator UI's shared layout ({@link #frame}).
 */
public record DeskView(Caller caller, boolean localMode, ZoneId zone) {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  public String operator() {
    return caller.operator().name();
  }

  public String role() {
    return caller.operator().role().label();
  }

  public String csrf() {
    return caller.csrf();
  }

  /** The shared layout's frame for a desk page ("Desk" marked in the navigation). */
  public Frame frame(String title) {
    return new Frame(title, "Desk", caller, localMode, zone, 0);
  }

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
