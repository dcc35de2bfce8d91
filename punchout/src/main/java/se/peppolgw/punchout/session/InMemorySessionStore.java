package se.peppolgw.punchout.session;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Sessions of one node, in memory: a single node without database, and this module's tests. */
public final class InMemorySessionStore implements SessionStore {
  private final Map<String, StoredSession> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idByStartToken = new ConcurrentHashMap<>();

  @Override
  public void insert(StoredSession s) {
    if (byId.putIfAbsent(s.id(), s) != null) {
      throw new IllegalStateException("session id already used: " + s.id());
    }
    if (s.startTokenDigest() != null) {
      idByStartToken.put(s.startTokenDigest(), s.id());
    }
  }

  @Override
  public Optional<StoredSession> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public Optional<StoredSession> byStartTokenDigest(String digest) {
    String id = idByStartToken.get(digest);
    return id == null ? Optional.empty() : byId(id);
  }

  @Override
  public boolean activate(String id, String startTokenDigest, String secretDigest, Instant now) {
    if (!idByStartToken.remove(startTokenDigest, id)) {
      return false;
    }
    AtomicBoolean done = new AtomicBoolean();
    byId.computeIfPresent(id, (k, s) -> {
      if (s.state() != SessionState.CREATED || !startTokenDigest.equals(s.startTokenDigest())) {
        return s;
      }
      done.set(true);
      return new StoredSession(s.id(), s.buyerId(), secretDigest, null, SessionState.ACTIVE, s.createdAt(),
          s.startTokenExpiresAt(), now, s.context(), s.cart(), s.cartVersion());
    });
    return done.get();
  }

  @Override
  public boolean changeState(String id, SessionState from, SessionState to) {
    return changeState(id, from, to, null);
  }

  @Override
  public boolean changeStateIfCartAt(String id, SessionState from, SessionState to, long cartVersion) {
    return changeState(id, from, to, cartVersion);
  }

  private boolean changeState(String id, SessionState from, SessionState to, Long cartVersion) {
    AtomicBoolean done = new AtomicBoolean();
    byId.computeIfPresent(id, (k, s) -> {
      if (s.state() != from || cartVersion != null && s.cartVersion() != cartVersion) {
        return s;
      }
      done.set(true);
      if (s.startTokenDigest() != null) {
        idByStartToken.remove(s.startTokenDigest());
      }
      return new StoredSession(s.id(), s.buyerId(), s.secretDigest(), null, to, s.createdAt(),
          s.startTokenExpiresAt(), s.lastActivity(), s.context(), s.cart(), s.cartVersion());
    });
    return done.get();
  }

  @Override
  public void touch(String id, Instant at) {
    byId.computeIfPresent(id, (k, s) -> at.isAfter(s.lastActivity())
        ? new StoredSession(s.id(), s.buyerId(), s.secretDigest(), s.startTokenDigest(), s.state(), s.createdAt(),
            s.startTokenExpiresAt(), at, s.context(), s.cart(), s.cartVersion())
        : s);
  }

  @Override
  public boolean saveCart(String id, String cart, long expectedVersion) {
    AtomicBoolean done = new AtomicBoolean();
    byId.computeIfPresent(id, (k, s) -> {
      if (s.cartVersion() != expectedVersion) {
        return s;
      }
      done.set(true);
      return new StoredSession(s.id(), s.buyerId(), s.secretDigest(), s.startTokenDigest(), s.state(), s.createdAt(),
          s.startTokenExpiresAt(), s.lastActivity(), s.context(), cart, expectedVersion + 1);
    });
    return done.get();
  }

  @Override
  public int deleteIdleBefore(Instant cutoff) {
    int before = byId.size();
    byId.values().removeIf(s -> s.lastActivity().isBefore(cutoff));
    idByStartToken.values().removeIf(id -> !byId.containsKey(id));
    return before - byId.size();
  }
}
