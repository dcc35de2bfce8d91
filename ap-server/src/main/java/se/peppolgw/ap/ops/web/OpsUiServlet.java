package se.peppolgw.ap.ops.web;

import se.peppolgw.ap.ops.AuditTrail;
import se.peppolgw.ap.ops.DocumentKinds;
import se.peppolgw.ap.ops.PunchoutLog;
import se.peppolgw.ap.ops.security.LoginForms;
import se.peppolgw.ap.ops.security.OperatorRole;
import se.peppolgw.ap.ops.security.OpsAuth;
import se.peppolgw.ap.ops.security.SameOrigin;

import static se.peppolgw.ap.ops.web.Html.esc;
import static se.peppolgw.ap.ops.web.Html.url;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.PayloadKind;
import se.peppolgw.ap.store.StoreException;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionQuery.Filter;
import se.peppolgw.ap.store.TransmissionQuery.Link;
import se.peppolgw.ap.store.TransmissionQuery.Page;
import se.peppolgw.ap.store.TransmissionState;

/**
 * The operator UI under /ops: server-rendered HTML, no JavaScript; every page needs a login,
 * every form that changes something carries the session's CSRF token.
 */
public final class OpsUiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OpsUiServlet.class);

  private final transient OpsContext ctx;
  private final transient ReportingPage reporting;

  public OpsUiServlet(OpsContext ctx) {
    this.ctx = ctx;
    this.reporting = new ReportingPage(ctx, this::html);
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = Optional.ofNullable(req.getPathInfo()).orElse("/");
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    // same-origin: browsers then send the real Origin with our own form posts (no-referrer makes
    // it "null", which SameOrigin must refuse), and still send no referrer to other sites
    resp.setHeader("Referrer-Policy", "same-origin");
    resp.setHeader(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    if (path.equals("/static/ops.css")) {
      resp.setContentType("text/css;charset=utf-8");
      resp.setHeader("Cache-Control", "max-age=3600");
      resp.getWriter().write(Html.CSS);
      return;
    }
    Optional<Caller> caller;
    try {
      if (path.equals("/login")) {
        login(req, resp);
        return;
      }
      // sessions and login counters are in the database: without it nobody can log in or be known
      caller = ctx.auth().caller(req);
    } catch (StoreException e) {
      databaseUnavailable(null, resp);
      return;
    }
    if (caller.isEmpty()) {
      if (req.getMethod().equals("GET")) {
        String next = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
        resp.sendRedirect("/ops/login?next=" + url(next));
      } else {
        resp.sendError(401);
      }
      return;
    }
    Caller c = caller.get();
    try {
      if (req.getMethod().equals("POST")) {
        post(c, path, req, resp);
      } else if (req.getMethod().equals("GET")) {
        get(c, path, req, resp);
      } else {
        resp.setHeader("Allow", "GET, POST");
        resp.sendError(405);
      }
    } catch (IllegalArgumentException e) {
      html(resp, 400, c, "Bad request", "", "<h1>Bad request</h1><p class=\"msg err\">" + esc(e.getMessage()) + "</p>");
    } catch (StoreException e) {
      databaseUnavailable(c, resp);
    }
  }

  // -------------------------------------------------------------------- login

  private void login(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    // checked before any session exists: a refused target falls back to the dashboard
    String next = OpsRedirects.nextOrHome(req.getParameter("next"));
    if (req.getMethod().equals("POST")) {
      String refusal = LoginForms.refusal(req);
      if (!refusal.isEmpty()) {
        LOG.info("Login form refused from {}: {}", req.getRemoteAddr(), refusal.replaceAll("\\p{Cntrl}", "?"));
        loginForm(req, resp, 403, next, "This login form expired or was not sent from this site; log in again.");
        return;
      }
      OpsAuth.LoginResult result =
          ctx.auth().login(req.getParameter("username"), req.getParameter("password"), req, resp);
      if (result instanceof OpsAuth.LoginResult.LoggedIn) {
        resp.addHeader("Set-Cookie", LoginForms.clearCookie());
        resp.sendRedirect(next);
      } else if (result instanceof OpsAuth.LoginResult.Throttled t) {
        long seconds = Math.max(1, (t.retryAfter().toMillis() + 999) / 1000);
        resp.setHeader("Retry-After", Long.toString(seconds));
        loginForm(req, resp, 429, next,
            "Too many failed logins from here: wait " + seconds + " seconds before the next try.");
      } else {
        loginForm(req, resp, 401, next, "Wrong name or password.");
      }
      return;
    }
    loginForm(req, resp, 200, next, null);
  }

  private void loginForm(HttpServletRequest req, HttpServletResponse resp, int status, String next, String error)
      throws IOException {
    String token = LoginForms.issue(req, resp);
    String body =
        "<div class=\"login card\"><h1>Gateway operations</h1>"
            + (error == null ? "" : "<p class=\"msg err\" role=\"alert\">" + esc(error) + "</p>")
            + "<form method=\"post\" action=\"/ops/login\"><input type=\"hidden\" name=\"next\" value=\""
            + esc(next) + "\"><input type=\"hidden\" name=\"" + OpsAuth.CSRF_FIELD + "\" value=\"" + esc(token) + "\">"
            + "<label>Name<br><input name=\"username\" id=\"username\" autocomplete=\"username\" autofocus required></label>"
            + "<label>Password<br><input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>"
            + "<button class=\"primary\" type=\"submit\" id=\"login\">Log in</button></form></div>";
    html(resp, status, null, "Log in", "", body);
  }

  // --------------------------------------------------------------------- GET

  private void get(Caller c, String path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String[] p = path.replaceAll("^/+|/+$", "").split("/");
    switch (p[0]) {
      case "" -> dashboard(c, resp);
      case "transmissions" -> {
        if (p.length == 1) {
          list(c, req, resp);
        } else if (p.length == 2) {
          detail(c, p[1], req, resp);
        } else if (p.length == 3) {
          download(c, p[1], p[2], req, resp);
        } else {
          notFound(c, resp);
        }
      }
      case "chain" -> chain(c, req, resp);
      case "punchout" -> punchout(c, p.length > 1 ? p[1] : null, resp);
      case "audit" -> audit(c, resp);
      case "reporting" -> reporting.get(c, p, req, resp);
      case "mls" -> html(resp, 200, c, "Message Level Status", "", MlsPage.html(ctx.mls(), ctx.zone()));
      default -> notFound(c, resp);
    }
  }

  private void dashboard(Caller c, HttpServletResponse resp) throws IOException {
    Dashboard d = ctx.dashboard();
    StringBuilder b = new StringBuilder("<h1>Dashboard</h1><div class=\"grid\">");
    card(b, "Outbox backlog", d.outbox().size() + "", d.outbox().oldest() == null ? "nothing waiting"
        : "oldest waiting " + age(d.outbox().oldest(), d.at()));
    card(b, "Back office: not yet acknowledged", d.handover().size() + "", d.handover().oldest() == null
        ? "all acknowledged" : "oldest received " + age(d.handover().oldest(), d.at()) + " ago");
    card(b, "AP certificate", d.certificateDaysLeft() + " days",
        "valid until " + ts(d.certificateNotAfter()));
    Dashboard.Figures all = d.last24h().get("all");
    card(b, "Failed, last 24 h", all.failed() + "", "<a href=\"/ops/transmissions?state=FAILED_ALL&from="
        + java.time.LocalDate.now(ctx.zone()).minusDays(1) + "\">show them</a>");
    card(b, "Peppol Reporting", d.reportingWarning() == null ? "in order" : "attention",
        d.reportingWarning() == null ? "<a href=\"/ops/reporting\">monthly reports</a>"
            : "<span id=\"reporting-warning\">" + esc(d.reportingWarning())
                + "</span> <a href=\"/ops/reporting\">open Reporting</a>");
    b.append(MlsCard.html(d.mls()));
    b.append("</div>");
    if (d.peppolRulesWarning() != null) {
      b.append("<p class=\"msg err\" id=\"peppol-rules-warning\">")
          .append(esc(d.peppolRulesWarning())).append("</p>");
    } else {
      b.append("<p class=\"mut\" id=\"peppol-rules\">Peppol BIS rules: release ")
          .append(esc(d.peppolRulesInForce())).append(" in force and bundled</p>");
    }
    b.append(SmpSelfCheckPage.dashboardLine(ctx.smpSelfCheck().last(), ctx.zone()));
    if (d.unauthenticatedRefusals24h() > 0) {
      b.append("<p class=\"mut\">").append(String.format(java.util.Locale.ROOT, "%,d", d.unauthenticatedRefusals24h()))
          .append(" unauthenticated AS4 refusals in the last 24 h (junk or unsigned requests from"
              + " unknown senders; counted, only the first of each kind per minute is listed)</p>");
    }
    figures(b, "Last 24 hours", d.last24h());
    figures(b, "Last 7 days", d.last7d());
    html(resp, 200, c, "Dashboard", "Dashboard", b.toString());
  }

  private static void card(StringBuilder b, String title, String big, String sub) {
    b.append("<div class=\"card\"><div class=\"mut\">").append(esc(title)).append("</div><div class=\"big\">")
        .append(esc(big)).append("</div><div class=\"mut\">").append(sub).append("</div></div>");
  }

  private static void figures(StringBuilder b, String title, Map<String, Dashboard.Figures> m) {
    b.append("<h2>").append(esc(title)).append("</h2><table><thead><tr><th>Document type</th>")
        .append("<th class=\"num\">Received</th><th class=\"num\">Sent</th><th class=\"num\">Failed</th>")
        .append("<th class=\"num\">Pending</th></tr></thead><tbody>");
    m.forEach(
        (k, f) ->
            b.append("<tr><td>").append(k.equals("all") ? "<strong>All</strong>"
                    : "<a href=\"/ops/transmissions?documentType=" + url(k) + "\">" + esc(k) + "</a>")
                .append("</td><td class=\"num\">").append(f.received()).append("</td><td class=\"num\">")
                .append(f.sent()).append("</td><td class=\"num\">").append(f.failed())
                .append("</td><td class=\"num\">").append(f.pending()).append("</td></tr>"));
    b.append("</tbody></table>");
  }

  private void list(Caller c, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Filter f = FilterParams.filter(req, ctx.zone());
    Page page = ctx.service().query().list(f, FilterParams.cursor(req), FilterParams.limit(req));
    StringBuilder b = new StringBuilder("<h1>Transmissions</h1>");
    b.append("<form class=\"filters\" method=\"get\" action=\"/ops/transmissions\">");
    if (f.reporting() != null) {
      ReportingPage.listFilter(b, req);
    }
    select(b, "direction", "Direction", req.getParameter("direction"),
        new String[][] {{"", "any"}, {"in", "inbound"}, {"out", "outbound"}});
    String[][] states = new String[TransmissionState.values().length + 3][];
    states[0] = new String[] {"", "any"};
    states[1] = new String[] {"FAILED_ALL", "failed or rejected"};
    states[2] = new String[] {"PENDING_ALL", "pending (not yet delivered)"};
    for (int i = 0; i < TransmissionState.values().length; i++) {
      String s = TransmissionState.values()[i].name();
      states[i + 3] = new String[] {s, s.toLowerCase(java.util.Locale.ROOT)};
    }
    select(b, "state", "State", req.getParameter("state"), states);
    List<String> aliases = DocumentTypeAliases.all().keySet().stream().sorted().toList();
    String[][] types = new String[aliases.size() + 1][];
    types[0] = new String[] {"", "any"};
    for (int i = 0; i < aliases.size(); i++) {
      types[i + 1] = new String[] {aliases.get(i), aliases.get(i)};
    }
    select(b, "documentType", "Document type", req.getParameter("documentType"), types);
    input(b, "counterpart", "Counterpart participant", req.getParameter("counterpart"), "text", "0088:7365560000009");
    input(b, "from", "From", req.getParameter("from"), "date", "");
    input(b, "to", "To", req.getParameter("to"), "date", "");
    input(b, "q", "Any identifier", req.getParameter("q"), "search",
        "MessageId, InstanceIdentifier, order or invoice number, buyer reference");
    b.append("<label><input type=\"checkbox\" name=\"businessDuplicate\" value=\"true\" id=\"f-businessDuplicate\"")
        .append(f.businessDuplicatesOnly() ? " checked" : "").append("> business duplicates only</label>");
    b.append("<button class=\"primary\" type=\"submit\" id=\"filter\">Filter</button>")
        .append(" <a href=\"/ops/transmissions\">clear</a></form>");
    b.append("<table id=\"transmissions\"><thead><tr><th>Created</th><th>Dir</th><th>State</th><th>Type</th>")
        .append("<th>Number</th><th>Order</th><th>Counterpart</th><th>Error</th></tr></thead><tbody>");
    for (Transmission t : page.items()) {
      b.append("<tr><td class=\"ts\"><a href=\"/ops/transmissions/").append(esc(t.id())).append("\">")
          .append(esc(ts(t.createdAt()))).append("</a></td><td>").append(t.direction() == Direction.IN ? "in" : "out")
          .append("</td><td>").append(state(t.state())).append("</td><td>")
          .append(esc(DocumentKinds.alias(t.documentTypeId()))).append("</td><td>").append(esc(t.businessId()))
          .append(t.businessDuplicateOf() == null ? "" : " <span class=\"st DUPLICATE business-duplicate\" title=\"the same"
              + " business document was received before as " + esc(t.businessDuplicateOf()) + "\">business duplicate</span>")
          .append("</td><td>").append(t.orderRef() == null ? "" : "<a href=\"/ops/chain?order=" + url(t.orderRef())
              + "\">" + esc(t.orderRef()) + "</a>")
          .append("</td><td class=\"mono\">").append(esc(t.direction() == Direction.IN ? t.senderId() : t.receiverId()))
          .append("</td><td>").append(esc(t.errorCode())).append("</td></tr>");
    }
    if (page.items().isEmpty()) {
      b.append("<tr><td colspan=\"8\" class=\"mut\">No transmissions match.</td></tr>");
    }
    b.append("</tbody></table>");
    if (page.next().isPresent()) {
      String qs = req.getQueryString() == null ? "" : req.getQueryString().replaceAll("(^|&)cursor=[^&]*", "");
      b.append("<p><a id=\"next\" accesskey=\"n\" href=\"/ops/transmissions?").append(esc(qs))
          .append(qs.isEmpty() ? "" : "&amp;").append("cursor=").append(esc(page.next().get().encode()))
          .append("\">Older (Alt+N) →</a></p>");
    }
    html(resp, 200, c, "Transmissions", "Transmissions", b.toString());
  }

  private static void select(StringBuilder b, String name, String label, String value, String[][] options) {
    b.append("<label>").append(esc(label)).append("<select name=\"").append(name).append("\" id=\"f-").append(name).append("\">");
    for (String[] o : options) {
      b.append("<option value=\"").append(esc(o[0])).append('"')
          .append(o[0].equalsIgnoreCase(value == null ? "" : value) ? " selected" : "").append('>')
          .append(esc(o[1])).append("</option>");
    }
    b.append("</select></label>");
  }

  private static void input(StringBuilder b, String name, String label, String value, String type, String hint) {
    b.append("<label>").append(esc(label)).append("<input type=\"").append(type).append("\" name=\"").append(name)
        .append("\" id=\"f-").append(name).append("\" value=\"").append(esc(value)).append("\" placeholder=\"")
        .append(esc(hint)).append("\"").append(name.equals("q") ? " size=\"40\"" : "").append("></label>");
  }

  private void detail(Caller c, String id, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    detail(c, id, 200, null, req, resp);
  }

  /** The detail page; {@code refusal} is a server-made message shown as an error banner. */
  private void detail(Caller c, String id, int status, String refusal, HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    Optional<OpsService.Detail> od = ctx.service().detail(id, ctx.zone());
    if (od.isEmpty()) {
      notFound(c, resp);
      return;
    }
    OpsService.Detail d = od.get();
    Transmission t = d.transmission();
    StringBuilder b = new StringBuilder();
    // the banner text comes from the fixed set only (done=<code>); a refusal is passed in directly
    Optional<String> okText = ActionBanner.forCode(req.getParameter("done")).map(ActionBanner::text);
    if (refusal != null) {
      b.append("<p class=\"msg err\" role=\"status\" id=\"flash\">").append(esc(refusal)).append("</p>");
    } else if (okText.isPresent()) {
      b.append("<p class=\"msg ok\" role=\"status\" id=\"flash\">").append(esc(okText.get())).append("</p>");
    }
    b.append("<h1>").append(esc(DocumentKinds.title(t))).append(' ')
        .append(esc(t.businessId() == null ? "" : t.businessId())).append(" <span class=\"st ")
        .append(t.state()).append("\">").append(t.state()).append("</span></h1>");
    b.append("<div class=\"verdict ").append(d.verdict().tone()).append("\" id=\"verdict\"><strong>")
        .append(esc(d.verdict().headline())).append("</strong><br><span class=\"mut\">")
        .append(esc(d.verdict().side())).append("</span></div>");
    actions(b, c, d);
    b.append("<div class=\"grid\"><div class=\"card\"><h2>Identifiers</h2><dl>");
    dd(b, "Transmission id", t.id());
    dd(b, "Direction", t.direction() == Direction.IN ? "inbound (received)" : "outbound (sent)");
    dd(b, "SBDH InstanceIdentifier", t.sbdhInstanceId());
    dd(b, "AS4 MessageId", t.as4MessageId());
    dd(b, "AS4 ConversationId", t.as4ConversationId());
    dd(b, "Document number", t.businessId());
    dd(b, "Order number", t.orderRef());
    dd(b, "Buyer reference", t.buyerRef());
    dd(b, "Sender", t.senderId());
    dd(b, "Receiver", t.receiverId());
    dd(b, "Document type", t.documentTypeId());
    dd(b, "Process", t.processId());
    dd(b, "C1 country", t.c1Country());
    dd(b, "Remote access point", t.remoteAp());
    dd(b, "Remote address", t.remoteAddress());
    dd(b, "SBD", t.sbdSize() == null ? null : t.sbdSize() + " bytes, SHA-256 " + t.sbdSha256());
    dd(b, "Document", t.documentSize() == null ? null : t.documentSize() + " bytes, SHA-256 " + t.documentSha256());
    dd(b, "Error", t.errorCode() == null ? null : t.errorCode() + ": " + nz(t.errorDetail()));
    dd(b, "Created", ts(t.createdAt()));
    dd(b, "Updated", ts(t.updatedAt()));
    b.append("</dl>");
    if (t.duplicateOf() != null) {
      b.append("<p>Duplicate of <a href=\"/ops/transmissions/").append(esc(t.duplicateOf())).append("\">")
          .append(esc(t.duplicateOf())).append("</a></p>");
    }
    if (t.businessDuplicateOf() != null) {
      b.append("<p class=\"business-duplicate\">Business duplicate: the same document (sender, receiver, type,"
          + " number, invoice date) was received before as <a href=\"/ops/transmissions/")
          .append(esc(t.businessDuplicateOf())).append("\">").append(esc(t.businessDuplicateOf())).append("</a></p>");
    }
    for (Link l : d.links()) {
      boolean from = l.fromId().equals(t.id());
      String other = from ? l.toId() : l.fromId();
      b.append("<p class=\"link\">").append(from ? "Resent as " : "Resend of ")
          .append("<a href=\"/ops/transmissions/").append(esc(other)).append("\">").append(esc(other))
          .append("</a> by ").append(esc(l.actor())).append(" at ").append(esc(ts(l.at()))).append("</p>");
    }
    b.append("</div><div class=\"card\"><h2>Downloads</h2><ul>");
    for (PayloadKind k : d.payloads()) {
      b.append("<li><a href=\"/ops/transmissions/").append(esc(t.id())).append('/').append(Downloads.slug(k))
          .append("\" download>").append(esc(label(k))).append("</a></li>");
    }
    if (d.payloads().isEmpty()) {
      b.append("<li class=\"mut\">nothing stored</li>");
    }
    b.append("</ul>");
    boolean isOrder = "order".equals(DocumentKinds.alias(t.documentTypeId()));
    if (t.orderRef() != null || (isOrder && t.businessId() != null)) {
      String order = t.orderRef() != null ? t.orderRef() : t.businessId();
      b.append("<p><a href=\"/ops/chain?order=").append(url(order)).append("\">Document chain of order ")
          .append(esc(order)).append("</a></p>");
    }
    b.append("</div>");
    b.append(new MlsAnswerView(ctx.service().store()).html(t));
    b.append("</div>");
    timeline(b, d.timeline());
    ctx.service().store().payload(t.id(), PayloadKind.DOCUMENT).flatMap(BusinessDocument::parse)
        .ifPresent(doc -> rendered(b, doc));
    html(resp, status, c, DocumentKinds.title(t) + " " + nz(t.businessId()), "Transmissions", b.toString());
  }

  private static String label(PayloadKind k) {
    return switch (k) {
      case SBD -> "Standard Business Document (SBD)";
      case DOCUMENT -> "Business document (UBL)";
      case RECEIPT -> "Signed AS4 receipt";
      case ERROR_SIGNAL -> "AS4 error signal";
    };
  }

  private void actions(StringBuilder b, Caller c, OpsService.Detail d) {
    if (!c.operator().may(OperatorRole.OPERATOR)) {
      return;
    }
    Transmission t = d.transmission();
    String base = "/ops/transmissions/" + esc(t.id()) + "/";
    String csrf = "<input type=\"hidden\" name=\"" + OpsAuth.CSRF_FIELD + "\" value=\"" + esc(c.csrf()) + "\">";
    b.append("<div class=\"card actions\"><h2>Actions</h2>");
    if (t.direction() == Direction.IN) {
      if (t.state() == TransmissionState.HANDED_OVER || t.state() == TransmissionState.ACKNOWLEDGED
          || t.state() == TransmissionState.RECEIVED) {
        b.append("<form method=\"post\" action=\"").append(base).append("redeliver\">").append(csrf)
            .append("<button type=\"submit\" id=\"redeliver\">Re-deliver to the back office</button></form>");
      } else {
        b.append("<span class=\"mut\">Nothing to do: this message never reached the back office.</span>");
      }
    } else {
      TransmissionState s = t.state();
      if (s == TransmissionState.RETRY_WAIT || s == TransmissionState.PENDING || s == TransmissionState.FAILED) {
        b.append("<form method=\"post\" action=\"").append(base).append("retry\">").append(csrf)
            .append("<button type=\"submit\" id=\"retry\">Retry now</button></form>");
      }
      if (s == TransmissionState.RETRY_WAIT || s == TransmissionState.PENDING) {
        b.append("<form method=\"post\" action=\"").append(base).append("cancel\">").append(csrf)
            .append("<button type=\"submit\" id=\"cancel\">Cancel sending</button></form>");
      }
      b.append("<form method=\"post\" action=\"").append(base).append("resend\">").append(csrf)
          .append("<details><summary>Resend (optionally corrected)</summary><label>Corrected document (UBL XML;")
          .append(" leave empty to resend the stored one)<br><textarea name=\"document\" id=\"corrected\" rows=\"8\" cols=\"90\">")
          .append("</textarea></label><br></details><button type=\"submit\" class=\"primary\" id=\"resend\">Resend as a new transmission</button></form>");
    }
    b.append("</div>");
  }

  private void timeline(StringBuilder b, List<TimelineEvent> events) {
    b.append("<h2>Timeline</h2><table id=\"timeline\"><thead><tr><th>Time</th><th>+</th><th>Event</th><th>Code</th>")
        .append("<th class=\"num\">Duration</th><th>What happened</th></tr></thead><tbody>");
    Instant first = events.isEmpty() ? null : events.get(0).at();
    for (TimelineEvent e : events) {
      b.append("<tr><td class=\"mono ts\">").append(esc(ts(e.at())))
          .append("</td><td class=\"mono mut\">").append(first == null || e.at() == null ? ""
              : "+" + plus(Duration.between(first, e.at())))
          .append("</td><td>").append(esc(e.type())).append("</td><td class=\"mono\">").append(esc(e.code()))
          .append("</td><td class=\"num\">").append(e.durationMs() == null ? "" : OpsTimes.duration(e.durationMs()))
          .append("</td><td>").append(esc(e.message()));
      if (e.data() != null && !e.data().isBlank()) {
        b.append("<details><summary>details</summary><pre>").append(esc(pretty(e.data()))).append("</pre></details>");
      }
      b.append("</td></tr>");
    }
    b.append("</tbody></table>");
  }

  private static String plus(Duration d) {
    long ms = d.toMillis();
    return ms < 60_000 ? String.format(java.util.Locale.ROOT, "%.3fs", ms / 1000.0)
        : d.toMinutes() < 120 ? d.toMinutes() + "m" : d.toHours() + "h";
  }

  private static String pretty(String json) {
    try {
      return se.peppolgw.ap.api.Json.MAPPER.writerWithDefaultPrettyPrinter()
          .writeValueAsString(se.peppolgw.ap.api.Json.MAPPER.readTree(json));
    } catch (IOException e) {
      return json;
    }
  }

  private static void rendered(StringBuilder b, BusinessDocument doc) {
    b.append("<h2>Document: ").append(esc(doc.kind())).append("</h2><div class=\"grid\"><div class=\"card\"><dl>");
    doc.references().forEach((k, v) -> dd(b, k, v));
    b.append("</dl></div>");
    for (BusinessDocument.Party p : doc.parties()) {
      b.append("<div class=\"card\"><div class=\"mut\">").append(esc(p.role())).append("</div><strong>")
          .append(esc(p.name())).append("</strong><dl>");
      dd(b, "Endpoint", p.endpoint());
      dd(b, "VAT", p.vat());
      dd(b, "Address", p.address());
      b.append("</dl></div>");
    }
    b.append("</div>");
    if (!doc.lines().isEmpty()) {
      b.append("<table id=\"lines\"><thead><tr><th>#</th><th>Article</th><th>Name</th><th class=\"num\">Quantity</th>")
          .append("<th>Unit</th><th class=\"num\">Price</th><th class=\"num\">Amount</th></tr></thead><tbody>");
      for (BusinessDocument.Line l : doc.lines()) {
        b.append("<tr><td>").append(esc(l.id())).append("</td><td>").append(esc(l.article())).append("</td><td>")
            .append(esc(l.name())).append("</td><td class=\"num\">").append(esc(l.quantity())).append("</td><td>")
            .append(esc(l.unit())).append("</td><td class=\"num\">").append(esc(l.price()))
            .append("</td><td class=\"num\">").append(esc(l.amount())).append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    if (!doc.totals().isEmpty()) {
      b.append("<div class=\"card totals\"><dl>");
      doc.totals().forEach((k, v) -> dd(b, k, v));
      b.append("</dl></div>");
    }
  }

  private void download(Caller c, String id, String slug, HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    Optional<PayloadKind> k = Downloads.kind(slug);
    Optional<byte[]> bytes = k.flatMap(x -> ctx.service().store().payload(id, x));
    if (bytes.isEmpty()) {
      notFound(c, resp);
      return;
    }
    ctx.service().audit().record(c.operator().name(), "DOWNLOAD", id, "OK", slug, req.getRemoteAddr());
    Downloads.write(resp, id, k.get(), bytes.get());
  }

  private void chain(Caller c, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String order = FilterParams.single(req, "order");
    StringBuilder b = new StringBuilder("<h1>Document chain</h1><form class=\"filters\" method=\"get\" action=\"/ops/chain\">");
    input(b, "order", "Order number", order, "search", "e.g. PO-4711");
    b.append("<button class=\"primary\" type=\"submit\">Show</button></form>");
    if (order != null) {
      DocumentChain chain = DocumentChain.of(order, ctx.service().query().chain(order));
      if (!chain.missing().isEmpty()) {
        b.append("<div class=\"card\" id=\"missing\"><h2>Still missing or failed</h2><ul>");
        chain.missing().forEach(m -> b.append("<li>").append(esc(m)).append("</li>"));
        b.append("</ul></div>");
      }
      b.append("<table id=\"chain\"><thead><tr><th>Time</th><th>Dir</th><th>Document</th><th>Number</th>")
          .append("<th>State</th></tr></thead><tbody>");
      for (Transmission t : chain.documents()) {
        b.append("<tr><td class=\"ts\"><a href=\"/ops/transmissions/").append(esc(t.id())).append("\">")
            .append(esc(ts(t.createdAt()))).append("</a></td><td>")
            .append(t.direction() == Direction.IN ? "received" : "sent").append("</td><td>")
            .append(esc(DocumentKinds.label(t.documentTypeId()))).append("</td><td>").append(esc(t.businessId()))
            .append("</td><td>").append(state(t.state())).append("</td></tr>");
      }
      if (chain.documents().isEmpty()) {
        b.append("<tr><td colspan=\"5\" class=\"mut\">No document mentions this order number.</td></tr>");
      }
      b.append("</tbody></table>");
    }
    html(resp, 200, c, "Document chain", "Document chain", b.toString());
  }

  private void punchout(Caller c, String session, HttpServletResponse resp) throws IOException {
    StringBuilder b = new StringBuilder();
    List<PunchoutLog.Event> events =
        session == null ? ctx.punchout().recent(0, 200) : ctx.punchout().session(session);
    b.append("<h1>Punch-out").append(session == null ? "" : ": session " + esc(session)).append("</h1>");
    b.append("<table id=\"punchout\"><thead><tr><th>Time</th><th>Kind</th><th>Protocol</th><th>Buyer</th>")
        .append("<th>Session</th><th>What</th><th>Outcome</th><th class=\"num\">Lines</th><th class=\"num\">Total</th>")
        .append("</tr></thead><tbody>");
    for (PunchoutLog.Event e : events) {
      b.append("<tr><td class=\"mono ts\">").append(esc(ts(e.at()))).append("</td><td>").append(esc(e.kind()))
          .append("</td><td>").append(esc(e.protocol())).append("</td><td>").append(esc(e.buyerId()))
          .append("</td><td class=\"mono\">")
          .append(e.sessionId() == null ? "" : "<a href=\"/ops/punchout/" + url(e.sessionId()) + "\">"
              + esc(e.sessionId().length() > 12 ? e.sessionId().substring(0, 12) + "…" : e.sessionId()) + "</a>")
          .append("</td><td>").append(esc(nz(e.operation())))
          .append(e.fromState() == null ? "" : " " + esc(e.fromState()) + " → " + esc(e.toState()))
          .append(e.detail() == null ? "" : "<br><span class=\"mut\">" + esc(e.detail()) + "</span>")
          .append("</td><td>").append(esc(e.outcome())).append(e.statusCode() == null ? "" : " (" + e.statusCode() + ")")
          .append("</td><td class=\"num\">").append(e.lineCount() == null ? "" : e.lineCount())
          .append("</td><td class=\"num\">").append(e.total() == null ? "" : esc(e.total() + " " + nz(e.currency())))
          .append("</td></tr>");
      if (e.payload() != null) {
        b.append("<tr><td colspan=\"9\"><details><summary>Payload (").append(esc(e.payloadMediaType()))
            .append(") sent to ").append(esc(e.returnUrl())).append("</summary><pre>").append(esc(e.payload()))
            .append("</pre></details></td></tr>");
      }
    }
    if (events.isEmpty()) {
      b.append("<tr><td colspan=\"9\" class=\"mut\">No punch-out activity recorded.</td></tr>");
    }
    b.append("</tbody></table>");
    html(resp, 200, c, "Punch-out", "Punch-out", b.toString());
  }

  private void audit(Caller c, HttpServletResponse resp) throws IOException {
    if (!c.operator().may(OperatorRole.ADMIN)) {
      forbidden(c, resp, "The audit trail needs the admin role.");
      return;
    }
    StringBuilder b = new StringBuilder("<h1>Audit trail</h1><table id=\"audit\"><thead><tr><th>Time</th><th>Who</th>")
        .append("<th>Action</th><th>Target</th><th>Outcome</th><th>Detail</th><th>From</th></tr></thead><tbody>");
    for (AuditTrail.Entry e : ctx.service().audit().recent(null, 300)) {
      b.append("<tr><td class=\"mono ts\">").append(esc(ts(e.at()))).append("</td><td>").append(esc(e.actor()))
          .append("</td><td>").append(esc(e.action())).append("</td><td class=\"mono\">")
          .append(e.target() == null ? "" : "<a href=\"/ops/transmissions/" + esc(e.target()) + "\">" + esc(e.target()) + "</a>")
          .append("</td><td>").append(esc(e.outcome())).append("</td><td>").append(esc(e.detail()))
          .append("</td><td>").append(esc(e.remoteAddress())).append("</td></tr>");
    }
    b.append("</tbody></table>");
    html(resp, 200, c, "Audit", "Audit", b.toString());
  }

  // -------------------------------------------------------------------- POST

  private void post(Caller c, String path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (path.equals("/logout")) {
      if (!c.csrfOk(req)) {
        forbidden(c, resp, "Missing or wrong CSRF token.");
        return;
      }
      ctx.auth().logout(c, req, resp);
      resp.sendRedirect("/ops/login");
      return;
    }
    String[] p = path.replaceAll("^/+|/+$", "").split("/");
    if (p[0].equals("reporting")) {
      reporting.post(c, p, req, resp);
      return;
    }
    if (p.length != 3 || !p[0].equals("transmissions")) {
      notFound(c, resp);
      return;
    }
    if (!c.operator().may(OperatorRole.OPERATOR)) {
      forbidden(c, resp, "Role " + c.operator().role().label() + " may only look; actions need the operator role.");
      return;
    }
    if (!c.csrfOk(req)) {
      forbidden(c, resp, "Missing or wrong CSRF token: reload the page and try again.");
      return;
    }
    String id = p[1];
    String remote = req.getRemoteAddr();
    ActionResult r =
        switch (p[2]) {
          case "retry" -> ctx.service().retryNow(c.operator(), id, remote);
          case "cancel" -> ctx.service().cancel(c.operator(), id, remote);
          case "redeliver" -> ctx.service().redeliver(c.operator(), id, remote);
          case "resend" -> {
            String doc = FilterParams.blank(req.getParameter("document"));
            yield ctx.service().resend(c.operator(), id, doc == null ? null : doc.getBytes(StandardCharsets.UTF_8), remote);
          }
          default -> null;
        };
    if (r == null) {
      notFound(c, resp);
      return;
    }
    String target = r.transmissionId() == null ? id : r.transmissionId();
    Optional<ActionBanner> banner = ActionBanner.forAction(p[2]);
    if (r.ok() && banner.isPresent()) {
      resp.sendRedirect("/ops/transmissions/" + url(target) + "?done=" + banner.get().code());
    } else {
      detail(c, target, r.status(), r.message(), req, resp);
    }
  }

  // ----------------------------------------------------------------- helpers

  private void databaseUnavailable(Caller c, HttpServletResponse resp) throws IOException {
    html(resp, 503, c, "Database unavailable", "",
        "<h1>Database unavailable</h1><p class=\"msg err\">The database is not reachable; retry in a moment.</p>");
  }

  private void notFound(Caller c, HttpServletResponse resp) throws IOException {
    html(resp, 404, c, "Not found", "", "<h1>Not found</h1><p>No such page or transmission.</p>");
  }

  private void forbidden(Caller c, HttpServletResponse resp, String why) throws IOException {
    html(resp, 403, c, "Forbidden", "", "<h1>Not allowed</h1><p class=\"msg err\">" + esc(why) + "</p>");
  }

  private void html(HttpServletResponse resp, int status, Caller c, String title, String active, String body)
      throws IOException {
    String nav = c == null ? body : body + logoutForm(c);
    resp.setStatus(status);
    resp.setContentType("text/html;charset=utf-8");
    resp.getWriter().write(Html.page(title, c == null ? null : c.operator(), ctx.localMode(), active, nav));
  }

  private static String logoutForm(Caller c) {
    return c.session() == null ? ""
        : "<form class=\"logout\" method=\"post\" action=\"/ops/logout\"><input type=\"hidden\" name=\""
            + OpsAuth.CSRF_FIELD + "\" value=\"" + esc(c.csrf()) + "\"><button type=\"submit\" id=\"logout\">Log out</button></form>";
  }

  private static void dd(StringBuilder b, String k, String v) {
    if (v != null && !v.isBlank()) {
      b.append("<dt>").append(esc(k)).append("</dt><dd class=\"mono\">").append(esc(v)).append("</dd>");
    }
  }

  private static String state(TransmissionState s) {
    return "<span class=\"st " + s.name() + "\">" + s.name() + "</span>";
  }

  private String ts(Instant i) {
    return OpsTimes.at(i, ctx.zone());
  }

  private static String age(Instant since, Instant now) {
    Duration d = Duration.between(since, now);
    return d.toMinutes() < 1 ? d.toSeconds() + " s" : d.toHours() < 2 ? d.toMinutes() + " min"
        : d.toDays() < 2 ? d.toHours() + " h" : d.toDays() + " days";
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
