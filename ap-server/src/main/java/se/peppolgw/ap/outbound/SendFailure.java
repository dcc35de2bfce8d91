package se.peppolgw.ap.outbound;

import static com.helger.phase4.sender.EAS4UserMessageSendResult.AS4_ERROR_MESSAGE_RECEIVED;
import static com.helger.phase4.sender.EAS4UserMessageSendResult.INVALID_SIGNAL_MESSAGE_RECEIVED;
import static com.helger.phase4.sender.EAS4UserMessageSendResult.NO_SIGNAL_MESSAGE_RECEIVED;
import static com.helger.phase4.sender.EAS4UserMessageSendResult.SUCCESS;
import static com.helger.phase4.sender.EAS4UserMessageSendResult.TRANSPORT_ERROR_NO_RETRY;
import static se.peppolgw.ap.outbound.Recognition.after;
import static se.peppolgw.ap.outbound.Recognition.lookup;
import static se.peppolgw.ap.outbound.Recognition.ownCode;

import com.helger.phase4.sender.EAS4UserMessageSendResult;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import se.peppolgw.smp.FailureKind;

/**
 * Every way an outbound attempt can fail, in one place: the code stored on the transmission and
 * its timeline, whether another attempt can help, whose side has to act, and the words the
 * operator reads. The classifier returns one, the verdict switches on it, the API and the metrics
 * show its code, and docs/outbound.md lists them all ({@code SendFailureDocsTest} fails when the
 * table and this enum differ).
 *
 * <p>A code that comes from outside (an HTTP status, the receiver's EBMS error code) is a kind
 * plus a qualifier: {@link #code(String)} builds the stored code ({@code HTTP_502}, {@code
 * EBMS:0004}), {@link #fromStoredCode} reads it back, also from rows written before this enum.
 *
 * <p>Each kind also declares how it is recognised ({@link Recognition}: a failed lookup's {@link
 * FailureKind}, or phase4's result narrowed by an exception type in the cause chain, the receiver's
 * signal, the HTTP status or words of the exception's message). {@link AttemptClassifier} walks
 * them in the precedence {@link Recognition} documents, so a new kind is this one constant (and
 * its sample in {@code SendFailureRecognitionTest}, which fails until it has one).
 */
