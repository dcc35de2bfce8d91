package se.peppolgw.ap.outbound;

import static com.helger.phase4.sender.EAS4UserMessageSendResult.AS4_ERROR_MESSAGE_RECEIVED;
import static com.helger.phase4.sender.EAS4UserMessageSendResult.INVALID_PARAMETERS;
import static com.helger.phase4.sender.EAS4UserMessageSendResult.INVALID_SIGNAL_MESSAGE_RECEIVED;
import static com.helger.phase4.sender.EAS4UserMessageSendResult.NO_SIGNAL_MESSAGE_RECEIVED;
import static com.helger.phase4.sender.EAS4UserMessageSendResult.SUCCESS;
import static com.helger.phase4.sender.EAS4UserMessageSendResult.TRANSPORT_ERROR;
import static com.helger.phase4.sender.EAS4UserMessageSendResult.TRANSPORT_ERROR_NO_RETRY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.phase4.ebms3header.Ebms3Error;
import com.helger.phase4.ebms3header.Ebms3SignalMessage;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import com.helger.phase4.util.Phase4Exception;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.outbound.AttemptClassifier.Candidate;
import se.peppolgw.ap.outbound.Recognition.Precedence;
import se.peppolgw.smp.FailureKind;

/**
 * How each {@link SendFailure} is recognised. Every kind has at least one sample attempt here
 * that is judged to be it ({@link #everyKindHasASampleThatIsJudgedToBeIt} fails for a kind
 * without one): adding a kind is its constant and its line in {@link #samples()}.
 */
class SendFailureRecognitionTest {
  static final String SENT = "m-1@pse000002";

  record Sample(SendFailure kind, String code, AttemptEvidence attempt) {}

  static AttemptEvidence attempt(EAS4UserMessageSendResult r, int status, boolean answered, Throwable e) {
    return new AttemptEvidence(r, null, ReceiptCheck.Outcome.NOT_RUN, List.of(), SENT, status, answered, e);
  }

  static AttemptEvidence receipt(String refTo, ReceiptCheck.Outcome nrr) {
    return new AttemptEvidence(SUCCESS, AttemptJudgementTest.receipt(refTo), nrr, List.of("digest differs"), SENT,
        200, true, null);
  }

  static AttemptEvidence errorSignal(String code, int status) {
    Ebms3SignalMessage s = AttemptJudgementTest.receipt(SENT);
    s.setReceipt(null);
    if (code != null) {
      Ebms3Error e = new Ebms3Error();
      e.setErrorCode(code);
      e.setErrorDetail("PEPPOL:NOT_SERVICED");
      s.getError().add(e);
    }
    return new AttemptEvidence(AS4_ERROR_MESSAGE_RECEIVED, s, ReceiptCheck.Outcome.NOT_RUN, List.of(), SENT, status,
        true, null);
  }

  static Phase4Exception wrapped(Throwable cause) {
    return new Phase4Exception("Wrapped Phase4Exception", cause);
  }

