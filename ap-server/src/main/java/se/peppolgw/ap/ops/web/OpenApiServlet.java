package se.peppolgw.ap.ops.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import se.peppolgw.ap.ops.security.OpsAuth;

/** Serves the OpenAPI description of the gateway's APIs (docs/openapi.yaml, packaged) to operators. */
public final class OpenApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final String RESOURCE = "/openapi/openapi.yaml";

  private final transient OpsAuth auth;

  public OpenApiServlet(OpsAuth auth) {
    this.auth = auth;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    boolean known;
    try {
      known = auth.caller(req).isPresent();
    } catch (se.peppolgw.ap.store.StoreException e) {
      se.peppolgw.ap.api.Problem.write(resp, 503, "Store unavailable", "The database is not reachable; retry later");
      return;
    }
    if (!known) {
      resp.setHeader("WWW-Authenticate", "Bearer realm=\"gateway-ops\"");
      se.peppolgw.ap.api.Problem.write(resp, 401, "Unauthorized", "Log in or send an operator API token");
      return;
    }
    try (InputStream in = OpenApiServlet.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        resp.sendError(404, "OpenAPI description not packaged");
        return;
      }
      resp.setContentType("application/yaml;charset=utf-8");
      in.transferTo(resp.getOutputStream());
    }
  }
}
