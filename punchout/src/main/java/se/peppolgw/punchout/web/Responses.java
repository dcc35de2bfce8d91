package se.peppolgw.punchout.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import se.peppolgw.punchout.html.Templates;
import se.peppolgw.punchout.i18n.ShopLanguage;
import se.peppolgw.punchout.i18n.ShopText;
import se.peppolgw.punchout.web.page.ShopPages;

/** Writing pages with the headers every punch-out page needs. */
final class Responses {
  /** Pages without script; inline style only (the templates' one style sheet). */
  static final String NO_SCRIPT_CSP = "default-src 'none'; style-src 'unsafe-inline'";

  private Responses() {
  }

  static void html(HttpServletResponse resp, int status, String html, String csp) throws IOException {
    html(resp, status, html.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, csp);
  }

  static void html(HttpServletResponse resp, int status, byte[] bytes, Charset cs, String csp) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/html; charset=" + cs.name());
    securityHeaders(resp, csp);
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

  /** A page of the punch-out endpoints (no buyer language known yet): the caller's English text. */
  static void message(HttpServletResponse resp, int status, String title, String text) throws IOException {
    page(resp, status, new ShopPages.Message(ShopText.of(ShopLanguage.EN), title, text));
  }

  /** A shop message in the buyer's language: {@code <key>.title} and {@code <key>.text} of the bundle. */
  static void message(HttpServletResponse resp, int status, ShopText t, String key, Object... args) throws IOException {
    page(resp, status, new ShopPages.Message(t, t.get(key + ".title"), t.get(key + ".text", args)));
  }

  private static void page(HttpServletResponse resp, int status, ShopPages.Message page) throws IOException {
    html(resp, status, Templates.render("shop/message.jte", page), NO_SCRIPT_CSP + "; frame-ancestors *");
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
