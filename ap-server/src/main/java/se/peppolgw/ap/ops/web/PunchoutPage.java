package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import se.peppolgw.ap.store.PunchoutEventStore;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;

/**
 * {@code /ops/punchout}: punch-out sessions, newest first, with filters (buyer, protocol, state, date),
 * search (session id, BuyerCookie, payloadID …) and pages; {@code /ops/punchout/{session}} one session's
 * events with the payloads sent; {@code /ops/punchout.csv} the filtered events.
 */
public final class PunchoutPage {
  /** The model of ops/punchout.jte. */
  public record View(
      List<FilterForm.Option> buyers, List<FilterForm.Option> protocols, List<FilterForm.Option> states,
      String from, String to, String q, List<PunchoutSessions.Session> sessions, String olderHref,
      String newerHref, String csvHref) {}

  /** The model of ops/punchoutSession.jte. */
  public record SessionView(String sessionId, List<PunchoutEventStore.Event> events) {}

  private final OpsContext ctx;
  private final PageWriter pages;

  PunchoutPage(OpsContext ctx, PageWriter pages) {
    this.ctx = ctx;
    this.pages = pages;
  }

  void get(Caller c, HttpServletRequest req, HttpServletResponse resp) throws IOException {
    PunchoutSessions.Query q = query(req);
    PunchoutSessions.Result r = sessions().find(q);
    String qs = withoutPage(req.getQueryString());
    String base = "/ops/punchout?" + qs + (qs.isEmpty() ? "" : "&") + "page=";
    View v = new View(options(r.buyers(), q.buyer()), options(r.protocols(), q.protocol()),
        options(r.states(), q.state()), req.getParameter("from"), req.getParameter("to"), q.q(), r.sessions(),
        r.more() ? base + (q.page() + 1) : null, q.page() > 1 ? base + (q.page() - 1) : null,
        "/ops/punchout.csv" + (qs.isEmpty() ? "" : "?" + qs));
    pages.write(resp, 200, "ops/punchout.jte", pages.frame(c, "Punch-out", "Punch-out"), v);
  }

  void session(Caller c, String sessionId, HttpServletResponse resp) throws IOException {
    pages.write(resp, 200, "ops/punchoutSession.jte", pages.frame(c, "Punch-out", "Punch-out"),
        new SessionView(sessionId, ctx.punchout().session(sessionId)));
  }

  void csv(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    List<PunchoutSessions.Session> all = sessions().all(query(req));
    try (Csv csv = Csv.attachment(resp, "punchout.csv", List.of("session", "time", "kind", "protocol", "buyer",
        "operation", "from_state", "to_state", "outcome", "status", "lines", "total", "currency", "detail"))) {
      for (PunchoutSessions.Session s : all) {
        for (PunchoutEventStore.Event e : s.events()) {
          csv.row(Arrays.asList(e.sessionId(), OpsTimes.at(e.at(), ctx.zone()), e.kind().name(), e.protocol(), e.buyerId(),
              e.operation(), e.fromState(), e.toState(), e.outcome(), e.statusCode(), e.lineCount(),
              e.total() == null ? null : e.total().toPlainString(), e.currency(), e.detail()));
        }
      }
    }
  }

  private PunchoutSessions sessions() {
    return new PunchoutSessions(ctx.punchout(), ctx.zone());
  }

  private static PunchoutSessions.Query query(HttpServletRequest req) {
    String page = FilterParams.single(req, "page");
    return new PunchoutSessions.Query(FilterParams.single(req, "buyer"), FilterParams.single(req, "protocol"),
        FilterParams.single(req, "state"), date(req, "from"), date(req, "to"), FilterParams.single(req, "q"),
        page == null ? 1 : (int) FilterParams.bounded("page", page, 1, 10_000));
  }

  private static LocalDate date(HttpServletRequest req, String name) {
    String v = FilterParams.single(req, name);
    if (v == null) {
      return null;
    }
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be a date like 2026-01-31");
    }
  }

  private static List<FilterForm.Option> options(List<String> values, String chosen) {
    List<FilterForm.Option> out = new ArrayList<>();
    out.add(new FilterForm.Option("", "any", chosen == null || chosen.isBlank()));
    for (String v : values) {
      out.add(new FilterForm.Option(v, v, v.equalsIgnoreCase(chosen == null ? "" : chosen)));
    }
    return out;
  }

  private static String withoutPage(String qs) {
    return qs == null ? "" : qs.replaceAll("(^|&)page=[^&]*", "").replaceAll("^&", "");
  }

  static String link(String sessionId) {
    return "/ops/punchout/" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8);
  }
}
