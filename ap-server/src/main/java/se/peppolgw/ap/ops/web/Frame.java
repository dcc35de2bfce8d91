package se.peppolgw.ap.ops.web;

import java.time.ZoneId;
import se.peppolgw.ap.ops.security.OperatorRole;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;

/**
 * What the shared layout (ops/layout.jte) needs besides the page: title, the active navigation entry,
 * who is logged in (null on the login and error pages before a login), local mode, the zone every time
 * is shown in, and how often the page reloads itself (0: never).
 */
public record Frame(
    String title, String active, Caller caller, boolean localMode, ZoneId zone, int refreshSeconds) {

  public boolean loggedIn() {
    return caller != null;
  }

  public String who() {
    return caller == null ? "" : caller.operator().name() + " (" + caller.operator().role().label() + ")";
  }

  public boolean admin() {
    return caller != null && caller.operator().may(OperatorRole.ADMIN);
  }

  /** May use the supplier's desk (clerks, operators, admins). */
  public boolean clerk() {
    return caller != null && caller.operator().may(OperatorRole.CLERK);
  }

  public boolean mayAct() {
    return caller != null && caller.operator().may(OperatorRole.OPERATOR);
  }

  /** The session's CSRF token for forms that change something; empty for token callers. */
  public String csrf() {
    return caller == null || caller.csrf() == null ? "" : caller.csrf();
  }

  public boolean canLogOut() {
    return caller != null && caller.session() != null;
  }

  public Frame withRefresh(int seconds) {
    return new Frame(title, active, caller, localMode, zone, seconds);
  }
}
