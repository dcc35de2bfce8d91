package se.peppolgw.punchout.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.punchout.PunchoutEventLog;
import se.peppolgw.punchout.buyer.BuyerProfile;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.CartStorage;
import se.peppolgw.punchout.event.SessionEvent;
import se.peppolgw.punchout.security.Tokens;

/**
 * Every punch-out session, kept in a {@link SessionStore} (the database when the server runs), so that any
 * node can serve any request of a session and a restart loses no open cart. Each request reads the session
 * afresh; every state change and every cart change is a conditional write, and every state change is
 * recorded in the event log. Expiry: the start URL is valid for {@code startTtl}; an active session ends after
 * {@code idleTtl} without activity; a session is deleted after twice {@code idleTtl} without activity.
 */
public final class SessionRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
  private final Clock clock;
  private final Duration startTtl;
  private final Duration idleTtl;
  private final PunchoutEventLog events;
  private final SessionStore store;
  private final Function<String, Optional<BuyerProfile>> buyers;
  private final SessionCodec codec = new SessionCodec();
  private final AtomicReference<Instant> lastSweep;

  /**
   * @param buyers finds a buyer profile by id: sessions store the buyer's id, the profile is read from the
   *               configuration every time (a profile removed from the configuration ends its sessions)
   */
  public SessionRegistry(Clock clock, Duration startTtl, Duration idleTtl, PunchoutEventLog events, SessionStore store,
      Function<String, Optional<BuyerProfile>> buyers) {
    this.clock = clock;
    this.startTtl = startTtl;
    this.idleTtl = idleTtl;
    this.events = events;
    this.store = store;
    this.buyers = buyers;
    this.lastSweep = new AtomicReference<>(clock.instant());
  }

  public Duration startTtl() {
    return startTtl;
  }

  public Instant now() {
    return clock.instant();
  }

  public Clock clock() {
    return clock;
  }

  /** Stores a new session (with the cart it was set up with); its start token is stored as a digest only. */
  public PunchoutSession register(PunchoutSession session) {
    sweepOccasionally();
    store.insert(new SessionStore.StoredSession(session.id(), session.buyer().id(), null,
        SessionSecrets.digest(session.startToken()), SessionState.CREATED, session.createdAt(),
        session.startTokenExpiresAt(), session.lastActivity(), codec.context(session),
        codec.cart(session.cart().lines()), 0));
    record(session, null, SessionState.CREATED, "setup accepted");
    return session;
  }

  /**
   * Uses a one-time start token. Returns the session only the first time and only within the start TTL;
   * a replayed or expired token yields empty (the caller shows the same "link no longer valid" page). The
   * session secret is issued here, so that it never has to be kept anywhere but in its digest.
   */
  public Optional<PunchoutSession> consumeStartToken(String token) {
    if (token == null) {
      return Optional.empty();
    }
    String digest = SessionSecrets.digest(token);
    Optional<SessionStore.StoredSession> stored = store.byStartTokenDigest(digest);
    if (stored.isEmpty() || stored.get().state() != SessionState.CREATED) {
      return Optional.empty();
    }
    Optional<PunchoutSession> session = restore(stored.get(), null);
    if (session.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (now.isAfter(stored.get().startTokenExpiresAt())) {
      changeState(session.get(), SessionState.CREATED, SessionState.EXPIRED, "start URL used after it expired");
      return Optional.empty();
    }
    String secret = Tokens.secret();
    if (!store.activate(stored.get().id(), digest, SessionSecrets.digest(secret), now)) {
      return Optional.empty();
    }
    record(session.get(), SessionState.CREATED, SessionState.ACTIVE, "start URL opened");
    return restore(store.byId(stored.get().id()).orElseThrow(), secret);
  }

  /** The live session with this id, proven by its secret; expires it on the way when idle too long. */
  public Optional<PunchoutSession> find(String id, String secret) {
    Optional<SessionStore.StoredSession> stored = id == null ? Optional.empty() : store.byId(id);
    if (stored.isEmpty() || !SessionSecrets.matches(secret, stored.get().secretDigest())) {
      return Optional.empty();
    }
    return restore(stored.get(), secret).map(this::expireIfIdle);
  }

  /**
   * Looks up by id only, without proof of ownership: for the gateway's own bookkeeping and tests. The
   * session's {@link PunchoutSession#secret()} is then null.
   */
  public Optional<PunchoutSession> findById(String id) {
    Optional<SessionStore.StoredSession> stored = id == null ? Optional.empty() : store.byId(id);
    return stored.flatMap(s -> restore(s, null)).map(this::expireIfIdle);
  }

  public void touch(PunchoutSession session) {
    Instant now = clock.instant();
    store.touch(session.id(), now);
    session.touch(now);
  }

  public boolean changeState(PunchoutSession session, SessionState from, SessionState to, String reason) {
    if (!store.changeState(session.id(), from, to)) {
      store.byId(session.id()).ifPresent(s -> session.stateChanged(s.state()));
      return false;
    }
    session.stateChanged(to);
    record(session, from, to, reason);
    return true;
  }

  /**
   * Like {@link #changeState}, but only while the cart is still at the version this request rendered: false
   * when the state moved on or another request changed the cart meanwhile (then the cart is reloaded).
   */
  public boolean changeStateIfCartUnchanged(PunchoutSession session, SessionState from, SessionState to,
      long cartVersion, String reason) {
    if (!store.changeStateIfCartAt(session.id(), from, to, cartVersion)) {
      store.byId(session.id()).ifPresent(s -> session.stateChanged(s.state()));
      session.cart().reload();
      return false;
    }
    session.stateChanged(to);
    record(session, from, to, reason);
    return true;
  }

  public boolean cancel(PunchoutSession session, String reason) {
    return changeState(session, SessionState.ACTIVE, SessionState.CANCELLED, reason);
  }

  private Optional<PunchoutSession> restore(SessionStore.StoredSession s, String secret) {
    Optional<BuyerProfile> buyer = buyers.apply(s.buyerId());
    if (buyer.isEmpty()) {
      LOG.warn("punch-out session {} belongs to buyer {}, who is no longer configured", s.id(), s.buyerId());
      return Optional.empty();
    }
    SessionCodec.Context c = codec.context(s.context());
    return Optional.of(new PunchoutSession(s.id(), secret, c.csrfToken(), buyer.get(), s.createdAt(),
        s.startTokenExpiresAt(), c.returnUrl(), c.returnTarget(), SessionCodec.charset(c), c.ociEcho(),
        c.extraParameters(), c.cxml(), c.buyerReference(), c.landingArticle(), s.state(), s.lastActivity(),
        new CartStorage.Snapshot(codec.cart(s.cart()), s.cartVersion()), new StoredCart(s.id())));
  }

  /** The cart of one stored session: read and written through the store, with its version. */
  private final class StoredCart implements CartStorage {
    private final String sessionId;

    StoredCart(String sessionId) {
      this.sessionId = sessionId;
    }

    @Override
    public Snapshot load() {
      SessionStore.StoredSession s = store.byId(sessionId)
          .orElseThrow(() -> new IllegalStateException("punch-out session " + sessionId + " is gone"));
      return new Snapshot(codec.cart(s.cart()), s.cartVersion());
    }

    @Override
    public boolean save(List<CartLine> lines, long expectedVersion) {
      return store.saveCart(sessionId, codec.cart(lines), expectedVersion);
    }
  }

  private PunchoutSession expireIfIdle(PunchoutSession session) {
    Instant now = clock.instant();
    SessionState state = session.state();
    if (state == SessionState.ACTIVE && now.isAfter(session.lastActivity().plus(idleTtl))) {
      changeState(session, SessionState.ACTIVE, SessionState.EXPIRED, "no activity for " + idleTtl.toMinutes() + " min");
    } else if (state == SessionState.CREATED && now.isAfter(session.startTokenExpiresAt())) {
      changeState(session, SessionState.CREATED, SessionState.EXPIRED, "start URL never used");
    }
    return session;
  }

  /** Deletes sessions idle for twice the idle TTL, at most every 30 s per node. */
  private void sweepOccasionally() {
    Instant now = clock.instant();
    Instant last = lastSweep.get();
    if (now.isBefore(last.plusSeconds(30)) || !lastSweep.compareAndSet(last, now)) {
      return;
    }
    try {
      int deleted = store.deleteIdleBefore(now.minus(idleTtl).minus(idleTtl));
      if (deleted > 0) {
        LOG.info("deleted {} punch-out sessions idle for more than {} min", deleted, idleTtl.multipliedBy(2).toMinutes());
      }
    } catch (RuntimeException e) {
      LOG.warn("punch-out session clean-up failed: {}", e.getMessage());
    }
  }

  private void record(PunchoutSession s, SessionState from, SessionState to, String reason) {
    try {
      events.sessionChanged(new SessionEvent(clock.instant(), s.id(), s.buyer().id(), s.buyer().protocol().name(),
          from == null ? null : from.name(), to.name(), reason));
    } catch (RuntimeException e) {
      LOG.error("punch-out event log failed for session {}", s.id(), e);
    }
  }
}
