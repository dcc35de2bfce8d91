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
import se.peppolgw.punchout.cart.BoundedDecimal;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.catalogue.BuyerCatalogue;
import se.peppolgw.punchout.catalogue.Catalogue;
import se.peppolgw.punchout.catalogue.CatalogueItem;
import se.peppolgw.punchout.cart.LineProblem;
import se.peppolgw.punchout.cxml.CxmlSetupHandler;
import se.peppolgw.punchout.oci.OciSetup;
import se.peppolgw.punchout.peppol.PeppolSetup;
import se.peppolgw.punchout.security.ApiSecretCheck;
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
  private final transient ApiSecretCheck apiSecrets = new ApiSecretCheck();
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
            refuseEarly(resp, 404, "Not found", "Unknown API path.", null);
          }
        }
        default -> Responses.message(resp, 404, "Not found", "There is no punch-out page at this address.");
      }
    } catch (RuntimeException e) {
      // only the first path segment: /start/<token> would otherwise put a start token in the log
      LOG.error("punch-out request failed: /{}", parts[0], e);
      failed(resp);
    } catch (StackOverflowError e) {
      // Every parser is depth-limited, so no input should get here. If one does, one line and no
      // 1,000-frame stack trace (that would let a single request flood the log).
      LOG.error("punch-out request failed: /{}: stack overflow (an input nested too deep got past a parser limit)", parts[0]);
      failed(resp);
    }
  }

  private static void failed(HttpServletResponse resp) throws IOException {
    if (!resp.isCommitted()) {
      resp.reset();
      Responses.message(resp, 500, "Error", "The punch-out gateway failed. Please try again.");
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
        BigDecimal q = BoundedDecimal.QUANTITY.parseTyped(b.quantity(), "QUANTITY");
        quantity = q == null ? BigDecimal.ONE : q;
      } catch (BoundedDecimal.Refused e) {
        sessions.cancel(s, "VALIDATE: QUANTITY refused");
        Responses.message(resp, 400, "Bad request", "OCI " + e.getMessage() + ".");
        return;
      }
    } else {
      items = view.search(b.searchString()).stream().limit(500).toList();
    }
    for (CatalogueItem i : items) {
      CartLine line = i.toCartLine(null, quantity, s.buyer().currency());
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
    if (s.buyer().hasExternalShop()) {
      // the shop gets the public session id and the browser's transfer link, never a secret it could use at
      // the cart API (that takes the shop's own API secret)
      String shop = s.buyer().externalShop().url();
      target = shop + (shop.contains("?") ? "&" : "?") + "punchout_session=" + s.id()
          + "&punchout_transfer=" + BrowserSession.enc(baseUrl + "/punchout/transfer?" + query);
    } else if (s.cxml() != null && !"create".equals(s.cxml().operation())) {
      // cXML edit / inspect: the buyer came back to the cart it sent, so that is where the shop opens
      target = baseUrl + "/shop/cart?" + query;
    } else if (s.landingArticle() != null && new BuyerCatalogue(catalogue, s.buyer()).item(s.landingArticle()).isPresent()) {
      // only an article of the buyer's catalogue becomes part of a URL (PRODUCTID is buyer input)
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
   * The supplier's own shop posts the cart here, server to server. Only for buyers whose profile names an
   * {@code externalShop}; authenticated with that shop's API secret in {@code Authorization: Bearer <secret>}
   * (never the session secret: that one lives in the buyer's browser). Body: {@code {"lines":[{articleNumber,
   * name,quantity,unit,price,currency?,vatRate,unspsc?,leadTimeDays?,longDescription?,
   * and each cart line field by its JSON name}]}} ({@link se.peppolgw.punchout.cart.field.LineField}); the lines replace the cart. Answers 200 with the transfer URL; 401 without a
   * valid API secret; 403 for a built-in-shop buyer; 404 unknown session; 400 unreadable JSON; 422 naming every
   * refused line and field (numbers beyond {@link BoundedDecimal}'s limits, missing fields, and under
   * {@code priceCheck: CATALOGUE} every difference from the catalogue and the buyer's contract).
   */
  private void cartApi(HttpServletRequest req, HttpServletResponse resp, String id) throws IOException {
    String secret = bearer(req.getHeader("Authorization"));
    if (secret == null) {
      unauthorized(resp, "Send the shop's API secret as Authorization: Bearer <secret>.");
      return;
    }
    Optional<PunchoutSession> found = sessions.findById(id);
    if (found.isEmpty()) {
      refuseEarly(resp, 404, "Session not found", "No punch-out session with this id.", null);
      return;
    }
    PunchoutSession s = found.get();
    BuyerProfile.ExternalShop shop = s.buyer().externalShop();
    if (shop == null) {
      refuseEarly(resp, 403, "Cart API not enabled",
          "This buyer uses the built-in shop: its carts are built from the catalogue, not posted.", null);
      return;
    }
    if (!apiSecrets.verify(secret, shop.apiSecretHash())) {
      LOG.warn("cart API: wrong API secret for session {} (buyer {}) from {}", s.id(), s.buyer().id(), req.getRemoteAddr());
      unauthorized(resp, "The API secret is not the one of this buyer's shop.");
      return;
    }
    if (s.state() != SessionState.ACTIVE) {
      refuseEarly(resp, 409, "Session not active", "The session is " + s.state().name().toLowerCase() + ".", null);
      return;
    }
    if (s.isReadOnly()) {
      refuseEarly(resp, 409, "Read-only session", "This is a cXML inspect session: the cart cannot be changed.", null);
      return;
    }
    CartApiRequest body;
    try (InputStream in = req.getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_JSON_BYTES + 1);
      if (bytes.length > MAX_JSON_BYTES) {
        refuseEarly(resp, 413, "Too large", "The cart is larger than " + MAX_JSON_BYTES + " bytes.", null);
        return;
      }
      body = json.readValue(bytes, CartApiRequest.class);
    } catch (IOException e) {
      // a line's own refusal (an unknown field, a field that is not text) in its words, not Jackson's
      String reason = e instanceof com.fasterxml.jackson.databind.exc.ValueInstantiationException v
          && v.getCause() instanceof IllegalArgumentException a ? a.getMessage()
          : e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : "unreadable body";
      reason = reason == null ? "unreadable body" : reason.length() > 300 ? reason.substring(0, 300) + "…" : reason;
      LOG.warn("cart API: body refused for session {}: {}", s.id(), reason.replaceAll("[\\r\\n]+", " "));
      problem(resp, 400, "Bad request", "The body is not a valid cart JSON document: " + reason, null);
      return;
    }
    List<CartApiLine> posted = body == null || body.lines() == null ? List.of() : body.lines();
    List<CartLine> lines = new ArrayList<>();
    List<LineProblem> numberProblems = new ArrayList<>();
    for (int i = 0; i < posted.size(); i++) {
      CartApiLine l = posted.get(i);
      if (l == null) {
        numberProblems.add(new LineProblem(i + 1, null, "line", "line is null"));
        continue;
      }
      lines.add(l.toCartLine(i + 1, s.buyer().currency(), numberProblems));
    }
    List<LineProblem> problems = new ArrayList<>(numberProblems);
    if (numberProblems.stream().noneMatch(p -> p.field().equals("line"))) {
      // a field whose number was refused is null in the line: do not report it "missing" as well
      for (LineProblem p : transfers.problems(s, lines)) {
        if (numberProblems.stream().noneMatch(np -> np.lineNumber() == p.lineNumber() && np.field().equals(p.field()))) {
          problems.add(p);
        }
      }
    }
    problems.sort(java.util.Comparator.comparingInt(LineProblem::lineNumber));
    if (!problems.isEmpty()) {
      problem(resp, 422, "Cart lines refused", "Some lines are not acceptable for this buyer; nothing was stored.", problems);
      return;
    }
    s.cart().replaceAll(lines);
    sessions.touch(s);
    ObjectNode ok = json.createObjectNode();
    ok.put("lines", lines.size());
    ok.put("total", s.cart().total());
    ok.put("currency", s.buyer().currency());
    // no session secret here: the shop is not the browser. The browser proves the session with its
    // cookie, or follows the punchout_transfer link it was given at the start (which carries sid=).
    ok.put("transferUrl", baseUrl + "/punchout/transfer?" + BrowserSession.ID_PARAM + "=" + s.id());
    Responses.send(resp, 200, "application/json", json.writeValueAsString(ok));
  }

  /** The token of {@code Authorization: Bearer <token>} (scheme case-insensitive), else null. */
  static String bearer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).trim();
    return token.isEmpty() || token.length() > 512 ? null : token;
  }

  private void unauthorized(HttpServletResponse resp, String detail) throws IOException {
    resp.setHeader("WWW-Authenticate", "Bearer realm=\"punchout-cart-api\"");
    refuseEarly(resp, 401, "Unauthorized", detail, null);
  }

  /** A refusal before the body was read: the connection closes, so no client reuses it with the body unread. */
  private void refuseEarly(HttpServletResponse resp, int status, String title, String detail, List<LineProblem> problems)
      throws IOException {
    resp.setHeader("Connection", "close");
    problem(resp, status, title, detail, problems);
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
        if (lp.lineNumber() > 0) {
          o.put("index", lp.lineNumber() - 1);
          o.put("pointer", "/lines/" + (lp.lineNumber() - 1) + ("line".equals(lp.field()) ? "" : "/" + lp.field()));
        }
        o.put("articleNumber", lp.articleNumber());
        o.put("field", lp.field());
        o.put("message", lp.message());
      }
    }
    Responses.send(resp, status, "application/problem+json", json.writeValueAsString(p));
  }

}
