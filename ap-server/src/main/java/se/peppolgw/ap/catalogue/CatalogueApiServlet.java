package se.peppolgw.ap.catalogue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.api.ApiTokens;
import se.peppolgw.ap.api.BoundedBody;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.api.Problem;
import se.peppolgw.ap.store.CatalogueStore;
import se.peppolgw.ap.store.StoreException;
import se.peppolgw.punchout.catalogue.Catalogue;

/**
 * The catalogue API (the back-office API tokens):
 *
 * <pre>
 * GET  /api/catalogue                 the current catalogue, the buyers, the newest publications with
 *                                     their transmissions and Catalogue Responses, unmatched responses
 * POST /api/catalogue?dryRun=true     the upload's differences and rule problems; nothing published
 * POST /api/catalogue                 publish the upload (Content-Type application/json or text/csv)
 * </pre>
 */
public final class CatalogueApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CatalogueApiServlet.class);
  static final int PUBLICATIONS = 20;

  private final transient CataloguePublisher publisher;
  private final transient CatalogueStore store;
  private final transient CatalogueResponses responses;
  private final transient ApiTokens tokens;

  public CatalogueApiServlet(
      CataloguePublisher publisher, CatalogueStore store, CatalogueResponses responses, ApiTokens tokens) {
    this.publisher = publisher;
    this.store = store;
    this.responses = responses;
    this.tokens = tokens;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<ApiTokens.Token> token = tokens.authenticate(req);
    if (token.isEmpty()) {
      ApiTokens.refuse(resp);
      return;
    }
    String path = Optional.ofNullable(req.getPathInfo()).orElse("/");
    if (!path.equals("/")) {
      Problem.write(resp, 404, "Not found", "No such resource: /api/catalogue" + path);
      return;
    }
    try {
      if (req.getMethod().equals("GET")) {
        Json.write(resp, 200, CatalogueViews.overview(publisher, store.publications(PUBLICATIONS), responses.received()));
      } else if (req.getMethod().equals("POST")) {
        post(req, resp, "api:" + token.get().name());
      } else {
        resp.setHeader("Allow", "GET, POST");
        Problem.write(resp, 405, "Method not allowed", "Allowed: GET, POST");
      }
    } catch (StoreException e) {
      LOG.warn("Catalogue API: store unavailable: {}", e.getMessage());
      Problem.write(resp, 503, "Store unavailable", "The database is not reachable; retry later");
    }
  }

  private void post(HttpServletRequest req, HttpServletResponse resp, String who) throws IOException {
    Optional<UploadFormat> format = UploadFormat.of(req.getContentType());
    if (format.isEmpty()) {
      Problem.write(resp, 415, "Unsupported media type", "Send the catalogue as application/json or text/csv");
      return;
    }
    Optional<byte[]> read = BoundedBody.read(req, resp, UploadLimits.MAX_BYTES);
    if (read.isEmpty()) {
      return;
    }
    byte[] body = read.get();
    Catalogue upload;
    try {
      upload = CatalogueUpload.read(body, format.get(), publisher.current());
    } catch (CatalogueUploadException e) {
      Problem.write(resp, 400, "Invalid catalogue", e.problems().size() + " problem(s): " + e.getMessage(),
          Map.of("errors", e.problems().stream().map(p -> Map.of("field", p.where(), "problem", p.problem())).toList()));
      return;
    }
    if ("true".equals(req.getParameter("dryRun"))) {
      Json.write(resp, 200, CatalogueViews.review(publisher.review(upload)));
      return;
    }
    try {
      CataloguePublisher.Published p = publisher.publish(upload, null, who);
      Json.write(resp, 201, CatalogueViews.published(p));
    } catch (CataloguePublisher.PublishRefused e) {
      LOG.info("Catalogue API: publication by {} refused: {}", who, e.getMessage());
      Problem.write(resp, e.status(), e.status() == 409 ? "Nothing published" : "Catalogue refused", e.getMessage(),
          Map.of("errors", e.problems()));
    }
  }
}
