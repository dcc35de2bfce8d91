package se.peppolgw.ap.outbound;

import com.helger.phase4.ebms3header.Ebms3Error;
import com.helger.phase4.ebms3header.Ebms3SignalMessage;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import com.helger.phase4.util.Phase4Exception;
import java.util.ArrayList;
import java.util.List;
import se.peppolgw.ap.outbound.AttemptResult.Verdict;

/**
 * Judges what phase4 reported about one attempt. A receipt only counts when it refers to our
 * message and its NonRepudiationInformation matches what we signed; an AS4 error from the
 * receiver is final; transport trouble, HTTP errors and missing or unusable signals are worth
 * another try.
 */
final class AttemptClassifier {
  private AttemptClassifier() {}

  /**
   * The classifier's answer: delivered (no failure), or a failure kind with its stored code and
   * the detail in words. Retried exactly when the kind is retryable.
   */
  record Judgement(SendFailure failure, String code, String detail) {
    static final Judgement DELIVERED = new Judgement(null, null, null);

    static Judgement failed(SendFailure failure, String detail) {
      return new Judgement(failure, failure.code(null), detail);
    }

    static Judgement failed(SendFailure failure, String qualified, String detail) {
      return new Judgement(failure, failure.code(qualified), detail);
    }

    Verdict verdict() {
      if (failure == null) {
        return Verdict.DELIVERED;
      }
      return failure.isRetryable() ? Verdict.RETRY : Verdict.PERMANENT;
    }
  }

  static Judgement judge(
      EAS4UserMessageSendResult result,
      Ebms3SignalMessage signal,
      ReceiptCheck.Outcome nrr,
      List<String> nrrErrors,
      String sentMessageId,
      int httpStatus,
      boolean responseReceived,
      Phase4Exception exception) {
    String http = httpStatus > 0 ? " (HTTP " + httpStatus + ")" : "";
    if ((result == EAS4UserMessageSendResult.TRANSPORT_ERROR
            || result == EAS4UserMessageSendResult.TRANSPORT_ERROR_NO_RETRY)
        && !responseReceived
        && tlsFailure(exception) != null) {
      return tlsRefused();
    }
    return switch (result) {
      case SUCCESS -> judgeReceipt(signal, nrr, nrrErrors, sentMessageId);
      case AS4_ERROR_MESSAGE_RECEIVED -> judgeError(signal, httpStatus);
      case TRANSPORT_ERROR ->
          orHttp(SendFailure.TRANSPORT_ERROR, httpStatus,
              "Could not reach the receiving access point" + http + ": " + plain(exception));
      case NO_SIGNAL_MESSAGE_RECEIVED ->
          orHttp(SendFailure.NO_SIGNAL, httpStatus,
              "The receiver answered without an AS4 signal" + http
                  + (exception == null ? "" : ": " + plain(exception)));
      case INVALID_SIGNAL_MESSAGE_RECEIVED ->
          Judgement.failed(SendFailure.INVALID_SIGNAL,
              "The receiver answered with a signal that is neither a receipt nor an error" + http);
      // phase4 marks its failures to parse an answer as "no retry" (they were written for the
      // receiving side), but the message did go out and the answer was unusable: a proxy's page,
      // a truncated or garbled response. Another attempt may well meet a sane receiver.
      case TRANSPORT_ERROR_NO_RETRY -> responseReceived
          ? orHttp(SendFailure.INVALID_RESPONSE, httpStatus,
              "The receiver's answer" + http + " is not a usable AS4 message: " + plain(exception))
          : isCertificateProblem(exception)
              ? Judgement.failed(SendFailure.RECEIVER_CERTIFICATE_INVALID,
                  "Not sendable: the receiving access point's certificate (from its SMP) is not acceptable")
              : Judgement.failed(SendFailure.SEND_REFUSED,
                  "Not sendable: phase4 refused to send the message (see the timeline)");
      case INVALID_PARAMETERS ->
          Judgement.failed(SendFailure.INVALID_PARAMETERS,
              "phase4 refused the message parameters (see the timeline and the gateway log)");
    };
  }

  /** An HTTP error status says more than phase4's result: the kind of its status family. */
  private static Judgement orHttp(SendFailure otherwise, int httpStatus, String detail) {
    if (httpStatus >= 500) {
      return Judgement.failed(SendFailure.HTTP_SERVER_ERROR, SendFailure.httpCode(httpStatus), detail);
    }
    if (httpStatus >= 400) {
      return Judgement.failed(SendFailure.HTTP_CLIENT_ERROR, SendFailure.httpCode(httpStatus), detail);
    }
    return Judgement.failed(otherwise, detail);
  }