  /** One line per way to fail; a new kind adds its line here. */
  static List<Sample> samples() {
    Phase4Exception refused = wrapped(new ConnectException("Connection refused"));
    Phase4Exception pkix = wrapped(new SSLHandshakeException("PKIX path building failed"));
    Phase4Exception unparsable = new Phase4Exception("Content-Type header is missing");
    return List.of(
        new Sample(SendFailure.TRANSPORT_ERROR, "TRANSPORT_ERROR", attempt(TRANSPORT_ERROR, 0, false, refused)),
        new Sample(SendFailure.TLS_HANDSHAKE_FAILED, "TLS_HANDSHAKE_FAILED", attempt(TRANSPORT_ERROR, 0, false, pkix)),
        new Sample(SendFailure.TLS_HANDSHAKE_FAILED, "TLS_HANDSHAKE_FAILED",
            attempt(TRANSPORT_ERROR_NO_RETRY, 0, false, pkix)),
        new Sample(SendFailure.HTTP_CLIENT_ERROR, "HTTP_404", attempt(TRANSPORT_ERROR, 404, true, refused)),
        new Sample(SendFailure.HTTP_CLIENT_ERROR, "HTTP_400", attempt(NO_SIGNAL_MESSAGE_RECEIVED, 400, true, null)),
        new Sample(SendFailure.HTTP_CLIENT_ERROR, "HTTP_413", attempt(TRANSPORT_ERROR_NO_RETRY, 413, true, unparsable)),
        new Sample(SendFailure.HTTP_SERVER_ERROR, "HTTP_502", attempt(TRANSPORT_ERROR, 502, true, null)),
        new Sample(SendFailure.HTTP_SERVER_ERROR, "HTTP_500", attempt(NO_SIGNAL_MESSAGE_RECEIVED, 500, true, null)),
        new Sample(SendFailure.HTTP_SERVER_ERROR, "HTTP_504", attempt(TRANSPORT_ERROR_NO_RETRY, 504, true, unparsable)),
        new Sample(SendFailure.HTTP_SERVER_ERROR, "HTTP_503", errorSignal("PEPPOL:NOT_SERVICED", 503)),
        new Sample(SendFailure.NO_SIGNAL, "NO_SIGNAL", attempt(NO_SIGNAL_MESSAGE_RECEIVED, 200, true, null)),
        new Sample(SendFailure.INVALID_SIGNAL, "INVALID_SIGNAL", attempt(INVALID_SIGNAL_MESSAGE_RECEIVED, 200, true, null)),
        // phase4 parsed a signal: the status does not turn it into an HTTP error
        new Sample(SendFailure.INVALID_SIGNAL, "INVALID_SIGNAL", attempt(INVALID_SIGNAL_MESSAGE_RECEIVED, 500, true, null)),
        new Sample(SendFailure.INVALID_RESPONSE, "INVALID_RESPONSE", attempt(TRANSPORT_ERROR_NO_RETRY, 200, true, unparsable)),
        new Sample(SendFailure.RECEIPT_NOT_FOR_US, "RECEIPT_NOT_FOR_US", receipt("someone-else", ReceiptCheck.Outcome.MATCHED)),
        // a receipt for another message is that, whatever its NRR says
        new Sample(SendFailure.RECEIPT_NOT_FOR_US, "RECEIPT_NOT_FOR_US", receipt("someone-else", ReceiptCheck.Outcome.MISMATCH)),
        new Sample(SendFailure.RECEIPT_NOT_VERIFIED, "RECEIPT_NOT_VERIFIED", receipt(SENT, ReceiptCheck.Outcome.MISMATCH)),
        new Sample(SendFailure.RECEIPT_WITHOUT_NRR, "RECEIPT_WITHOUT_NRR", receipt(SENT, ReceiptCheck.Outcome.NO_REFERENCES)),
        new Sample(SendFailure.RECEIPT_WITHOUT_NRR, "RECEIPT_WITHOUT_NRR", receipt(SENT, ReceiptCheck.Outcome.NOT_RUN)),
        new Sample(SendFailure.RECEIVER_AS4_ERROR, "EBMS:0004", errorSignal("EBMS:0004", 200)),
        new Sample(SendFailure.RECEIVER_AS4_ERROR, "EBMS:0103", errorSignal("EBMS:0103", 500)),
        new Sample(SendFailure.RECEIVER_UNAVAILABLE, "EBMS:0004", errorSignal("EBMS:0004", 503)),
        new Sample(SendFailure.AS4_ERROR, "AS4_ERROR", errorSignal("PEPPOL:NOT_SERVICED", 200)),
        new Sample(SendFailure.AS4_ERROR, "AS4_ERROR", errorSignal(null, 500)),
        new Sample(SendFailure.RECEIVER_CERTIFICATE_INVALID, "RECEIVER_CERTIFICATE_INVALID",
            attempt(TRANSPORT_ERROR_NO_RETRY, 0, false, new Phase4Exception("The configured receiver AP certificate is not valid"))),
        new Sample(SendFailure.SEND_REFUSED, "SEND_REFUSED", attempt(TRANSPORT_ERROR_NO_RETRY, 0, false, new Phase4Exception("odd"))),
        new Sample(SendFailure.INVALID_PARAMETERS, "INVALID_PARAMETERS", attempt(INVALID_PARAMETERS, 0, false, null)));
  }