public enum SendFailure {
  // ---------------------------------------------------------------- the AS4 exchange
  TRANSPORT_ERROR("TRANSPORT_ERROR", true, FailureSide.RECEIVER_AP, Stage.TRANSPORT,
      "the receiving access point could not be reached or did not answer (connection refused, timed"
          + " out, reset); retries help once it is back.",
      after(EAS4UserMessageSendResult.TRANSPORT_ERROR)),
  TLS_HANDSHAKE_FAILED("TLS_HANDSHAKE_FAILED", true, FailureSide.RECEIVER_AP, Stage.TRANSPORT,
      "the TLS certificate of the receiving access point (or of someone in between) was refused"
          + " (untrusted CA, expired, or another host name), so nothing was sent; if its CA is"
          + " legitimate but not in the JDK's trust store, add it to gateway.outbound.tls.truststore.path.",
      // retried: nothing reached the receiver, and the usual causes (an expired or renewed
      // certificate, a missing intermediate) are fixed on their side within hours
      after(EAS4UserMessageSendResult.TRANSPORT_ERROR, TRANSPORT_ERROR_NO_RETRY).unanswered()
          .causedBy(SSLException.class)
          .detail(e -> "TLS handshake with the receiving access point failed, nothing was sent: its server"
              + " certificate is not issued by a trusted CA (JDK trust store or"
              + " gateway.outbound.tls.truststore.path), has expired, or is not for this host name;"
              + " or no TLS 1.2+ connection could be agreed")),
  HTTP_CLIENT_ERROR(Pattern.compile("HTTP_4\\d\\d"), "HTTP_4xx", true, FailureSide.OURS, Stage.ANSWER,
      "probably: the receiving access point refused the HTTP request (a 4xx status, no AS4 signal).",
      after(EAS4UserMessageSendResult.TRANSPORT_ERROR, NO_SIGNAL_MESSAGE_RECEIVED).httpStatus(400, 499),
      after(TRANSPORT_ERROR_NO_RETRY).answered().httpStatus(400, 499)),
  HTTP_SERVER_ERROR(Pattern.compile("HTTP_[5-9]\\d\\d"), "HTTP_5xx", true, FailureSide.RECEIVER_AP, Stage.ANSWER,
      "the receiving access point (or a proxy before it) answered with a server error and no AS4"
          + " signal; retries help once it is back.",
      after(EAS4UserMessageSendResult.TRANSPORT_ERROR, NO_SIGNAL_MESSAGE_RECEIVED).httpStatus(500, 999),
      after(TRANSPORT_ERROR_NO_RETRY).answered().httpStatus(500, 999),
      // an error signal on a 503 without a usable code: the status says more than the signal
      after(AS4_ERROR_MESSAGE_RECEIVED).noEbmsCode().httpStatus(503, 503)),
  NO_SIGNAL("NO_SIGNAL", true, FailureSide.RECEIVER_AP, Stage.ANSWER,
      "the receiving access point answered without an AS4 signal (no receipt, no error).",
      after(NO_SIGNAL_MESSAGE_RECEIVED)),
  INVALID_SIGNAL("INVALID_SIGNAL", true, FailureSide.RECEIVER_AP, Stage.ANSWER,
      "the receiving access point answered with a signal that is neither a receipt nor an error.",
      after(INVALID_SIGNAL_MESSAGE_RECEIVED)),
  INVALID_RESPONSE("INVALID_RESPONSE", true, FailureSide.RECEIVER_AP, Stage.ANSWER,
      "the receiving access point's answer is not a usable AS4 message (a proxy's page, a truncated"
          + " or garbled response); the message did go out, so it is tried again.",
      // phase4 marks its failures to parse an answer "no retry" (they were written for the
      // receiving side), but the message did go out and another attempt may meet a sane receiver
      after(TRANSPORT_ERROR_NO_RETRY).answered()),
  RECEIPT_NOT_FOR_US("RECEIPT_NOT_FOR_US", true, FailureSide.RECEIVER_AP, Stage.ANSWER,
      "the receipt refers to another message than the one sent.",
      after(SUCCESS).receiptForAnotherMessage()
          .detail(e -> "The receipt refers to message " + e.receiptRef() + ", not to the message sent ("
              + e.sentMessageId() + ")")),
  RECEIPT_NOT_VERIFIED("RECEIPT_NOT_VERIFIED", true, FailureSide.RECEIVER_AP, Stage.ANSWER,
      "the receipt's NonRepudiationInformation does not match the message sent.",
      after(SUCCESS).nrr(ReceiptCheck.Outcome.MISMATCH)
          .detail(e -> "The receipt's NonRepudiationInformation does not match the message sent: "
              + String.join("; ", e.nrrErrors()))),
  RECEIPT_WITHOUT_NRR("RECEIPT_WITHOUT_NRR", true, FailureSide.RECEIVER_AP, Stage.ANSWER,
      "the receipt carries no NonRepudiationInformation to verify against the message sent.",
      after(SUCCESS).nrr(ReceiptCheck.Outcome.NO_REFERENCES, ReceiptCheck.Outcome.NOT_RUN)
          .detail(e -> "The receipt carries no NonRepudiationInformation to verify against the message sent")),
  RECEIVER_AS4_ERROR(Pattern.compile("EBMS:\\d{4}"), "EBMS:nnnn", false, FailureSide.OURS, Stage.REFUSAL,
      "the receiving access point refused the message with an AS4 error; correct it (or its"
          + " addressing) and resend.",
      after(AS4_ERROR_MESSAGE_RECEIVED).ebmsCode()),
  // Stored with the same EBMS code as RECEIVER_AS4_ERROR (a receiver that is "NOT received, retry
  // later" answers EBMS:0004 on an HTTP 503); fromStored(code, retried) tells the two apart.
  RECEIVER_UNAVAILABLE(Pattern.compile("EBMS:\\d{4}"), "EBMS:nnnn on HTTP 503", true,
      FailureSide.RECEIVER_AP, Stage.REFUSAL,
      "the receiving access point is temporarily unable to take the message (an AS4 error on HTTP"
          + " 503); it is tried again.",
      // this gateway answers a store failure with EBMS:0004 "NOT received, retry later" on a 503
      after(AS4_ERROR_MESSAGE_RECEIVED).ebmsCode().httpStatus(503, 503)),
  AS4_ERROR("AS4_ERROR", false, FailureSide.OURS, Stage.REFUSAL,
      "the receiving access point answered with an AS4 error signal without a standard EBMS code;"
          + " read the kept signal, correct the message and resend.",
      after(AS4_ERROR_MESSAGE_RECEIVED)),
  RECEIVER_CERTIFICATE_INVALID("RECEIVER_CERTIFICATE_INVALID", false, FailureSide.RECEIVER_AP, Stage.LOOKUP,
      "the receiving access point's certificate (from its SMP) is not acceptable.",
      lookup(FailureKind.RECEIVER_CERTIFICATE_INVALID),
      // phase4 checks the certificate from the SMP before sending; it says so only in words
      after(TRANSPORT_ERROR_NO_RETRY).unanswered().messageContains("certificate")
          .detail(e -> "Not sendable: the receiving access point's certificate (from its SMP) is not acceptable")),
  SEND_REFUSED("SEND_REFUSED", false, FailureSide.OURS, Stage.PREPARE,
      "phase4 refused to send the message; the timeline and the gateway log say why.",
      after(TRANSPORT_ERROR_NO_RETRY).unanswered()),
  INVALID_PARAMETERS("INVALID_PARAMETERS", false, FailureSide.OURS, Stage.PREPARE,
      "phase4 refused the message parameters; the timeline and the gateway log say why.",
      after(EAS4UserMessageSendResult.INVALID_PARAMETERS)),
  // not retried: repeating the same code on the same row fails the same way, and a document
  // stuck in SENDING for ever can be neither retried nor cancelled by an operator
  GATEWAY_ERROR("GATEWAY_ERROR", false, FailureSide.OURS, Stage.PREPARE,
      "the gateway's own code failed on this document before anything was sent (a bug, or a damaged"
          + " stored row such as a missing SBD); the timeline names the error and the gateway log has"
          + " its stack trace. Retry once the cause is fixed, or resend.",
      ownCode("an error other than the database's while preparing or judging the attempt")),

