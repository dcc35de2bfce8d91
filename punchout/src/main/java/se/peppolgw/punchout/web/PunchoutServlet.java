package se.peppolgw.punchout.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.punchout.buyer.BuyerDirectory;
import se.peppolgw.punchout.buyer.BuyerProfile;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.catalogue.BuyerCatalogue;
import se.peppolgw.punchout.catalogue.Catalogue;
import se.peppolgw.punchout.catalogue.CatalogueItem;
import se.peppolgw.punchout.cart.LineProblem;
import se.peppolgw.punchout.cxml.CxmlSetupHandler;
import se.peppolgw.punchout.oci.OciSetup;
import se.peppolgw.punchout.peppol.PeppolSetup;
import se.peppolgw.punchout.session.PunchoutSession;
import se.peppolgw.punchout.session.SessionRegistry;
import se.peppolgw.punchout.session.SessionState;
import se.peppolgw.punchout.session.SetupOutcome;
import se.peppolgw.punchout.session.SetupParameters;
import se.peppolgw.punchout.transfer.CartTransferService;

/**
 * Everything under {@code /punchout/*}:
 * <ul>
 * <li>{@code GET|POST /punchout/oci/<buyerId>} OCI 3.0/4.0 login</li>
 * <li>{@code GET|POST /punchout/peppol/<buyerId>} Peppol punch-out login</li>
 * <li>{@code POST /punchout/cxml} cXML PunchOutSetupRequest</li>
 * <li>{@code GET /punchout/start/<token>} one-time start URL: sets the session cookie, opens the shop</li>
 * <li>{@code POST /punchout/api/sessions/<id>/cart} cart API for the supplier's own shop (JSON)</li>
 * <li>{@code GET|POST /punchout/transfer?s=<id>[&sid=<secret>]} sends the cart back to the buyer</li>
 * </ul>
 */
