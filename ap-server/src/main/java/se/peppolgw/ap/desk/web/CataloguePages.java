package se.peppolgw.ap.desk.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.ap.catalogue.CatalogueCheck;
import se.peppolgw.ap.catalogue.CataloguePublisher;
import se.peppolgw.ap.catalogue.CatalogueResponses;
import se.peppolgw.ap.catalogue.CatalogueUpload;
import se.peppolgw.ap.catalogue.CatalogueUploadException;
import se.peppolgw.ap.catalogue.UploadFormat;
import se.peppolgw.ap.catalogue.UploadLimits;
import se.peppolgw.ap.catalogue.UploadProblem;
import se.peppolgw.ap.desk.web.DeskPageModels.CataloguePage;
import se.peppolgw.ap.desk.web.DeskPageModels.CatalogueReviewPage;
import se.peppolgw.ap.desk.web.DeskPageModels.MessagePage;
import se.peppolgw.ap.ops.AuditTrail;
import se.peppolgw.ap.ops.security.OperatorRole;
import se.peppolgw.ap.ops.security.OpsAuth;
import se.peppolgw.ap.ops.security.OpsAuth.Caller;
import se.peppolgw.ap.store.CatalogueStore;
import se.peppolgw.ap.store.StoreException;
import se.peppolgw.punchout.catalogue.Catalogue;

/**
 * The catalogue in the browser. Clerks see it; operators upload and publish:
 *
 * <pre>
 * GET  /ops/desk/catalogue           problems, upload form, publications, Catalogue Responses
 * POST /ops/desk/catalogue/review    the upload's differences to the current catalogue
 * POST /ops/desk/catalogue/publish   publish it (audited CATALOGUE_PUBLISH)
 * </pre>
 *
 * The form body is read here, bounded ({@link #MAX_FORM}), rather than by the container, whose
 * form limit is far below a catalogue's.
 */
