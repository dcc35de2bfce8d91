package se.peppolgw.punchout.cxml;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.punchout.PunchoutEventLog;
import se.peppolgw.punchout.buyer.BuyerDirectory;
import se.peppolgw.punchout.buyer.BuyerProfile;
import se.peppolgw.punchout.buyer.Protocol;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.catalogue.CatalogueItem;
import se.peppolgw.punchout.event.SetupEvent;
import se.peppolgw.punchout.security.CredentialCheck;
import se.peppolgw.punchout.security.ReturnUrlPolicy;
import se.peppolgw.punchout.session.CxmlContext;
import se.peppolgw.punchout.session.CxmlContext.Credential;
import se.peppolgw.punchout.session.PunchoutSession;
import se.peppolgw.punchout.session.SessionRegistry;

/**
 * Answers a PunchOutSetupRequest. Status codes: 200 with a one-time StartPage; 400 malformed or missing /
 * refused BrowserFormPost; 401 credentials (unknown sender and wrong secret answer identically); 406 an
 * ItemOut that cannot be read; 412 edit/inspect for a buyer whose carts are not editable; 450 operation
 * {@code source} and other requests; 429 too many failed logins from this client for this buyer (growing
 * delay, see {@link se.peppolgw.punchout.security.LoginThrottle}); 500 unexpected.
 */
