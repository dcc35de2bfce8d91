package se.peppolgw.ap.outbound;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why a connection to the receiving access point failed, in the words an operator uses ("connection
 * refused", "timed out"), read from the innermost known cause of phase4's wrapped exception. The
 * exception chain itself stays in the attempt's timeline entry for whoever digs deeper.
 */
enum TransportCause {
  TLS_HANDSHAKE_FAILED("TLS handshake failed"),
  HOST_NOT_FOUND("host name not found (DNS)"),
  NO_ROUTE("no route to the host (network unreachable)"),
  CONNECTION_REFUSED("connection refused"),
  CONNECT_TIMEOUT("connection timed out"),
  READ_TIMEOUT("no answer in time (timed out)"),
  CONNECTION_RESET("connection reset by the receiver"),
  CLOSED_WITHOUT_ANSWER("the receiver closed the connection without answering"),
  OTHER("network failure");

  private final String words;

  TransportCause(String words) {
    this.words = words;
  }

  /** Plain words for the cause, e.g. "connection refused". */
  String words() {
    return words;
  }

  /** The innermost recognised cause in the chain; OTHER when none is recognised or t is null. */
  static TransportCause of(Throwable t) {
    TransportCause found = OTHER;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      TransportCause here = single(c);
      if (here != OTHER) {
        found = here;
      }
    }
    return found;
  }

  private static TransportCause single(Throwable c) {
    String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
    String type = c.getClass().getSimpleName();
    if (c instanceof SSLException) {
      return TLS_HANDSHAKE_FAILED;
    }
    if (c instanceof UnknownHostException) {
      return HOST_NOT_FOUND;
    }
    if (c instanceof NoRouteToHostException) {
      return NO_ROUTE;
    }
    if (c instanceof ConnectException) {
      return m.contains("timed out") ? CONNECT_TIMEOUT : CONNECTION_REFUSED;
    }
    // httpclient's ConnectTimeoutException and the JDK's SocketTimeoutException both extend it
    if (c instanceof InterruptedIOException) {
      return type.startsWith("Connect") ? CONNECT_TIMEOUT : READ_TIMEOUT;
    }
    if (type.equals("NoHttpResponseException")) {
      return CLOSED_WITHOUT_ANSWER;
    }
    if (c instanceof SocketException && (m.contains("reset") || m.contains("broken pipe"))) {
      return CONNECTION_RESET;
    }
    return OTHER;
  }
}
