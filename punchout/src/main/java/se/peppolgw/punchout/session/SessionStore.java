package se.peppolgw.punchout.session;

import java.time.Instant;
import java.util.Optional;

/**
 * Where punch-out sessions and their carts live, so that any node of a cluster can serve any request and a
 * restart loses no open cart. The server keeps them in its database; {@link InMemorySessionStore} serves a
 * single node and this module's tests. Secrets are never stored: only SHA-256 digests of the session secret
 * and of the one-time start token ({@link SessionSecrets#digest}). Every write that decides something is
 * conditional (compare-and-set), so two nodes racing for one session cannot both win.
 */
public interface SessionStore {

  /** One stored session. {@code context} and {@code cart} are JSON written by {@link SessionCodec}. */
  record StoredSession(String id, String buyerId, String secretDigest, String startTokenDigest, SessionState state,
      Instant createdAt, Instant startTokenExpiresAt, Instant lastActivity, String context, String cart,
      long cartVersion) {
  }

  void insert(StoredSession session);

  Optional<StoredSession> byId(String id);

  /** The session whose unspent start token has this digest. */
  Optional<StoredSession> byStartTokenDigest(String startTokenDigest);

  /**
   * CREATED to ACTIVE: spends the start token and sets the session secret's digest, only when the token is
   * still unspent and the session still CREATED. True for exactly one caller.
   */
  boolean activate(String id, String startTokenDigest, String secretDigest, Instant now);

  /** Changes the state only when it is still {@code from}. */
  boolean changeState(String id, SessionState from, SessionState to);

  /**
   * Changes the state only when it is still {@code from} and the cart is still at {@code cartVersion}: a cart
   * is sent back exactly as it was rendered, never while another request is adding a line.
   */
  boolean changeStateIfCartAt(String id, SessionState from, SessionState to, long cartVersion);

  /** Records activity (never moves it backwards). */
  void touch(String id, Instant at);

  /** Replaces the cart only when it is still at {@code expectedVersion}; the new version is one more. */
  boolean saveCart(String id, String cart, long expectedVersion);

  /** Deletes every session whose last activity is before {@code cutoff}; returns how many. */
  int deleteIdleBefore(Instant cutoff);
}
