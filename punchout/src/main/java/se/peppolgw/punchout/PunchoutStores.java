package se.peppolgw.punchout;

import se.peppolgw.punchout.security.InMemoryLoginFailureStore;
import se.peppolgw.punchout.security.LoginFailureStore;
import se.peppolgw.punchout.session.InMemorySessionStore;
import se.peppolgw.punchout.session.SessionStore;

/**
 * Where the punch-out gateway keeps what must outlive one request: sessions with their carts, and failed
 * logins. The server passes database-backed stores so that several nodes share them; {@link #inMemory()} is
 * for a single node and tests.
 */
public record PunchoutStores(SessionStore sessions, LoginFailureStore loginFailures) {
  public static PunchoutStores inMemory() {
    return new PunchoutStores(new InMemorySessionStore(), new InMemoryLoginFailureStore());
  }
}
