package se.peppolgw.ap.metrics;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import se.peppolgw.ap.api.ApiTokens;

/**
 * {@code GET /metrics}: the Prometheus text format, for a caller the gate lets in (the metrics
 * token or a signed-in operator), 401 for anyone else: the counts and queue depths say too much
 * about the business to be public.
 */
public final class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient GatewayMetrics metrics;
  private final transient Predicate<HttpServletRequest> mayRead;

  public MetricsServlet(GatewayMetrics metrics, Predicate<HttpServletRequest> mayRead) {
    this.metrics = metrics;
    this.mayRead = mayRead;
  }

  /** The metrics token of {@code gateway.metrics.token-hash}, if configured. */
  public static ApiTokens token(java.util.Optional<String> configuredHash) {
    return new ApiTokens(
        java.util.List.of(),
        configuredHash
            .map(h -> java.util.List.of(new ApiTokens.Token(
                "the metrics token", ApiTokens.parse("gateway.metrics.token-hash", h), java.util.List.of())))
            .orElse(java.util.List.of()));
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!mayRead.test(req)) {
      ApiTokens.refuse(resp);
      return;
    }
    byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
    resp.setStatus(200);
    resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
    resp.setHeader("Cache-Control", "no-store");
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }
}
