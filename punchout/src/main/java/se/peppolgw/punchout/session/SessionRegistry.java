package se.peppolgw.punchout.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.punchout.PunchoutEventLog;
import se.peppolgw.punchout.event.SessionEvent;
import se.peppolgw.punchout.security.SecretHasher;

/**
 * All punch-out sessions of this node, in memory. Every state change goes through here and is recorded in
 * the event log. Expiry: the start URL is valid for {@code startTtl}; an active session ends after
 * {@code idleTtl} without activity; a finished session is forgotten after {@code idleTtl}.
 */
public final class SessionRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
  private final Clock clock;
  private final Duration startTtl;
  private final Duration idleTtl;
  private final PunchoutEventLog events;
  private final Map<String, PunchoutSession> byId = new ConcurrentHashMap<>();
  private final Map<String, PunchoutSession> byStartToken = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> lastSweep;

  public SessionRegistry(Clock clock, Duration startTtl, Duration idleTtl, PunchoutEventLog events) {
    this.clock = clock;
    this.startTtl = startTtl;
    this.idleTtl = idleTtl;
    this.events = events;
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

  public PunchoutSession register(PunchoutSession session) {
    sweepOccasionally();
    byId.put(session.id(), session);
    byStartToken.put(session.startToken(), session);
    record(session, null, SessionState.CREATED, "setup accepted");
    return session;
  }

  /**
   * Uses a one-time start token. Returns the session only the first time and only within the start TTL;
   * a replayed or expired token yields empty (the caller shows the same "link no longer valid" page).
   */
  public Optional<PunchoutSession> consumeStartToken(String token) {
    if (token == null) {
      return Optional.empty();
    }
    PunchoutSession session = byStartToken.remove(token);
    if (session == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (now.isAfter(session.startTokenExpiresAt())) {
      changeState(session, SessionState.CREATED, SessionState.EXPIRED, "start URL used after it expired");
      return Optional.empty();
    }
    if (!changeState(session, SessionState.CREATED, SessionState.ACTIVE, "start URL opened")) {
      return Optional.empty();
    }
    session.touch(now);
    return Optional.of(session);
  }

  /** The live session with this id, proven by its secret; expires it on the way when idle too long. */
  public Optional<PunchoutSession> find(String id, String secret) {
    PunchoutSession session = id == null ? null : byId.get(id);
    if (session == null || !SecretHasher.constantTimeEquals(session.secret(), secret)) {
      return Optional.empty();
    }
    expireIfIdle(session);
    return Optional.of(session);
  }

  /** Looks up by id only, for flows that authenticate another way (the cart API's session secret). */
  public Optional<PunchoutSession> findById(String id) {
    PunchoutSession session = id == null ? null : byId.get(id);
    if (session != null) {
      expireIfIdle(session);
    }
    return Optional.ofNullable(session);
  }

  public void touch(PunchoutSession session) {
    session.touch(clock.instant());
  }

  public boolean changeState(PunchoutSession session, SessionState from, SessionState to, String reason) {
    if (!session.transition(from, to)) {
      return false;
    }
    record(session, from, to, reason);
    return true;
  }

  public boolean cancel(PunchoutSession session, String reason) {
    return changeState(session, SessionState.ACTIVE, SessionState.CANCELLED, reason);
  }

  private void expireIfIdle(PunchoutSession session) {
    Instant now = clock.instant();
    SessionState state = session.state();
    if (state == SessionState.ACTIVE && now.isAfter(session.lastActivity().plus(idleTtl))) {
      changeState(session, SessionState.ACTIVE, SessionState.EXPIRED, "no activity for " + idleTtl.toMinutes() + " min");
    } else if (state == SessionState.CREATED && now.isAfter(session.startTokenExpiresAt())) {
      byStartToken.remove(session.startToken());
      changeState(session, SessionState.CREATED, SessionState.EXPIRED, "start URL never used");
    }
  }

  private void sweepOccasionally() {
    Instant now = clock.instant();
    Instant last = lastSweep.get();
    if (now.isBefore(last.plusSeconds(30)) || !lastSweep.compareAndSet(last, now)) {
      return;
    }
    for (PunchoutSession s : byId.values()) {
      expireIfIdle(s);
      if (s.state().isFinal() && now.isAfter(s.lastActivity().plus(idleTtl).plus(idleTtl))) {
        byId.remove(s.id());
        byStartToken.remove(s.startToken());
      }
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
