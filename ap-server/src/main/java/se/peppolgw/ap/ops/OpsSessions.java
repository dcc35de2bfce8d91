package se.peppolgw.ap.ops;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Operator login sessions, held in memory (with several nodes, route /ops with sticky sessions):
 * a random session id for the cookie and a separate random CSRF token for every form.
 */
public final class OpsSessions {
  private static final int MAX_SESSIONS = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One logged-in browser. */
  public record Session(String id, Operator operator, String csrfToken, Instant lastSeen) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Duration idle;
  private final Clock clock;

  public OpsSessions(Duration idle, Clock clock) {
    this.idle = idle;
    this.clock = clock;
  }

  public Session open(Operator operator) {
    if (sessions.size() >= MAX_SESSIONS) {
      expire();
    }
    Session s = new Session(random(), operator, random(), clock.instant());
    sessions.put(s.id(), s);
    return s;
  }

  /** The live session with this id; touching it extends its life. */
  public Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (s.lastSeen().plus(idle).isBefore(now)) {
      sessions.remove(id);
      return Optional.empty();
    }
    Session touched = new Session(s.id(), s.operator(), s.csrfToken(), now);
    sessions.put(id, touched);
    return Optional.of(touched);
  }

  public void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  private void expire() {
    Instant limit = clock.instant().minus(idle);
    sessions.values().removeIf(s -> s.lastSeen().isBefore(limit));
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().stream()
          .min(java.util.Comparator.comparing(Session::lastSeen))
          .ifPresent(s -> sessions.remove(s.id()));
    }
  }

  static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