public final class PunchoutServlet extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger(PunchoutServlet.class);
  private static final int MAX_CXML_BYTES = 4 * 1024 * 1024;
  private static final int MAX_JSON_BYTES = 8 * 1024 * 1024;

  private final transient BuyerDirectory buyers;
  private final transient Catalogue catalogue;
  private final transient SessionRegistry sessions;
  private final transient OciSetup oci;
  private final transient PeppolSetup peppol;
  private final transient CxmlSetupHandler cxml;
  private final transient CartTransferService transfers;
  private final transient BrowserSession browser;
  private final transient ObjectMapper json;
  private final String baseUrl;

  public PunchoutServlet(BuyerDirectory buyers, Catalogue catalogue, SessionRegistry sessions, OciSetup oci, PeppolSetup peppol,
      CxmlSetupHandler cxml, CartTransferService transfers, ObjectMapper json, String baseUrl) {
    this.buyers = buyers;
    this.catalogue = catalogue;
    this.sessions = sessions;
    this.oci = oci;
    this.peppol = peppol;
    this.cxml = cxml;
    this.transfers = transfers;
    this.browser = new BrowserSession(sessions);
    this.json = json;
    this.baseUrl = baseUrl;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    route(req, resp, false);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    route(req, resp, true);
  }

  private void route(HttpServletRequest req, HttpServletResponse resp, boolean post) throws IOException {
    String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
    String[] parts = path.substring(1).split("/");
    try {
      switch (parts[0]) {
        case "oci" -> browserLogin(req, resp, parts, true);
        case "peppol" -> browserLogin(req, resp, parts, false);
        case "cxml" -> {
          if (!post) {
            Responses.message(resp, 405, "Method not allowed", "Post a cXML PunchOutSetupRequest here.");
          } else {
            cxmlSetup(req, resp);
          }
        }
        case "start" -> start(req, resp, parts.length > 1 ? parts[1] : null);
        case "transfer" -> transfer(req, resp);
        case "api" -> {
          if (post && parts.length == 4 && parts[1].equals("sessions") && parts[3].equals("cart")) {
            cartApi(req, resp, parts[2]);
          } else {
            problem(resp, 404, "Not found", "Unknown API path.", null);
          }
        }
        default -> Responses.message(resp, 404, "Not found", "There is no punch-out page at this address.");
      }
    } catch (RuntimeException e) {
      // only the first path segment: /start/<token> would otherwise put a start token in the log
      LOG.error("punch-out request failed: /{}", parts[0], e);
      if (!resp.isCommitted()) {
        resp.reset();
        Responses.message(resp, 500, "Error", "The punch-out gateway failed. Please try again.");
      }
    }
  }

  private void browserLogin(HttpServletRequest req, HttpServletResponse resp, String[] parts, boolean isOci)
      throws IOException {
    req.setCharacterEncoding("UTF-8");
    String claimed = parts.length > 1 ? parts[1] : "";
    BuyerProfile buyer = buyers.byId(claimed).orElse(null);
    SetupParameters params = new SetupParameters(req.getParameterMap());
    SetupOutcome outcome = isOci ? oci.handle(claimed, buyer, params, req.getRemoteAddr())
        : peppol.handle(claimed, buyer, params, req.getRemoteAddr());
    if (outcome instanceof SetupOutcome.Refused r) {
      if (r.retryAfterSeconds() != null) {
        resp.setHeader("Retry-After", Long.toString(r.retryAfterSeconds()));
      }
      Responses.message(resp, r.httpStatus(), r.title(), r.message());
    } else if (outcome instanceof SetupOutcome.Background b) {
      background(resp, b);
    } else if (outcome instanceof SetupOutcome.Started s) {
      Responses.securityHeaders(resp, null);
      resp.setStatus(303);
      resp.setHeader("Location", startUrl(s.session().startToken()));
    }
  }

  /**
   * OCI VALIDATE: the article PRODUCTID with QUANTITY (default 1) at the buyer's current price.
   * BACKGROUND_SEARCH: every sendable hit for SEARCHSTRING (at most 500), quantity 1. Both auto-submitted.
   */
  private void background(HttpServletResponse resp, SetupOutcome.Background b) throws IOException {
    PunchoutSession s = b.session();
    BuyerCatalogue view = new BuyerCatalogue(catalogue, s.buyer());
    List<CatalogueItem> items;
    BigDecimal quantity = BigDecimal.ONE;
    if (b.function().equals("VALIDATE")) {
      items = view.item(b.productId()).map(List::of).orElse(List.of());
      try {
        if (b.quantity() != null && !b.quantity().isBlank()) {
          quantity = new BigDecimal(b.quantity().trim().replace(',', '.'));
        }
      } catch (NumberFormatException e) {
        quantity = null;
      }
    } else {
      items = view.search(b.searchString()).stream().limit(500).toList();
    }
    for (CatalogueItem i : items) {
      CartLine line = new CartLine(null, i.articleNumber(), i.name(), quantity, i.unit(), i.price(), s.buyer().currency(),
          i.vatRate(), i.unspsc(), i.leadTimeDays(), i.longDescription(), i.gtin(), i.manufacturer(), i.manufacturerPartNumber());
      // a search silently skips articles that could not be sent; VALIDATE reports them
      if (b.function().equals("VALIDATE") || transfers.problems(s, List.of(line)).isEmpty()) {
        s.cart().append(line);
      }
    }
    if (s.cart().size() == 0) {
      sessions.cancel(s, b.function() + ": nothing found");
      Responses.message(resp, 404, "Not found", b.function().equals("VALIDATE")
          ? "The product is not in this buyer's assortment." : "No article matches the search.");
      return;
    }
    TransferResponder.respond(resp, s, transfers.transfer(s), null);
  }

  public String startUrl(String token) {
    return baseUrl + "/punchout/start/" + token;
  }

  private void cxmlSetup(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    byte[] body;
    try (InputStream in = req.getInputStream()) {
      body = in.readNBytes(MAX_CXML_BYTES + 1);
    }
    if (body.length > MAX_CXML_BYTES) {
      body = new byte[0]; // answered as malformed
    }
    CxmlSetupHandler.Answer answer = cxml.handle(body, req.getRemoteAddr());
    Responses.send(resp, answer.httpStatus(), "text/xml; charset=UTF-8", answer.body());
  }

  /** One-time start URL: the first use opens the shop, every later use (or a late one) is refused. */
  private void start(HttpServletRequest req, HttpServletResponse resp, String token) throws IOException {
    Optional<PunchoutSession> session = sessions.consumeStartToken(token);
    if (session.isEmpty()) {
      Responses.message(resp, 410, "Link no longer valid",
          "This punch-out start link has already been used or has expired. Start the punch-out again from your procurement system.");
      return;
    }
    PunchoutSession s = session.get();
    BrowserSession.setCookie(req, resp, s, baseUrl.startsWith("https:"));
    Responses.securityHeaders(resp, null);
    // first hop carries the secret in the URL: we cannot know yet whether the cookie will come back
    String query = BrowserSession.ID_PARAM + "=" + s.id() + "&" + BrowserSession.SECRET_PARAM + "=" + BrowserSession.enc(s.secret());
    String target;
    if (s.buyer().shopUrl() != null && !s.buyer().shopUrl().isBlank()) {
      String shop = s.buyer().shopUrl();
      target = shop + (shop.contains("?") ? "&" : "?") + "punchout_session=" + s.id() + "&punchout_secret="
          + BrowserSession.enc(s.secret()) + "&punchout_transfer=" + BrowserSession.enc(baseUrl + "/punchout/transfer?" + query);
    } else if (s.landingArticle() != null) {
      target = baseUrl + "/shop/product/" + BrowserSession.enc(s.landingArticle()) + "?" + query;
    } else {
      target = baseUrl + "/shop/?" + query;
    }
    resp.setStatus(303);
    resp.setHeader("Location", target);
  }

  private void transfer(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<BrowserSession.Resolved> r = browser.resolve(req);
    if (r.isEmpty()) {
      Responses.message(resp, 404, "Session not found", "This punch-out session does not exist or has ended.");
      return;
    }
    PunchoutSession s = r.get().session();
    sessions.touch(s);
    TransferResponder.respond(resp, s, transfers.transfer(s), null);
  }

  /**
   * The supplier's own shop posts the cart here (server to server), authenticated with the session secret
   * in {@code Authorization: Bearer <secret>}. Body: {@code {"lines":[{articleNumber,name,quantity,unit,price,
   * currency?,vatRate,unspsc?,leadTimeDays?,longDescription?,gtin?,manufacturer?,manufacturerPartNumber?}]}};
   * the lines replace the cart. Answers 200 with the transfer URL, or 422 naming every line problem.
   */
  private void cartApi(HttpServletRequest req, HttpServletResponse resp, String id) throws IOException {
    String auth = req.getHeader("Authorization");
    String secret = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim() : null;
    Optional<PunchoutSession> found = sessions.find(id, secret);
    if (found.isEmpty()) {
      problem(resp, 404, "Session not found", "No punch-out session with this id and secret.", null);
      return;
    }
    PunchoutSession s = found.get();
    if (s.state() != SessionState.ACTIVE) {
      problem(resp, 409, "Session not active", "The session is " + s.state().name().toLowerCase() + ".", null);
      return;
    }
    if (s.isReadOnly()) {
      problem(resp, 409, "Read-only session", "This is a cXML inspect session: the cart cannot be changed.", null);
      return;
    }
    CartApiRequest body;
    try (InputStream in = req.getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_JSON_BYTES + 1);
      if (bytes.length > MAX_JSON_BYTES) {
        problem(resp, 413, "Too large", "The cart is larger than " + MAX_JSON_BYTES + " bytes.", null);
        return;
      }
      body = json.readValue(bytes, CartApiRequest.class);
    } catch (IOException e) {
      problem(resp, 400, "Bad request", "The body is not a valid cart JSON document.", null);
      return;
    }
    List<CartLine> lines = new ArrayList<>();
    for (CartLine l : body.lines() == null ? List.<CartLine>of() : body.lines()) {
      lines.add(l.currency() == null || l.currency().isBlank() ? l.withCurrency(s.buyer().currency()) : l);
    }
    List<LineProblem> problems = transfers.problems(s, lines);
    if (!problems.isEmpty()) {
      problem(resp, 422, "Cart lines refused", "Some lines lack what the buyer requires; nothing was stored.", problems);
      return;
    }
    s.cart().replaceAll(lines);
    sessions.touch(s);
    ObjectNode ok = json.createObjectNode();
    ok.put("lines", lines.size());
    ok.put("total", s.cart().total());
    ok.put("currency", s.buyer().currency());
    ok.put("transferUrl", baseUrl + "/punchout/transfer?" + BrowserSession.ID_PARAM + "=" + s.id() + "&"
        + BrowserSession.SECRET_PARAM + "=" + BrowserSession.enc(s.secret()));
    Responses.send(resp, 200, "application/json", json.writeValueAsString(ok));
  }

  /** Body of the cart API. */
  public record CartApiRequest(List<CartLine> lines) {
  }

  private void problem(HttpServletResponse resp, int status, String title, String detail, List<LineProblem> problems)
      throws IOException {
    ObjectNode p = json.createObjectNode();
    p.put("type", "about:blank");
    p.put("title", title);
    p.put("status", status);
    p.put("detail", detail);
    if (problems != null) {
      ArrayNode arr = p.putArray("problems");
      for (LineProblem lp : problems) {
        ObjectNode o = arr.addObject();
        o.put("line", lp.lineNumber());
        o.put("articleNumber", lp.articleNumber());
        o.put("field", lp.field());
        o.put("message", lp.message());
      }
    }
    Responses.send(resp, status, "application/problem+json", json.writeValueAsString(p));
  }

}
