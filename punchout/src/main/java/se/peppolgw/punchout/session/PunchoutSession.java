package se.peppolgw.punchout.session;

import java.nio.charset.Charset;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.peppolgw.punchout.buyer.BuyerProfile;
import se.peppolgw.punchout.cart.Cart;
import se.peppolgw.punchout.cart.CartStorage;
import se.peppolgw.punchout.security.Tokens;

/**
 * One punch-out: created by one setup request, never shared between users (Proceedo logs many people in as
 * one user). {@code id} is public (logs, URLs); {@code secret} proves the browser owns the session (cookie
 * or, without cookies, the URL); {@code startToken} is the one-time start URL.
 */
public final class PunchoutSession {
  private final String id;
  private final String secret;
  private final String startToken;
  private final String csrfToken;
  private final BuyerProfile buyer;
  private final Instant createdAt;
  private final Instant startTokenExpiresAt;
  private final String returnUrl;
  private final String returnTarget;
  private final Charset charset;
  private final Map<String, String> ociEcho;
  private final Map<String, List<String>> extraParameters;
  private final CxmlContext cxml;
  private final String buyerReference;
  private final Cart cart;
  private volatile SessionState state;
  private volatile Instant lastActivity;
  private volatile String landingArticle;

  public PunchoutSession(BuyerProfile buyer, Instant createdAt, Instant startTokenExpiresAt, String returnUrl,
      String returnTarget, Charset charset, Map<String, String> ociEcho, Map<String, List<String>> extraParameters,
      CxmlContext cxml, String buyerReference) {
    this.id = Tokens.shortId(9);
    this.secret = null; // issued when the start URL is opened (see SessionRegistry#consumeStartToken)
    this.startToken = Tokens.secret();
    this.csrfToken = Tokens.secret();
    this.cart = new Cart(PunchoutSession::newLineId);
    this.state = SessionState.CREATED;
    this.buyer = buyer;
    this.createdAt = createdAt;
    this.startTokenExpiresAt = startTokenExpiresAt;
    this.returnUrl = returnUrl;
    this.returnTarget = returnTarget;
    this.charset = charset;
    this.ociEcho = ociEcho == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(ociEcho));
    this.extraParameters = extraParameters == null ? Map.of() : Map.copyOf(extraParameters);
    this.cxml = cxml;
    this.buyerReference = buyerReference;
    this.lastActivity = createdAt;
  }

  /**
   * A session as read back from the {@link SessionStore}: {@code secret} is the one the caller presented (or
   * was just issued), never read from storage; the start token is not known any more.
   */
  PunchoutSession(String id, String secret, String csrfToken, BuyerProfile buyer, Instant createdAt,
      Instant startTokenExpiresAt, String returnUrl, String returnTarget, Charset charset, Map<String, String> ociEcho,
      Map<String, List<String>> extraParameters, CxmlContext cxml, String buyerReference, String landingArticle,
      SessionState state, Instant lastActivity, CartStorage.Snapshot cart, CartStorage cartStorage) {
    this.id = id;
    this.secret = secret;
    this.startToken = null;
    this.csrfToken = csrfToken;
    this.buyer = buyer;
    this.createdAt = createdAt;
    this.startTokenExpiresAt = startTokenExpiresAt;
    this.returnUrl = returnUrl;
    this.returnTarget = returnTarget;
    this.charset = charset;
    this.ociEcho = ociEcho == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(ociEcho));
    this.extraParameters = extraParameters == null ? Map.of() : Map.copyOf(extraParameters);
    this.cxml = cxml;
    this.buyerReference = buyerReference;
    this.landingArticle = landingArticle;
    this.state = state;
    this.lastActivity = lastActivity;
    this.cart = new Cart(PunchoutSession::newLineId, cart, cartStorage);
  }

  private static String newLineId() {
    return "L" + Tokens.shortId(6);
  }

  public String id() {
    return id;
  }

  /** The session secret, as issued or presented in this request; null when the session was looked up by id only. */
  public String secret() {
    return secret;
  }

  /** The one-time start token; known only to the request that created the session. */
  public String startToken() {
    return startToken;
  }

  public String csrfToken() {
    return csrfToken;
  }

  public BuyerProfile buyer() {
    return buyer;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant startTokenExpiresAt() {
    return startTokenExpiresAt;
  }

  public String returnUrl() {
    return returnUrl;
  }

  /** Form target for the return post (OCI returntarget / ~TARGET, default _top). */
  public String returnTarget() {
    return returnTarget;
  }

  public Charset charset() {
    return charset;
  }

  /** OCI fields to echo unchanged in the cart form (~OkCode, ~TARGET, ~CALLER), in arrival order. */
  public Map<String, String> ociEcho() {
    return ociEcho;
  }

  /** Parameters we did not recognise at setup: kept (and logged by name), never fatal. */
  public Map<String, List<String>> extraParameters() {
    return extraParameters;
  }

  /** Null unless this is a cXML session. */
  public CxmlContext cxml() {
    return cxml;
  }

  /** Peppol punch-out: the buyer's reference for ReceiverParty/Contact/ID, may be null. */
  public String buyerReference() {
    return buyerReference;
  }

  /** OCI FUNCTION=DETAIL: the product page to open first, else null. */
  public String landingArticle() {
    return landingArticle;
  }

  public void setLandingArticle(String articleNumber) {
    this.landingArticle = articleNumber;
  }

  public Cart cart() {
    return cart;
  }

  public SessionState state() {
    return state;
  }

  /** cXML inspect: the buyer may look but not change the cart. */
  public boolean isReadOnly() {
    return cxml != null && cxml.isInspect();
  }

  Instant lastActivity() {
    return lastActivity;
  }

  void touch(Instant now) {
    lastActivity = now;
  }

  /** The store decided the state change; this copy follows it. */
  void stateChanged(SessionState next) {
    state = next;
  }
}
