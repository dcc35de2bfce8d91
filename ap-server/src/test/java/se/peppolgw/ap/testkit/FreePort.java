package se.peppolgw.ap.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port that a test can name before anything listens on it (peers that must know each other's
 * URLs before they start). {@code new ServerSocket(0)} hands out a port from the kernel's
 * ephemeral range, and between closing that probe and the gateway's bind, an outgoing connection
 * of any test may take the same port ("Address already in use", CI, 2026-12-06). Ports below
 * Linux's ephemeral range (32768-60999) are never given to outgoing connections.
 */
public final class FreePort {
  private static final int LOW = 20_000;
  private static final int HIGH = 32_000;

  private FreePort() {}

  /** A port in 20000-31999 that nothing listens on now. */
  public static int forLaterBind() throws IOException {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return probe.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port in " + LOW + "-" + (HIGH - 1));
  }
}