public final class CxmlSetupHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CxmlSetupHandler.class);

  /** The answer: the cXML document and the HTTP status to send it with. */
  public record Answer(int httpStatus, String body) {
  }

  private final BuyerDirectory buyers;
  private final SessionRegistry sessions;
  private final CredentialCheck credentials;
  private final PunchoutEventLog events;
  private final CxmlDocuments documents;
  private final Function<String, String> startUrlForToken;
  /** Fills fields an earlier cart line lacks (e.g. VAT rate) from the buyer's catalogue view. */
  private final CatalogueLookup catalogue;
  private final CxmlSetupRequestParser parser = new CxmlSetupRequestParser();

  public interface CatalogueLookup {
    Optional<CatalogueItem> find(BuyerProfile buyer, String articleNumber);
  }

  public CxmlSetupHandler(BuyerDirectory buyers, SessionRegistry sessions, CredentialCheck credentials,
      PunchoutEventLog events, CxmlDocuments documents, Function<String, String> startUrlForToken,
      CatalogueLookup catalogue) {
    this.buyers = buyers;
    this.sessions = sessions;
    this.credentials = credentials;
    this.events = events;
    this.documents = documents;
    this.startUrlForToken = startUrlForToken;
    this.catalogue = catalogue;
  }

  public Answer handle(byte[] body, String remote) {
    CxmlSetupRequest req;
    try {
      req = parser.parse(body);
    } catch (CxmlSetupRequestParser.MalformedRequest e) {
      // one line, no stack trace: a hostile document must not be able to flood the log
      LOG.warn("cXML setup request from {} refused (400): {}", remote, e.getMessage());
      return answer(null, null, null, null, 400, e.getMessage(), remote, null);
    } catch (RuntimeException e) {
      LOG.error("cXML setup request could not be read", e);
      return answer(null, null, null, null, 500, "Internal error", remote, null);
    }
    String claimed = req.from().isEmpty() ? "" : req.from().get(0).domain() + ":" + req.from().get(0).identity();
    String version = versionFor(null);
    try {
      BuyerProfile buyer = null;
      for (Credential c : req.from()) {
        buyer = buyers.byCxmlFrom(c.domain(), c.identity()).orElse(null);
        if (buyer != null) {
          break;
        }
      }
      version = versionFor(buyer);
      String secret = req.senderSecrets().isEmpty() ? "" : req.senderSecrets().get(0);
      // throttled under the buyer that was matched (any From credential), not under the text sent first
      CredentialCheck.Result auth = credentials.check(buyer, "cxml", claimed, remote, null, secret);
      if (auth == CredentialCheck.Result.THROTTLED) {
        // unknown senders are throttled alike, so this reveals nothing about which buyers exist
        return answer(requestVersion(req.version()), buyer, claimed, req.operation(), 429,
            "Too Many Requests: too many failed logins, try again later", remote, "throttled after failed logins");
      }
      if (auth != CredentialCheck.Result.OK) {
        // same document for unknown sender and wrong secret: version taken from the request
        return answer(requestVersion(req.version()), buyer, claimed, req.operation(), 401, "Unauthorized", remote,
            "credentials refused");
      }
      if (!"PunchOutSetupRequest".equals(req.requestType())) {
        return answer(version, buyer, claimed, req.requestType(), 450, "Not implemented: " + req.requestType(), remote, null);
      }
      String op = req.operation();
      if ("source".equals(op)) {
        return answer(version, buyer, claimed, op, 450, "Not implemented: operation source", remote, null);
      }
      if (!"create".equals(op) && !"edit".equals(op) && !"inspect".equals(op)) {
        return answer(version, buyer, claimed, op, 400, "Unknown operation", remote, null);
      }
      if (!"create".equals(op) && !buyer.cxml().allowEdit()) {
        return answer(version, buyer, claimed, op, 412, "Precondition failed: carts of this buyer cannot be edited or inspected", remote, null);
      }
      Optional<String> urlProblem = new ReturnUrlPolicy(buyer.allowedReturnUrls(), buyer.requireHttps()).check(req.browserFormPostUrl());
      if (urlProblem.isPresent()) {
        return answer(version, buyer, claimed, op, 400, "Bad request: BrowserFormPost " + urlProblem.get().replace("the return URL ", ""), remote, null);
      }
      if (!req.itemOutProblems().isEmpty()) {
        return answer(version, buyer, claimed, op, 406, "Not acceptable: " + String.join("; ", req.itemOutProblems()), remote, null);
      }
      Instant now = sessions.now();
      CxmlContext ctx = new CxmlContext(op, req.buyerCookie(), req.deploymentMode(), req.from(), req.payloadId());
      PunchoutSession session = new PunchoutSession(buyer, now, now.plus(sessions.startTtl()), req.browserFormPostUrl(),
          "_top", StandardCharsets.UTF_8, null, null, ctx, null);
      if (!"create".equals(op)) {
        List<CartLine> restored = new ArrayList<>();
        for (CartLine line : req.itemsOut()) {
          restored.add(complete(buyer, line));
        }
        session.cart().replaceAll(restored);
      }
      sessions.register(session);
      String startUrl = startUrlForToken.apply(session.startToken());
      events.setupRequested(new SetupEvent(now, Protocol.CXML.name(), buyer.id(), claimed, session.id(), op, "ACCEPTED",
          200, "payloadID=" + req.payloadId() + " itemsOut=" + req.itemsOut().size() + " BrowserFormPost=" + req.browserFormPostUrl(), remote));
      return new Answer(200, documents.setupResponse(version, 200, "OK", startUrl));
    } catch (RuntimeException e) {
      LOG.error("cXML setup request failed", e);
      return answer(version, null, claimed, req.operation(), 500, "Internal error", remote, null);
    }
  }

  /**
   * An earlier line (edit / inspect). When the buyer's prices come from the catalogue (built-in shop, or an
   * external shop with {@code priceCheck: CATALOGUE}) only the line id and the quantity are the buyer's; name,
   * unit, price, VAT rate and every other field are the catalogue's and the contract's now. A line whose
   * article is no longer in the buyer's assortment stays as sent and is then refused at checkout until the
   * user removes it. Otherwise (an external shop trusted with prices) the line keeps what the buyer sent and
   * only the fields it lacks come from the catalogue.
   */
  private CartLine complete(BuyerProfile buyer, CartLine l) {
    Optional<CatalogueItem> item = catalogue.find(buyer, l.articleNumber());
    if (item.isEmpty()) {
      return l.currency() == null ? l.withCurrency(buyer.currency()) : l;
    }
    if (buyer.pricesFromCatalogue()) {
      return item.get().toCartLine(l.lineId(), l.quantity(), buyer.currency());
    }
    return item.get().complete(l, buyer.currency());
  }

  private static String requestVersion(String v) {
    return v != null && v.matches("1\\.2\\.\\d{3}") ? v : CxmlDocuments.DEFAULT_VERSION;
  }

  private static String versionFor(BuyerProfile buyer) {
    return buyer == null || buyer.protocolVersion() == null ? CxmlDocuments.DEFAULT_VERSION : buyer.protocolVersion();
  }

  private Answer answer(String version, BuyerProfile buyer, String claimed, String op, int code, String text,
      String remote, String logReason) {
    events.setupRequested(new SetupEvent(sessions.now(), Protocol.CXML.name(), buyer == null ? null : buyer.id(),
        claimed, null, op, code == 500 ? "ERROR" : "REFUSED", code, logReason == null ? text : logReason, remote));
    String doc = documents.setupResponse(version == null ? CxmlDocuments.DEFAULT_VERSION : version, code, text, null);
    return new Answer(code == 500 ? 500 : 200, doc);
  }
}