  @Test
  void eachSampleIsJudgedToBeItsKindWithItsCode() {
    for (Sample s : samples()) {
      AttemptClassifier.Judgement j = AttemptClassifier.judge(s.attempt());
      assertEquals(s.kind(), j.failure(), s.toString());
      assertEquals(s.code(), j.code(), s.toString());
      assertFalse(j.detail() == null || j.detail().isBlank(), s.toString());
    }
  }

  @Test
  void everyKindHasASampleThatIsJudgedToBeIt() {
    Set<SendFailure> covered = EnumSet.noneOf(SendFailure.class);
    samples().forEach(s -> covered.add(s.kind()));
    for (FailureKind k : FailureKind.values()) {
      covered.add(SendFailure.of(k));
    }
    // named by the outbound worker, never judged from an attempt: OutboundWorkerGatewayErrorTest
    for (SendFailure f : SendFailure.values()) {
      if (f.recognitions().stream().allMatch(Recognition::isOwnCode)) {
        covered.add(f);
      }
    }
    List<SendFailure> missing = new ArrayList<>(EnumSet.complementOf(EnumSet.copyOf(covered)));
    assertEquals(List.of(), missing, "kinds without a sample in SendFailureRecognitionTest.samples()");
  }

  @Test
  void theClassifierNeverNamesAKindThatOnlyTheWorkerMayName() {
    assertTrue(AttemptClassifier.ORDER.stream().noneMatch(c -> c.recognition().isOwnCode()));
    for (Sample s : samples()) {
      assertNotEquals(SendFailure.GATEWAY_ERROR, AttemptClassifier.judge(s.attempt()).failure(), s.toString());
    }
  }

  @Test
  void everyKindDeclaresHowItIsRecognised() {
    for (SendFailure f : SendFailure.values()) {
      assertFalse(f.recognitions().isEmpty(), f.name());
      f.recognitions().forEach(r -> assertFalse(r.words().isBlank(), f.name()));
    }
  }

  @Test
  void everyLookupKindIsDeclaredByExactlyOneConstant() {
    for (FailureKind k : FailureKind.values()) {
      long declaring = java.util.Arrays.stream(SendFailure.values())
          .filter(f -> f.recognitions().stream().anyMatch(r -> r.recognises(k))).count();
      assertEquals(1, declaring, k.name());
    }
  }

  @Test
  void everyFailedResultOfPhase4IsRecognisedByAKindNotByTheSafetyNet() {
    for (EAS4UserMessageSendResult r : EAS4UserMessageSendResult.values()) {
      for (boolean answered : new boolean[] {false, true}) {
        for (int status : new int[] {0, 200, 302}) {
          AttemptEvidence e = r == SUCCESS
              ? receipt("someone-else", ReceiptCheck.Outcome.MATCHED)
              : attempt(r, status, answered, new Phase4Exception("x"));
          assertTrue(AttemptClassifier.ORDER.stream().anyMatch(c -> c.recognition().recognises(e)),
              r + " answered=" + answered + " status=" + status);
        }
      }
    }
    // a receipt for our message whose NRR matches is the one way to be delivered
    assertEquals(AttemptClassifier.Judgement.DELIVERED, AttemptClassifier.judge(receipt(SENT, ReceiptCheck.Outcome.MATCHED)));
  }

  @Test
  void theWalkGoesByPrecedenceThenNarrowerFirstThenEnumOrder() {
    List<Candidate> order = AttemptClassifier.ORDER;
    assertEquals(Precedence.CAUSE, order.get(0).recognition().precedence());
    for (int i = 1; i < order.size(); i++) {
      Candidate a = order.get(i - 1);
      Candidate b = order.get(i);
      int byPrecedence = a.recognition().precedence().compareTo(b.recognition().precedence());
      assertTrue(byPrecedence <= 0, a + " before " + b);
      if (byPrecedence == 0) {
        assertTrue(a.recognition().narrowness() >= b.recognition().narrowness(), a + " before " + b);
        if (a.recognition().narrowness() == b.recognition().narrowness()) {
          assertTrue(a.failure().ordinal() <= b.failure().ordinal(), a + " before " + b);
        }
      }
    }
    assertTrue(order.stream().noneMatch(c -> c.recognition().isLookup()), "lookups are not walked");
  }

