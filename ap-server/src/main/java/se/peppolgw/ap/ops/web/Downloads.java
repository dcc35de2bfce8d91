package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import se.peppolgw.ap.store.PayloadKind;

/** Stored bytes as downloads: document, sbd, receipt, error-signal. */
public final class Downloads {
  private Downloads() {}

  static String slug(PayloadKind k) {
    return k.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Optional<PayloadKind> kind(String slug) {
    for (PayloadKind k : PayloadKind.values()) {
      if (slug(k).equals(slug)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  static void write(HttpServletResponse resp, String id, PayloadKind k, byte[] bytes) throws IOException {
    resp.setStatus(200);
    resp.setContentType(k == PayloadKind.RECEIPT || k == PayloadKind.ERROR_SIGNAL ? "application/soap+xml" : "application/xml");
    resp.setHeader("Content-Disposition", "attachment; filename=\"" + id + "-" + slug(k) + ".xml\"");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }
}
