package se.peppolgw.ap.outbound;

import com.helger.phase4.ebms3header.Ebms3Error;
import com.helger.phase4.ebms3header.Ebms3SignalMessage;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything phase4 reported about one attempt, and nothing else: what a {@link SendFailure}'s
 * {@link Recognition} reads to tell whether the attempt failed its way, and what the words of the
 * failure are built from.
 *
 * @param result phase4's result of the send
 * @param signal the receiver's AS4 signal (receipt or error), if one was parsed
 * @param nrr whether the receipt's NonRepudiationInformation matches the message sent
 * @param nrrErrors what did not match, in phase4's words
 * @param sentMessageId the AS4 MessageId of this attempt
 * @param httpStatus the HTTP status of the answer, 0 when there was none
 * @param answered true when a response body came back (the message did go out)
 * @param exception phase4's exception, wrapping the real cause; null when none
 */
record AttemptEvidence(
    EAS4UserMessageSendResult result,
    Ebms3SignalMessage signal,
    ReceiptCheck.Outcome nrr,
    List<String> nrrErrors,
    String sentMessageId,
    int httpStatus,
    boolean answered,
    Throwable exception) {

  AttemptEvidence {
    nrrErrors = nrrErrors == null ? List.of() : List.copyOf(nrrErrors);
  }

  /** The MessageId the receipt refers to; null when the signal names none. */
  String receiptRef() {
    return signal == null || signal.getMessageInfo() == null ? null : signal.getMessageInfo().getRefToMessageId();
  }

  /** The error code of the signal's first error (the one that counts), or null. */
  String firstErrorCode() {
    return signal == null || signal.getError().isEmpty() ? null : signal.getError().get(0).getErrorCode();
  }

  /** Each error of the signal as "code short description: detail (description)", joined by "; ". */
  String errorDetails() {
    List<String> details = new ArrayList<>();
    if (signal != null) {
      for (Ebms3Error e : signal.getError()) {
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
    return String.join("; ", details);
  }

  /** The first exception of the given type in the cause chain (phase4 wraps the real one). */
  <T extends Throwable> Optional<T> cause(Class<T> type) {
    for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }

  /** " (HTTP 502)" when an answer came with a status, else "". */
  String http() {
    return httpStatus > 0 ? " (HTTP " + httpStatus + ")" : "";
  }

  /** The failure in plain words ("connection refused"); see {@link AttemptClassifier#plain}. */
  String plainCause() {
    return AttemptClassifier.plain(exception);
  }

  /** The exception chain with its class names; see {@link AttemptClassifier#message}. */
  String chain() {
    return AttemptClassifier.message(exception);
  }

  /**
   * The values from outside that a family's stored code is made of, most specific first: the
   * receiver's error code, then {@code HTTP_<status>}. A family takes the first that fits its shape.
   */
  List<String> outsideCodes() {
    List<String> codes = new ArrayList<>(2);
    if (firstErrorCode() != null) {
      codes.add(firstErrorCode());
    }
    if (httpStatus > 0) {
      codes.add(SendFailure.httpCode(httpStatus));
    }
    return codes;
  }
}
