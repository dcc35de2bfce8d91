package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import se.peppolgw.ap.ops.security.OperatorRole;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;

/** {@code /ops/audit}: the newest entries of the audit trail; admin role only. */
public final class AuditPage {
  static final int ROWS = 300;

  private final OpsContext ctx;
  private final PageWriter pages;

  AuditPage(OpsContext ctx, PageWriter pages) {
    this.ctx = ctx;
    this.pages = pages;
  }

  void get(Caller c, HttpServletResponse resp) throws IOException {
    if (!c.operator().may(OperatorRole.ADMIN)) {
      pages.message(resp, 403, c, "Forbidden", "Not allowed", "The audit trail needs the admin role.", true);
      return;
    }
    pages.write(resp, 200, "ops/audit.jte", pages.frame(c, "Audit", "Audit"), ctx.service().audit().recent(null, ROWS));
  }
}
