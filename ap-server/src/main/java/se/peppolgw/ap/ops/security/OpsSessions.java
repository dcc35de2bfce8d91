package se.peppolgw.ap.ops.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import se.peppolgw.ap.store.OpsSessionStore;

/**
 * Operator login sessions, kept in the database so that any node serves any request and a restart
 * logs nobody out: a random session id for the cookie (stored only as its SHA-256) and a separate
 * random CSRF token for every form. A session ends after the idle timeout without a request.
 */
public final class OpsSessions {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Extending a session's life is a write; one per minute of use is enough. */
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  /** One logged-in browser. */
  public record Session(String id, Operator operator, String csrfToken, Instant lastSeen) {}

  private final OpsSessionStore store;
  private final Duration idle;
  private final Clock clock;

  public OpsSessions(OpsSessionStore store, Duration idle, Clock clock) {
    this.store = store;
    this.idle = idle;
    this.clock = clock;
  }

  public Session open(Operator operator) {
    Instant now = clock.instant();
    Session s = new Session(random(), operator, random(), now);
    store.insert(
        sha256(s.id()),
        new OpsSessionStore.Row(operator.name(), operator.role().name(), s.csrfToken(), now, now.plus(idle)),
        now);
    return s;
  }

  /** The live session with this id; using it extends its life. */
  public Optional<Session> find(String id) {
    if (id == null || !id.matches("[A-Za-z0-9_-]{20,100}")) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    String key = sha256(id);
    Optional<OpsSessionStore.Row> row = store.find(key, now);
    if (row.isEmpty()) {
      return Optional.empty();
    }
    OpsSessionStore.Row r = row.get();
    OperatorRole role;
    try {
      role = OperatorRole.valueOf(r.role());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (r.lastSeen().plus(TOUCH_EVERY).isBefore(now)) {
      store.touch(key, now, now.plus(idle));
    }
    return Optional.of(new Session(id, new Operator(r.operatorName(), role, false), r.csrfToken(), now));
  }

  public void close(String id) {
    if (id != null) {
      store.delete(sha256(id));
    }
  }

  /** Removes expired sessions (run periodically); returns how many. */
  public int expire() {
    return store.deleteExpired(clock.instant());
  }

  public static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