  @Test
  void anExceptionTypeInTheCauseChainBeatsWordsInTheMessage() {
    // phase4's certificate check words it "certificate"; a refused TLS handshake says so too
    Phase4Exception e = wrapped(new SSLHandshakeException("No trusted certificate found"));
    assertEquals(SendFailure.TLS_HANDSHAKE_FAILED,
        AttemptClassifier.judge(attempt(TRANSPORT_ERROR_NO_RETRY, 0, false, e)).failure());
    // once an answer came back, the TLS handshake was not what failed
    assertEquals(SendFailure.INVALID_RESPONSE,
        AttemptClassifier.judge(attempt(TRANSPORT_ERROR_NO_RETRY, 200, true, e)).failure());
  }

  @Test
  void aConditionOnTheCauseAndItsMessageNeedsBoth() {
    Recognition protocol = Recognition.after(TRANSPORT_ERROR).causedBy(SSLHandshakeException.class, "protocol");
    assertEquals(Precedence.CAUSE, protocol.precedence());
    assertEquals(2, protocol.narrowness());
    assertTrue(protocol.recognises(attempt(TRANSPORT_ERROR, 0, false,
        wrapped(new SSLHandshakeException("No appropriate PROTOCOL (protocol is disabled or cipher suites are inappropriate)")))));
    assertFalse(protocol.recognises(attempt(TRANSPORT_ERROR, 0, false,
        wrapped(new SSLHandshakeException("PKIX path building failed")))), "another message");
    assertFalse(protocol.recognises(attempt(TRANSPORT_ERROR, 0, false, wrapped(new SSLException("protocol")))),
        "another type");
    assertFalse(protocol.recognises(attempt(TRANSPORT_ERROR_NO_RETRY, 0, false,
        wrapped(new SSLHandshakeException("protocol")))), "another result");
    assertFalse(protocol.recognises(attempt(TRANSPORT_ERROR, 0, false, null)), "no exception");
    assertTrue(protocol.words().contains("SSLHandshakeException"), protocol.words());
  }

  @Test
  void wordsInTheMessageAreMatchedInAnyCaseAcrossTheChain() {
    Recognition cert = Recognition.after(TRANSPORT_ERROR_NO_RETRY).messageContains("certificate");
    assertEquals(Precedence.MESSAGE, cert.precedence());
    assertTrue(cert.recognises(attempt(TRANSPORT_ERROR_NO_RETRY, 0, false,
        wrapped(new IllegalStateException("CERTIFICATE revoked")))));
    assertFalse(cert.recognises(attempt(TRANSPORT_ERROR_NO_RETRY, 0, false, null)));
    assertEquals(Precedence.RESULT, Recognition.after(SUCCESS).precedence());
    assertEquals("smp-lookup TIMEOUT", Recognition.lookup(FailureKind.TIMEOUT).words());
  }

  @Test
  void aFamilyRecognisedWithoutAValueOfItsShapeIsABugSaidPlainly() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> AttemptClassifier.storedCode(SendFailure.HTTP_SERVER_ERROR, attempt(TRANSPORT_ERROR, 0, false, null)));
    assertTrue(e.getMessage().contains("HTTP_5xx"), e.getMessage());
    // the receiver's code comes first, then the status: each family takes the first of its shape
    assertEquals("HTTP_503", AttemptClassifier.storedCode(SendFailure.HTTP_SERVER_ERROR, errorSignal("EBMS:0004", 503)));
    assertEquals("EBMS:0004", AttemptClassifier.storedCode(SendFailure.RECEIVER_UNAVAILABLE, errorSignal("EBMS:0004", 503)));
  }
}
