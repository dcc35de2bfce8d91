package se.peppolgw.ap.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 9457 problem details: every API error has a title a human reads and a detail that helps. */
public final class Problem {
  private Problem() {}

  public static void write(HttpServletResponse resp, int status, String title, String detail)
      throws IOException {
    write(resp, status, title, detail, Map.of());
  }

  public static void write(
      HttpServletResponse resp, int status, String title, String detail, Map<String, ?> extra)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    if (detail != null) {
      body.put("detail", detail);
    }
    body.putAll(extra);
    resp.setStatus(status);
    resp.setContentType("application/problem+json");
    resp.setCharacterEncoding("UTF-8");
    Json.MAPPER.writeValue(resp.getOutputStream(), body);
  }
}
