package se.peppolgw.smp.smp;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;

import javax.net.ssl.SSLException;

import com.helger.smpclient.exception.SMPClientBadResponseException;
import com.helger.smpclient.exception.SMPClientException;
import com.helger.smpclient.exception.SMPClientHttpException;

import se.peppolgw.smp.FailureKind;
import se.peppolgw.smp.SmpLookupException;

/** Maps what the peppol-commons SMP client throws onto our failure kinds. */
final class SmpFailures {
  private SmpFailures() {
  }

  static SmpLookupException classify(SMPClientException e, URI smpUrl) {
    String where = "SMP " + smpUrl + ": " + firstLine(e.getMessage());
    if (e instanceof SMPClientHttpException http) {
      return new SmpLookupException(FailureKind.SMP_BAD_RESPONSE, "HTTP " + http.getResponseStatusCode() + " from" + where, e);
    }
    if (e instanceof SMPClientBadResponseException && mentionsSignature(e)) {
      // The library throws this one class for "empty", "not XML", "signature invalid" and "malformed";
      // its message (and that of the cause) is the only way to tell the signature cases apart.
      return new SmpLookupException(FailureKind.SMP_SIGNATURE_INVALID, where + causeText(e), e);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return new SmpLookupException(FailureKind.SMP_TLS_HANDSHAKE_FAILED, where + causeText(e), e);
      }
      if (t instanceof InterruptedIOException && !(t instanceof ClosedByInterruptException)) {
        // SocketTimeoutException (read) and httpclient's ConnectTimeoutException (connect)
        return new SmpLookupException(FailureKind.TIMEOUT, where, e);
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
          || t instanceof SocketException) {
        // note: the library reports a refused connection as "participant not found"; it is not
        return new SmpLookupException(FailureKind.SMP_UNREACHABLE, where + causeText(e), e);
      }
    }
    if (e.getMessage() != null && e.getMessage().contains("certificate subject")) {
      // a followed SMP redirect was signed by another certificate than the redirect named
      return new SmpLookupException(FailureKind.SMP_SIGNATURE_INVALID, where, e);
    }
    return new SmpLookupException(FailureKind.SMP_BAD_RESPONSE, where + causeText(e), e);
  }

  /** Failures that say the SMP host is unwell (they count towards its circuit breaker). */
  static boolean isHostFailure(FailureKind kind) {
    return kind == FailureKind.SMP_UNREACHABLE || kind == FailureKind.TIMEOUT || kind == FailureKind.SMP_BAD_RESPONSE
        || kind == FailureKind.SMP_TLS_HANDSHAKE_FAILED;
  }

  private static boolean mentionsSignature(Throwable e) {
    String m = e.getMessage();
    return m != null && m.toLowerCase(java.util.Locale.ROOT).contains("signature");
  }

  /** The root cause, when the top-level message does not already say it. */
  private static String causeText(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String rootMessage = firstLine(root.getMessage());
    if (root == e || (e.getMessage() != null && rootMessage != null && e.getMessage().contains(rootMessage))) {
      return "";
    }
    return " (" + root.getClass().getSimpleName() + ": " + rootMessage + ")";
  }

  /** Some exceptions carry the whole HTTP response (headers, body) in their message; keep the first line. */
  static String firstLine(String message) {
    if (message == null) {
      return null;
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl).strip();
  }

  /** A one-line description for the trace: the wrapped cause of httpclient's message-less wrappers. */
  static String describe(Throwable e) {
    Throwable t = e;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + firstLine(t.getMessage());
  }
}
