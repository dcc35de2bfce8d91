package se.peppolgw.punchout.web;

import static se.peppolgw.punchout.security.Html.esc;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Writing pages with the headers every punch-out page needs. */
final class Responses {
  static final String STYLE = "<style>body{font-family:system-ui,sans-serif;margin:0;color:#222}"
      + "header{background:#1d4e89;color:#fff;padding:.6em 1em;display:flex;gap:1em;align-items:center}"
      + "header a{color:#fff}main{padding:1em}table{border-collapse:collapse}td,th{border-bottom:1px solid #ccc;"
      + "padding:.3em .6em;text-align:left}.problem{color:#a00}.price{font-weight:bold}"
      + "img.product{max-width:240px;max-height:240px}input[type=number]{width:6em}</style>";

  private Responses() {
  }

  static void html(HttpServletResponse resp, int status, String html, Charset cs, String csp) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/html; charset=" + cs.name());
    securityHeaders(resp, csp);
    byte[] bytes = html.getBytes(cs);
    resp.setContentLength(bytes.length);
    try (OutputStream out = resp.getOutputStream()) {
      out.write(bytes);
    }
  }

  static void securityHeaders(HttpServletResponse resp, String csp) {
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("Referrer-Policy", "no-referrer");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    if (csp != null) {
      resp.setHeader("Content-Security-Policy", csp);
    }
  }

  static void message(HttpServletResponse resp, int status, String title, String text) throws IOException {
    String html = "<!DOCTYPE html><html><head><meta charset=\"UTF-8\"><title>" + esc(title) + "</title>" + STYLE
        + "</head><body><header><strong>Punch-out</strong></header><main><h1>" + esc(title) + "</h1><p class=\"message\">"
        + esc(text) + "</p></main></body></html>";
    html(resp, status, html, StandardCharsets.UTF_8, "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *");
  }

  static void send(HttpServletResponse resp, int status, String contentType, String body) throws IOException {
    resp.setStatus(status);
    resp.setContentType(contentType);
    securityHeaders(resp, null);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    resp.setContentLength(bytes.length);
    try (OutputStream out = resp.getOutputStream()) {
      out.write(bytes);
    }
  }
}