  // ---------------------------------------------------------------- the SML/SMP lookup
  PARTICIPANT_NOT_REGISTERED("PARTICIPANT_NOT_REGISTERED", false, FailureSide.RECEIVER_SMP, Stage.LOOKUP,
      "the receiver is not registered in Peppol (no SML/DNS entry, or unknown to its SMP); check"
          + " the receiver id, then ask the receiver.",
      lookup(FailureKind.PARTICIPANT_NOT_REGISTERED)),
  DOCUMENT_TYPE_NOT_SUPPORTED("DOCUMENT_TYPE_NOT_SUPPORTED", false, FailureSide.RECEIVER_SMP, Stage.LOOKUP,
      "the receiver is registered, but not for this document type; check the receiver id and the"
          + " document type, then ask the receiver.",
      lookup(FailureKind.DOCUMENT_TYPE_NOT_SUPPORTED)),
  PROCESS_NOT_SUPPORTED("PROCESS_NOT_SUPPORTED", false, FailureSide.RECEIVER_SMP, Stage.LOOKUP,
      "the receiver takes this document type, but not in this process; check the process, then ask"
          + " the receiver.",
      lookup(FailureKind.PROCESS_NOT_SUPPORTED)),
  NO_ENDPOINT_FOR_TRANSPORT_PROFILE("NO_ENDPOINT_FOR_TRANSPORT_PROFILE", false, FailureSide.RECEIVER_SMP, Stage.LOOKUP,
      "the receiver's SMP lists no Peppol AS4 endpoint for this document type; ask the receiver.",
      lookup(FailureKind.NO_ENDPOINT_FOR_TRANSPORT_PROFILE)),
  ENDPOINT_EXPIRED("ENDPOINT_EXPIRED", false, FailureSide.RECEIVER_SMP, Stage.LOOKUP,
      "the receiver's endpoint is past its expiration date in the SMP; ask the receiver.",
      lookup(FailureKind.ENDPOINT_EXPIRED)),
  ENDPOINT_NOT_YET_ACTIVE("ENDPOINT_NOT_YET_ACTIVE", true, FailureSide.RECEIVER_SMP, Stage.LOOKUP,
      "the receiver's endpoint is not active yet (its activation date is in the future); it is"
          + " tried again.",
      lookup(FailureKind.ENDPOINT_NOT_YET_ACTIVE)),
  SMP_SIGNATURE_INVALID("SMP_SIGNATURE_INVALID", false, FailureSide.RECEIVER_SMP, Stage.LOOKUP,
      "the SMP's answer is not signed by a trusted SMP certificate.",
      lookup(FailureKind.SMP_SIGNATURE_INVALID)),
  SMP_BAD_RESPONSE("SMP_BAD_RESPONSE", true, FailureSide.RECEIVER_SMP, Stage.LOOKUP,
      "the receiver's SMP answered with an HTTP error or something unreadable; retries help.",
      lookup(FailureKind.SMP_BAD_RESPONSE)),
  SMP_TLS_HANDSHAKE_FAILED("SMP_TLS_HANDSHAKE_FAILED", true, FailureSide.RECEIVER_SMP, Stage.LOOKUP,
      "the TLS certificate of the receiver's SMP was refused (untrusted CA, expired, or another"
          + " host name), so nothing was sent; if its CA is legitimate but not in the JDK's trust"
          + " store, add it to gateway.outbound.tls.truststore.path.",
      lookup(FailureKind.SMP_TLS_HANDSHAKE_FAILED)),
  SMP_UNREACHABLE("SMP_UNREACHABLE", true, FailureSide.NETWORK, Stage.LOOKUP,
      "the receiver's SMP could not be reached; retries help.",
      lookup(FailureKind.SMP_UNREACHABLE)),
  DNS_UNREACHABLE("DNS_UNREACHABLE", true, FailureSide.NETWORK, Stage.LOOKUP,
      "the DNS (SML) could not be reached or did not answer; retries help.",
      lookup(FailureKind.DNS_UNREACHABLE)),
  TIMEOUT("TIMEOUT", true, FailureSide.NETWORK, Stage.LOOKUP,
      "the SML/DNS or SMP query timed out; retries help.",
      lookup(FailureKind.TIMEOUT)),
  CIRCUIT_OPEN("CIRCUIT_OPEN", true, FailureSide.NETWORK, Stage.LOOKUP,
      "lookups against the receiver's SMP are paused after repeated failures; they resume on their own.",
      lookup(FailureKind.CIRCUIT_OPEN));