public final class CataloguePages extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CataloguePages.class);
  /** A URL-encoded catalogue is at most three times its size. */
  static final int MAX_FORM = UploadLimits.MAX_BYTES * 3 + 64 * 1024;

  private final transient CataloguePublisher publisher;
  private final transient CatalogueStore store;
  private final transient CatalogueResponses responses;
  private final transient DeskGate gate;
  private final transient AuditTrail audit;

  public CataloguePages(
      CataloguePublisher publisher, CatalogueStore store, CatalogueResponses responses, OpsAuth auth, AuditTrail audit,
      ZoneId zone, boolean localMode) {
    this.publisher = publisher;
    this.store = store;
    this.responses = responses;
    this.gate = new DeskGate(auth, zone, localMode);
    this.audit = audit;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<DeskGate.Admitted> admitted = gate.admit(req, resp);
    if (admitted.isEmpty()) {
      return;
    }
    Caller c = admitted.get().caller();
    DeskView v = admitted.get().view();
    String path = Optional.ofNullable(req.getPathInfo()).orElse("/");
    try {
      if (req.getMethod().equals("GET") && (path.equals("/") || path.isEmpty())) {
        overview(v, c, 200, banner(req), null, List.of(), "", "json", resp);
      } else if (req.getMethod().equals("POST") && (path.equals("/review") || path.equals("/publish"))) {
        post(v, c, path, req, resp);
      } else if (!req.getMethod().equals("GET") && !req.getMethod().equals("POST")) {
        resp.setHeader("Allow", "GET, POST");
        resp.sendError(405);
      } else {
        DeskGate.page(resp, 404, "desk/message.jte", new MessagePage(v, "Not found", "No such page: /ops/desk/catalogue" + path));
      }
    } catch (StoreException e) {
      LOG.warn("Catalogue pages: store unavailable: {}", e.getMessage());
      DeskGate.page(resp, 503, "desk/message.jte", new MessagePage(v, "Database unavailable", "The database is not reachable; retry later."));
    }
  }

  private void post(DeskView v, Caller c, String path, HttpServletRequest raw, HttpServletResponse resp) throws IOException {
    Map<String, String> form = form(raw);
    if (form == null) {
      DeskGate.page(resp, 413, "desk/message.jte", new MessagePage(v, "Too large",
          "The catalogue is larger than " + UploadLimits.MAX_BYTES + " bytes."));
      return;
    }
    HttpServletRequest req = new FormRequest(raw, form);
    if (!c.csrfOk(req)) {
      DeskGate.page(resp, 403, "desk/message.jte", new MessagePage(v, "Form expired",
          "This form expired or was not sent from this site; open the catalogue page again."));
      return;
    }
    if (!c.operator().may(OperatorRole.OPERATOR)) {
      DeskGate.page(resp, 403, "desk/message.jte", new MessagePage(v, "Not allowed",
          "Uploading and publishing the catalogue is for operators; your role is " + v.role() + "."));
      return;
    }
    String content = form.getOrDefault("content", "");
    String formatName = form.getOrDefault("format", "json");
    UploadFormat format = UploadFormat.of(formatName).orElse(UploadFormat.JSON);
    Catalogue upload;
    try {
      upload = CatalogueUpload.read(content.getBytes(StandardCharsets.UTF_8), format, publisher.current());
    } catch (CatalogueUploadException e) {
      overview(v, c, 400, null, "The upload cannot be read: " + e.problems().size() + " problem(s).",
          e.problems().stream().map(UploadProblem::message).toList(), content, formatName, resp);
      return;
    }
    if (path.equals("/review")) {
      DeskGate.page(resp, 200, "desk/catalogueReview.jte",
          new CatalogueReviewPage(v, publisher.review(upload), content, formatName, publisher.buyers().buyers().size()));
      return;
    }
    Integer base = form.getOrDefault("base", "").matches("[0-9]{1,9}") ? Integer.valueOf(form.get("base")) : null;
    String who = c.operator().name();
    try {
      CataloguePublisher.Published p = publisher.publish(upload, base, "desk:" + who);
      audit.record(who, "CATALOGUE_PUBLISH", "catalogue/" + p.version(), "OK",
          "Catalogue version " + p.version() + " (" + p.diff().summary() + ") published, sent to " + p.sent().size()
              + " buyer(s)", raw.getRemoteAddr());
      resp.sendRedirect("/ops/desk/catalogue?published=" + p.version());
    } catch (CataloguePublisher.PublishRefused e) {
      audit.record(who, "CATALOGUE_PUBLISH", "catalogue", "REFUSED", e.getMessage(), raw.getRemoteAddr());
      overview(v, c, e.status(), null, "Not published: " + e.getMessage(), e.problems(), content, formatName, resp);
    }
  }

  private void overview(
      DeskView v, Caller c, int status, String banner, String error, List<String> errors, String content, String format,
      HttpServletResponse resp) throws IOException {
    Catalogue current = publisher.current();
    DeskGate.page(resp, status, "desk/catalogue.jte", new CataloguePage(v, c.operator().may(OperatorRole.OPERATOR),
        current.items().size(), CatalogueCheck.check(current), publisher.buyers().buyers(), publisher.writesShopFile(),
        store.publications(20), responses.received(), banner, error, errors, content, format));
  }

  private static String banner(HttpServletRequest req) {
    String v = req.getParameter("published");
    return v != null && v.matches("[0-9]{1,9}") ? "Version " + v + " published." : null;
  }

  /** The URL-encoded form, or null when it is larger than {@link #MAX_FORM}. */
  static Map<String, String> form(HttpServletRequest req) throws IOException {
    byte[] body;
    try (InputStream in = req.getInputStream()) {
      body = in.readNBytes(MAX_FORM + 1);
    }
    if (body.length > MAX_FORM) {
      return null;
    }
    Map<String, String> out = new HashMap<>();
    for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&")) {
      if (pair.isEmpty() || out.size() >= 20) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        out.putIfAbsent(name, value);
      } catch (IllegalArgumentException e) {
        // a malformed escape: the field is ignored
      }
    }
    return out;
  }

  /** The request with the form read here, so that the CSRF check finds its token. */
  private static final class FormRequest extends HttpServletRequestWrapper {
    private final Map<String, String> form;

    FormRequest(HttpServletRequest req, Map<String, String> form) {
      super(req);
      this.form = form;
    }

    @Override
    public String getParameter(String name) {
      return form.get(name);
    }
  }

}