  private static Judgement judgeReceipt(
      Ebms3SignalMessage signal, ReceiptCheck.Outcome nrr, List<String> nrrErrors, String sentId) {
    String ref =
        signal == null || signal.getMessageInfo() == null
            ? null
            : signal.getMessageInfo().getRefToMessageId();
    if (!sentId.equals(ref)) {
      return Judgement.failed(
          SendFailure.RECEIPT_NOT_FOR_US,
          "The receipt refers to message " + ref + ", not to the message sent (" + sentId + ")");
    }
    return switch (nrr) {
      case MATCHED -> Judgement.DELIVERED;
      case MISMATCH ->
          Judgement.failed(
              SendFailure.RECEIPT_NOT_VERIFIED,
              "The receipt's NonRepudiationInformation does not match the message sent: "
                  + String.join("; ", nrrErrors));
      case NO_REFERENCES, NOT_RUN ->
          Judgement.failed(
              SendFailure.RECEIPT_WITHOUT_NRR,
              "The receipt carries no NonRepudiationInformation to verify against the message sent");
    };
  }

  private static Judgement judgeError(Ebms3SignalMessage signal, int httpStatus) {
    List<String> codes = new ArrayList<>();
    List<String> details = new ArrayList<>();
    if (signal != null) {
      for (Ebms3Error e : signal.getError()) {
        codes.add(e.getErrorCode());
        StringBuilder sb = new StringBuilder(String.valueOf(e.getErrorCode()));
        if (e.getShortDescription() != null) {
          sb.append(' ').append(e.getShortDescription());
        }
        if (e.getErrorDetail() != null) {
          sb.append(": ").append(e.getErrorDetail());
        }
        if (e.getDescription() != null && e.getDescription().getValue() != null) {
          sb.append(" (").append(e.getDescription().getValue()).append(')');
        }
        details.add(sb.toString());
      }
    }
    // An error signal is final, except on 503 Service Unavailable: the receiver says it is
    // temporarily unable to take the message (this gateway answers a store failure with
    // EBMS:0004 "NOT received, retry later" on a 503), so the message is tried again.
    boolean temporary = httpStatus == 503;
    String detail = "The receiving access point answered with an AS4 error"
        + (temporary ? " on HTTP 503 (temporarily unavailable)" : "") + ": " + String.join("; ", details);
    String first = codes.isEmpty() ? null : codes.get(0);
    if (!SendFailure.RECEIVER_AS4_ERROR.accepts(first)) {
      // no code, or one outside the EBMS range: the signal is kept, its words are in the detail
      return temporary
          ? Judgement.failed(SendFailure.HTTP_SERVER_ERROR, SendFailure.httpCode(httpStatus), detail)
          : Judgement.failed(SendFailure.AS4_ERROR, detail);
    }
    return Judgement.failed(
        temporary ? SendFailure.RECEIVER_UNAVAILABLE : SendFailure.RECEIVER_AS4_ERROR, first, detail);
  }

  /**
   * A refused TLS handshake is retried: nothing reached the receiver, the usual causes (an expired
   * or renewed certificate, a missing intermediate) are fixed on their side within hours, and the
   * retry policy gives up in the end. The detail says in plain words why it was refused.
   */
  private static Judgement tlsRefused() {
    return Judgement.failed(
        SendFailure.TLS_HANDSHAKE_FAILED,
        "TLS handshake with the receiving access point failed, nothing was sent: its server"
            + " certificate is not issued by a trusted CA (JDK trust store or"
            + " gateway.outbound.tls.truststore.path), has expired, or is not for this host name;"
            + " or no TLS 1.2+ connection could be agreed");
  }

  /** The TLS exception behind a transport failure, or null. */
  static javax.net.ssl.SSLException tlsFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException ssl) {
        return ssl;
      }
    }
    return null;
  }

  private static boolean isCertificateProblem(Phase4Exception e) {
    String m = message(e).toLowerCase(java.util.Locale.ROOT);
    return m.contains("certificate");
  }

  /**
   * The failure in plain words ("connection refused", "timed out"); the exception chain itself is
   * kept on the attempt's timeline entry ({@link #message}), not in the transmission's verdict.
   */
  static String plain(Throwable t) {
    TransportCause cause = TransportCause.of(t);
    return cause == TransportCause.OTHER ? innermostMessage(t) : cause.words();
  }

  /** The innermost message, without exception class names (phase4 wraps the real one). */
  private static String innermostMessage(Throwable t) {
    String m = null;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        m = c.getMessage();
      }
    }
    return m == null ? "no details (see the timeline)" : m;
  }

  /** The exception chain, technical: for the timeline only. */
  static String message(Throwable t) {
    if (t == null) {
      return "no details";
    }
    StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
    for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      sb.append(" <- ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
    }
    return sb.toString();
  }
}
