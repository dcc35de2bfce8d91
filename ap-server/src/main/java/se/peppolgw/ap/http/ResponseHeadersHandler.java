package se.peppolgw.ap.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Security headers set in one place for every response, before any servlet runs (a servlet can
 * still choose a stricter or different Cache-Control for its own pages):
 * {@code X-Content-Type-Options: nosniff} everywhere, so that a browser never renders a JSON or
 * text answer as HTML; {@code Cache-Control: no-store} on the APIs and /health, whose answers
 * (documents, tokens' results, state) must not be kept by browsers or proxies.
 */
final class ResponseHeadersHandler extends Handler.Wrapper {
  ResponseHeadersHandler(Handler next) {
    super(next);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    HttpFields.Mutable h = response.getHeaders();
    h.put("X-Content-Type-Options", "nosniff");
    String path = Request.getPathInContext(request);
    if (path.equals("/api") || path.startsWith("/api/") || path.equals("/health")) {
      h.put("Cache-Control", "no-store");
    }
    return super.handle(request, response, callback);
  }
}
