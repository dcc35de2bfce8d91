package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.phase4.sender.EAS4UserMessageSendResult;
import com.helger.phase4.util.Phase4Exception;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.junit.jupiter.api.Test;

/** A transport failure reads as its cause in plain words; the exception chain is for the timeline. */
class TransportCauseTest {
  static Phase4Exception wrapped(Throwable cause) {
    return new Phase4Exception("Wrapped Phase4Exception", cause);
  }

  @Test
  void theInnermostKnownCauseNamesTheFailure() {
    assertEquals(TransportCause.CONNECTION_REFUSED,
        TransportCause.of(wrapped(new HttpHostConnectException("Connect to http://127.0.0.1:9 failed: Connection refused"))));
    assertEquals(TransportCause.CONNECT_TIMEOUT, TransportCause.of(wrapped(new ConnectTimeoutException("Connect timed out"))));
    assertEquals(TransportCause.CONNECT_TIMEOUT, TransportCause.of(wrapped(new ConnectException("connect timed out"))));
    assertEquals(TransportCause.READ_TIMEOUT, TransportCause.of(wrapped(new SocketTimeoutException("Read timed out"))));
    assertEquals(TransportCause.HOST_NOT_FOUND, TransportCause.of(wrapped(new UnknownHostException("ap.example"))));
    assertEquals(TransportCause.NO_ROUTE, TransportCause.of(wrapped(new NoRouteToHostException("No route"))));
    assertEquals(TransportCause.CONNECTION_RESET, TransportCause.of(wrapped(new SocketException("Connection reset"))));
    assertEquals(TransportCause.TLS_HANDSHAKE_FAILED,
        TransportCause.of(wrapped(new javax.net.ssl.SSLHandshakeException("PKIX path building failed"))));
    assertEquals(TransportCause.OTHER, TransportCause.of(wrapped(new IllegalStateException("odd"))));
    assertEquals(TransportCause.OTHER, TransportCause.of(null));
  }

  @Test
  void aRefusedConnectionIsJudgedInWordsWithoutTheExceptionChain() {
    var j = AttemptClassifier.judge(EAS4UserMessageSendResult.TRANSPORT_ERROR, null, ReceiptCheck.Outcome.NOT_RUN,
        List.of(), "m-1", 0, false,
        wrapped(new HttpHostConnectException("Connect to http://127.0.0.1:9 failed: Connection refused")));
    assertEquals("TRANSPORT_ERROR", j.code());
    assertEquals("Could not reach the receiving access point: connection refused", j.detail());
    assertFalse(j.detail().contains("Phase4Exception") || j.detail().contains("<-"), j.detail());
  }

  @Test
  void anUnrecognisedFailureKeepsItsInnermostMessageAndTheChainStaysForTheTimeline() {
    Phase4Exception e = wrapped(new IllegalStateException("odd"));
    var j = AttemptClassifier.judge(EAS4UserMessageSendResult.TRANSPORT_ERROR, null, ReceiptCheck.Outcome.NOT_RUN,
        List.of(), "m-1", 502, true, e);
    assertEquals("HTTP_502", j.code());
    assertTrue(j.detail().endsWith("(HTTP 502): odd"), j.detail());
    assertTrue(AttemptClassifier.message(e).contains("IllegalStateException: odd"));
  }
}
