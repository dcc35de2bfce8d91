package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;

/** Writes a rendered page with its status; every operator page goes through here. */
public final class PageWriter {
  private final OpsContext ctx;

  PageWriter(OpsContext ctx) {
    this.ctx = ctx;
  }

  Frame frame(Caller c, String title, String active) {
    return new Frame(title, active, c, ctx.localMode(), ctx.zone(), 0);
  }

  /** Renders {@code template} with the frame {@code f} and the page model {@code page}. */
  void write(HttpServletResponse resp, int status, String template, Frame f, Object page) throws IOException {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("f", f);
    params.put("page", page);
    send(resp, status, Templates.render(template, params));
  }

  /** A page that only says something: not found, not allowed, bad request, database down. */
  void message(HttpServletResponse resp, int status, Caller c, String title, String heading, String text,
      boolean error) throws IOException {
    write(resp, status, "ops/message.jte", frame(c, title, ""), new Message(heading, text, error));
  }

  private static void send(HttpServletResponse resp, int status, String html) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/html;charset=utf-8");
    resp.getWriter().write(html);
  }

  /** The model of ops/message.jte. */
  public record Message(String heading, String text, boolean error) {}
}
