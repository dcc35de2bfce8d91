package se.peppolgw.punchout.support;

import static se.peppolgw.punchout.support.Html.esc;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the buyer's return URL: records every post and shows the fields it received. */
public final class ReturnEndpoint extends HttpServlet {
  /** One post as received: the path, the raw body. */
  public record Received(String path, String query, String contentType, byte[] body) {
    /** Fields in order, decoded with the charset the page asked the browser to use. */
    public List<String[]> fields(Charset cs) {
      List<String[]> out = new ArrayList<>();
      String s = new String(body, StandardCharsets.ISO_8859_1);
      for (String pair : s.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        out.add(new String[] {URLDecoder.decode(pair.substring(0, eq), cs), URLDecoder.decode(pair.substring(eq + 1), cs)});
      }
      return out;
    }

    public String field(Charset cs, String name) {
      return fields(cs).stream().filter(f -> f[0].equals(name)).map(f -> f[1]).findFirst().orElse(null);
    }
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();

  public List<Received> received() {
    return received;
  }

  /** GETs count too: a DTD or entity fetch attempt would show up here. */
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    received.add(new Received(req.getPathInfo(), req.getQueryString(), "GET", new byte[0]));
    resp.setStatus(404);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    byte[] body = req.getInputStream().readAllBytes();
    Received r = new Received(req.getPathInfo(), req.getQueryString(), req.getContentType(), body);
    received.add(r);
    StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"UTF-8\"><title>Buyer received cart</title>"
        + "<style>body{font-family:sans-serif}td,th{border:1px solid #999;padding:2px 6px}</style></head><body>"
        + "<h1>Procurement system: cart received</h1><table id=\"received\"><tr><th>Field</th><th>Value</th></tr>");
    for (String[] f : r.fields(StandardCharsets.UTF_8)) {
      html.append("<tr><td>").append(esc(f[0])).append("</td><td>").append(esc(f[1])).append("</td></tr>");
    }
    html.append("</table></body></html>");
    resp.setContentType("text/html; charset=UTF-8");
    resp.getOutputStream().write(html.toString().getBytes(StandardCharsets.UTF_8));
  }
}
