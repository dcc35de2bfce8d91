package se.peppolgw.ap.outbound;

import com.helger.phase4.ebms3header.Ebms3SignalMessage;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import com.helger.phase4.util.Phase4Exception;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import se.peppolgw.ap.outbound.AttemptResult.Verdict;

/**
 * Judges what phase4 reported about one attempt by walking the {@link Recognition}s the {@link
 * SendFailure} constants declare, in the precedence {@link Recognition} documents (an exception
 * type in the cause chain, then the receiver's signal, then the HTTP status, then words of the
 * message, then phase4's result alone; narrower first; then enum order). The first that recognises
 * the attempt names its kind; a send that phase4 calls a success and that no kind recognises (the
 * receipt refers to our message and its NonRepudiationInformation matches) is delivered.
 */
final class AttemptClassifier {
  private AttemptClassifier() {}

  /** A kind and one of its recognitions: one step of the walk. */
  record Candidate(SendFailure failure, Recognition recognition) {}

  /** Every recognition of an attempt (not of a lookup), in the order they are tried. */
  static final List<Candidate> ORDER = order();

  private static List<Candidate> order() {
    List<Candidate> all = new ArrayList<>();
    for (SendFailure f : SendFailure.values()) {
      for (Recognition r : f.recognitions()) {
        if (!r.isLookup() && !r.isOwnCode()) {
          all.add(new Candidate(f, r));
        }
      }
    }
    // a stable sort: equal precedence and narrowness keep the enum's order
    all.sort(Comparator.comparing((Candidate c) -> c.recognition().precedence())
        .thenComparing(c -> -c.recognition().narrowness()));
    return List.copyOf(all);
  }

  /**
   * The classifier's answer: delivered (no failure), or a failure kind with its stored code and
   * the detail in words. Retried exactly when the kind is retryable.
   */
  record Judgement(SendFailure failure, String code, String detail) {
    static final Judgement DELIVERED = new Judgement(null, null, null);

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
    return judge(new AttemptEvidence(
        result, signal, nrr, nrrErrors, sentMessageId, httpStatus, responseReceived, exception));
  }

  static Judgement judge(AttemptEvidence e) {
    for (Candidate c : ORDER) {
      if (c.recognition().recognises(e)) {
        String detail = c.recognition().detail(e).orElseGet(() -> describe(e));
        return new Judgement(c.failure(), storedCode(c.failure(), e), detail);
      }
    }
    if (e.result() == EAS4UserMessageSendResult.SUCCESS) {
      return Judgement.DELIVERED;
    }
    // a result of a newer phase4 that no kind recognises yet: nothing confirmed arrived, so try
    // again (SendFailureRecognitionTest fails for such a result, so this is a safety net only)
    return new Judgement(SendFailure.TRANSPORT_ERROR, SendFailure.TRANSPORT_ERROR.code(), describe(e));
  }

  /** The code to store: a fixed code, or for a family the first outside value of its shape. */
  static String storedCode(SendFailure f, AttemptEvidence e) {
    if (!f.isFamily()) {
      return f.code();
    }
    for (String outside : e.outsideCodes()) {
      if (f.accepts(outside)) {
        return outside;
      }
    }
    throw new IllegalStateException(f + " recognised an attempt without a value of its shape " + f.code()
        + " (HTTP " + e.httpStatus() + ", error code " + e.firstErrorCode() + ")");
  }

  /**
   * What phase4's result says, in words: the detail of a kind that has no words of its own.
   */
  static String describe(AttemptEvidence e) {
    String http = e.http();
    return switch (e.result()) {
      case SUCCESS -> "The receiving access point answered with a receipt" + http;
      case AS4_ERROR_MESSAGE_RECEIVED -> "The receiving access point answered with an AS4 error"
          + (e.httpStatus() == 503 ? " on HTTP 503 (temporarily unavailable)" : "") + ": " + e.errorDetails();
      case TRANSPORT_ERROR -> "Could not reach the receiving access point" + http + ": " + e.plainCause();
      case NO_SIGNAL_MESSAGE_RECEIVED -> "The receiver answered without an AS4 signal" + http
          + (e.exception() == null ? "" : ": " + e.plainCause());
      case INVALID_SIGNAL_MESSAGE_RECEIVED ->
          "The receiver answered with a signal that is neither a receipt nor an error" + http;
      case TRANSPORT_ERROR_NO_RETRY -> e.answered()
          ? "The receiver's answer" + http + " is not a usable AS4 message: " + e.plainCause()
          : "Not sendable: phase4 refused to send the message (see the timeline)";
      case INVALID_PARAMETERS -> "phase4 refused the message parameters (see the timeline and the gateway log)";
    };
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
