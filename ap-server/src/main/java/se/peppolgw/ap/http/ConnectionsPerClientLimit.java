package se.peppolgw.ap.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a new connection when its client address already holds the maximum number of open
 * connections. Jetty's own {@code ConnectionLimit} and {@code NetworkConnectionLimit} count all
 * clients together (one client can use up the whole allowance and lock everyone else out), and
 * its {@code ThreadLimitHandler} bounds threads, not sockets; this is the per-address part.
 *
 * <p>Counted on the TCP peer address: behind a reverse proxy every client is the proxy, so the
 * limit must then be at least the proxy's connection pool.
 */
final class ConnectionsPerClientLimit implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerClientLimit.class);

  private final long max;
  private final ConcurrentHashMap<InetAddress, Long> open = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();
  /** Admitted connections and their client: a closed end point no longer knows its peer. */
  private final ConcurrentHashMap<Connection, InetAddress> admitted = new ConcurrentHashMap<>();

  ConnectionsPerClientLimit(long max) {
    this.max = max;
  }

  @Override
  public void onOpened(Connection connection) {
    InetAddress client = clientOf(connection.getEndPoint());
    if (client == null) {
      return;
    }
    long n = open.merge(client, 1L, Long::sum);
    if (n > max) {
      release(client);
      // One line per 1,000 refusals: the refusals themselves are what a flood looks like.
      if (refused.getAndIncrement() % 1000 == 0) {
        LOG.warn("Client {} holds {} connections (limit gateway.http.max-connections-per-client = {}):"
            + " closing new ones", client.getHostAddress(), n - 1, max);
      }
      connection.getEndPoint().close();
      return;
    }
    admitted.put(connection, client);
  }

  @Override
  public void onClosed(Connection connection) {
    InetAddress client = admitted.remove(connection);
    if (client != null) {
      release(client);
    }
  }

  private void release(InetAddress client) {
    open.computeIfPresent(client, (a, count) -> count <= 1 ? null : count - 1);
  }

  private static InetAddress clientOf(EndPoint endPoint) {
    SocketAddress a = endPoint.getRemoteSocketAddress();
    return a instanceof InetSocketAddress isa ? isa.getAddress() : null;
  }
}