  /** How far an attempt got when it failed: what the verdict's headline says. */
  public enum Stage {
    /** Looking the receiver up in the SML and its SMP: nothing was sent. */
    LOOKUP,
    /** Building the message: nothing was sent. */
    PREPARE,
    /** Reaching the receiving access point: nothing, or nothing it confirmed, arrived. */
    TRANSPORT,
    /** The receiving access point answered, but not with a verified receipt. */
    ANSWER,
    /** The receiving access point refused the message with an AS4 error signal. */
    REFUSAL
  }

  private final Pattern stored;
  private final String code;
  private final boolean retryable;
  private final FailureSide side;
  private final Stage stage;
  private final String description;
  private final List<Recognition> recognitions;

  SendFailure(String code, boolean retryable, FailureSide side, Stage stage, String description,
      Recognition... recognitions) {
    this(Pattern.compile(Pattern.quote(code)), code, retryable, side, stage, description, recognitions);
  }

  SendFailure(Pattern stored, String code, boolean retryable, FailureSide side, Stage stage,
      String description, Recognition... recognitions) {
    this.stored = stored;
    this.code = code;
    this.retryable = retryable;
    this.side = side;
    this.stage = stage;
    this.description = description;
    this.recognitions = List.of(recognitions);
  }

  /** How this kind is recognised, as declared with the constant. */
  List<Recognition> recognitions() {
    return recognitions;
  }

