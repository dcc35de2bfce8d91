package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import se.peppolgw.ap.ops.security.OperatorRole;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;
import se.peppolgw.ap.store.Transmission;

/**
 * {@code POST /ops/transmissions/{id}/{retry|cancel|redeliver|resend}}: operator role, the session's
 * CSRF token, audited by OpsService. A resend of a delivered transmission needs {@code confirm=second-copy}
 * (sent by the confirmation page); without it the confirmation page is shown and nothing is sent.
 */
public final class TransmissionPost {
  static final String CONFIRM_FIELD = "confirm";
  static final String CONFIRM_VALUE = "second-copy";

  private final OpsContext ctx;
  private final PageWriter pages;
  private final TransmissionPage detail;

  TransmissionPost(OpsContext ctx, PageWriter pages, TransmissionPage detail) {
    this.ctx = ctx;
    this.pages = pages;
    this.detail = detail;
  }

  void post(Caller c, String id, String action, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!c.operator().may(OperatorRole.OPERATOR)) {
      pages.message(resp, 403, c, "Forbidden", "Not allowed",
          "Role " + c.operator().role().label() + " may only look; actions need the operator role.", true);
      return;
    }
    if (!c.csrfOk(req)) {
      pages.message(resp, 403, c, "Forbidden", "Not allowed", "Missing or wrong CSRF token: reload the page and try again.", true);
      return;
    }
    String remote = req.getRemoteAddr();
    ActionResult r =
        switch (action) {
          case "retry" -> ctx.service().retryNow(c.operator(), id, remote);
          case "cancel" -> ctx.service().cancel(c.operator(), id, remote);
          case "redeliver" -> ctx.service().redeliver(c.operator(), id, remote);
          case "resend" -> {
            if (needsConfirmation(id) && !CONFIRM_VALUE.equals(req.getParameter(CONFIRM_FIELD))) {
              detail.confirmResend(c, id, resp);
              yield null;
            }
            String doc = FilterParams.blank(req.getParameter("document"));
            yield ctx.service().resend(c.operator(), id, doc == null ? null : doc.getBytes(StandardCharsets.UTF_8), remote);
          }
          default -> {
            pages.message(resp, 404, c, "Not found", "Not found", "No such page or transmission.", false);
            yield null;
          }
        };
    if (r == null) {
      return;
    }
    String target = r.transmissionId() == null ? id : r.transmissionId();
    Optional<ActionBanner> banner = ActionBanner.forAction(action);
    if (r.ok() && banner.isPresent()) {
      resp.sendRedirect("/ops/transmissions/" + URLEncoder.encode(target, StandardCharsets.UTF_8) + "?done=" + banner.get().code());
    } else {
      detail.get(c, target, r.status(), r.message(), req, resp);
    }
  }

  private boolean needsConfirmation(String id) {
    Optional<Transmission> t = ctx.service().store().find(id);
    return t.isPresent() && TransmissionActions.of(t.get()).resend() == TransmissionActions.Resend.CONFIRM;
  }
}