  /** The stored code, or for a family its shape ({@code HTTP_4xx}, {@code EBMS:nnnn}). */
  public String code() {
    return code;
  }

  /** True when a family's stored code carries a value from outside (a status, an EBMS code). */
  public boolean isFamily() {
    return !stored.pattern().equals(Pattern.quote(code));
  }

  /**
   * The code to store: the fixed code, or for a family the outside value ({@code "HTTP_" +
   * status}, the EBMS error code) checked against the family's shape.
   *
   * @throws IllegalArgumentException when the value does not belong to this kind
   */
  public String code(String qualified) {
    if (!isFamily()) {
      return code;
    }
    if (!accepts(qualified)) {
      throw new IllegalArgumentException(qualified + " is not a code of " + name() + " (" + code + ")");
    }
    return qualified;
  }

  /** True when {@code storedCode} is this kind's code (or one of its family). */
  public boolean accepts(String storedCode) {
    return storedCode != null && stored.matcher(storedCode).matches();
  }

  /** The stored code of an HTTP error status without an AS4 signal: {@code HTTP_502}. */
  static String httpCode(int status) {
    return "HTTP_" + status;
  }

  /** True when another attempt may succeed; false when the transmission fails at once. */
  public boolean isRetryable() {
    return retryable;
  }

  public FailureSide side() {
    return side;
  }

  public Stage stage() {
    return stage;
  }

  /** What it means and what to do, in plain words (lower-case start: it follows the side). */
  public String description() {
    return description;
  }

  /** The verdict's side line: "Their side: the receiving access point …". */
  public String sideLine() {
    return side.words() + ": " + description;
  }

  /** True when the receiver's answer was an AS4 error signal, kept verbatim with the attempt. */
  public boolean isErrorSignal() {
    return stage == Stage.REFUSAL;
  }

  /**
   * The kind of a stored code, from any gateway version (the codes are those of the rows written
   * before this enum). An EBMS code reads as {@link #RECEIVER_AS4_ERROR}: see {@link #fromStored}.
   * Empty for null or a code no version wrote.
   */
  public static Optional<SendFailure> fromStoredCode(String code) {
    if (code == null) {
      return Optional.empty();
    }
    for (SendFailure f : values()) {
      if (f.accepts(code)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * Like {@link #fromStoredCode}, knowing whether the failure was retried (the transmission waits
   * for another attempt, or the worker gave up): an EBMS code that was retried came on an HTTP 503.
   */
  public static Optional<SendFailure> fromStored(String code, boolean retried) {
    return fromStoredCode(code).map(f -> retried && f == RECEIVER_AS4_ERROR ? RECEIVER_UNAVAILABLE : f);
  }

  /**
   * The kind of a failed lookup: the constant that declares {@code lookup(kind)}. Every kind of
   * smp-lookup has one ({@code SendFailureTest} checks each).
   *
   * @throws IllegalStateException when smp-lookup has a kind no constant recognises
   */
  public static SendFailure of(FailureKind kind) {
    for (SendFailure f : values()) {
      for (Recognition r : f.recognitions) {
        if (r.recognises(kind)) {
          return f;
        }
      }
    }
    throw new IllegalStateException("no SendFailure declares lookup(FailureKind." + kind + ")");
  }
}
