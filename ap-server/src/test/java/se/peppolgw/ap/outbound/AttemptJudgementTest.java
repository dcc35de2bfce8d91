package se.peppolgw.ap.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.phase4.ebms3header.Ebms3Error;
import com.helger.phase4.ebms3header.Ebms3MessageInfo;
import com.helger.phase4.ebms3header.Ebms3Receipt;
import com.helger.phase4.ebms3header.Ebms3SignalMessage;
import com.helger.phase4.sender.EAS4UserMessageSendResult;
import com.helger.phase4.util.Phase4Exception;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.outbound.AttemptClassifier.Judgement;
import se.peppolgw.ap.outbound.AttemptResult.Verdict;

/** How an attempt is judged, and when the next one comes. */
class AttemptJudgementTest {
  static final String SENT = "m-1@pse000002";

  static Ebms3SignalMessage receipt(String refTo) {
    Ebms3SignalMessage s = new Ebms3SignalMessage();
    Ebms3MessageInfo mi = new Ebms3MessageInfo();
    mi.setMessageId("r-1");
    mi.setRefToMessageId(refTo);
    s.setMessageInfo(mi);
    s.setReceipt(new Ebms3Receipt());
    return s;
  }

  static Judgement judge(EAS4UserMessageSendResult r, Ebms3SignalMessage s, ReceiptCheck.Outcome nrr) {
    return AttemptClassifier.judge(r, s, nrr, List.of("digest differs"), SENT, 200, true, null);
  }

  @Test
  void aReceiptCountsOnlyWhenItsNonRepudiationMatchesOurMessage() {
    assertEquals(Verdict.DELIVERED, judge(EAS4UserMessageSendResult.SUCCESS, receipt(SENT), ReceiptCheck.Outcome.MATCHED).verdict());

    Judgement mismatch = judge(EAS4UserMessageSendResult.SUCCESS, receipt(SENT), ReceiptCheck.Outcome.MISMATCH);
    assertEquals(Verdict.RETRY, mismatch.verdict());
    assertEquals("RECEIPT_NOT_VERIFIED", mismatch.code());
    assertTrue(mismatch.detail().contains("digest differs"));

    assertEquals(
        "RECEIPT_WITHOUT_NRR",
        judge(EAS4UserMessageSendResult.SUCCESS, receipt(SENT), ReceiptCheck.Outcome.NO_REFERENCES).code());
    Judgement other = judge(EAS4UserMessageSendResult.SUCCESS, receipt("someone-else"), ReceiptCheck.Outcome.MATCHED);
    assertEquals(Verdict.RETRY, other.verdict());
    assertEquals("RECEIPT_NOT_FOR_US", other.code());
  }

  @Test
  void anErrorSignalIsPermanentAndNamesItsCode() {
    Ebms3SignalMessage s = receipt(SENT);
    s.setReceipt(null);
    Ebms3Error e = new Ebms3Error();
    e.setErrorCode("EBMS:0004");
    e.setShortDescription("Other");
    e.setErrorDetail("PEPPOL:NOT_SERVICED");
    s.getError().add(e);
    Judgement j = judge(EAS4UserMessageSendResult.AS4_ERROR_MESSAGE_RECEIVED, s, ReceiptCheck.Outcome.NOT_RUN);
    assertEquals(Verdict.PERMANENT, j.verdict());
    assertEquals("EBMS:0004", j.code());
    assertTrue(j.detail().contains("PEPPOL:NOT_SERVICED"));

    // the same signal on a 503: the receiver is temporarily unable to take it (e.g. its store failed)
    Judgement later = AttemptClassifier.judge(EAS4UserMessageSendResult.AS4_ERROR_MESSAGE_RECEIVED, s,
        ReceiptCheck.Outcome.NOT_RUN, List.of(), SENT, 503, true, null);
    assertEquals(Verdict.RETRY, later.verdict());
    assertEquals("EBMS:0004", later.code());
    assertTrue(later.detail().contains("HTTP 503"), later.detail());
    assertEquals(SendFailure.RECEIVER_AS4_ERROR, j.failure());
    assertEquals(SendFailure.RECEIVER_UNAVAILABLE, later.failure());
  }

  @Test
  void anErrorSignalWithoutAnEbmsCodeIsKeptAsAnAs4Error() {
    Ebms3SignalMessage s = receipt(SENT);
    s.setReceipt(null);
    Ebms3Error odd = new Ebms3Error();
    odd.setErrorCode("PEPPOL:NOT_SERVICED");
    s.getError().add(odd);
    Judgement j = judge(EAS4UserMessageSendResult.AS4_ERROR_MESSAGE_RECEIVED, s, ReceiptCheck.Outcome.NOT_RUN);
    assertEquals(SendFailure.AS4_ERROR, j.failure());
    assertEquals("AS4_ERROR", j.code());
    assertEquals(Verdict.PERMANENT, j.verdict());
    assertTrue(j.detail().contains("PEPPOL:NOT_SERVICED"), j.detail());
    assertTrue(AttemptResult.keepsSignal(j.failure(), new byte[1]), "the signal is kept");
    Judgement none = judge(EAS4UserMessageSendResult.AS4_ERROR_MESSAGE_RECEIVED, null, ReceiptCheck.Outcome.NOT_RUN);
    assertEquals(SendFailure.AS4_ERROR, none.failure());
    // on a 503 without a usable code: a server error, retried
    Judgement busy = AttemptClassifier.judge(EAS4UserMessageSendResult.AS4_ERROR_MESSAGE_RECEIVED, s,
        ReceiptCheck.Outcome.NOT_RUN, List.of(), SENT, 503, true, null);
    assertEquals(SendFailure.HTTP_SERVER_ERROR, busy.failure());
    assertEquals("HTTP_503", busy.code());
    assertEquals(Verdict.RETRY, busy.verdict());
  }

  @Test
  void eachOutcomeOfPhase4HasItsKindAndTheVerdictFollowsTheKind() {
    assertEquals(null, judge(EAS4UserMessageSendResult.SUCCESS, receipt(SENT), ReceiptCheck.Outcome.MATCHED).failure());
    assertEquals(SendFailure.INVALID_SIGNAL,
        judge(EAS4UserMessageSendResult.INVALID_SIGNAL_MESSAGE_RECEIVED, null, ReceiptCheck.Outcome.NOT_RUN).failure());
    assertEquals(SendFailure.INVALID_PARAMETERS,
        judge(EAS4UserMessageSendResult.INVALID_PARAMETERS, null, ReceiptCheck.Outcome.NOT_RUN).failure());
    assertEquals(SendFailure.NO_SIGNAL, AttemptClassifier.judge(EAS4UserMessageSendResult.NO_SIGNAL_MESSAGE_RECEIVED,
        null, ReceiptCheck.Outcome.NOT_RUN, List.of(), SENT, 200, true, null).failure());
    assertEquals(SendFailure.HTTP_CLIENT_ERROR, AttemptClassifier.judge(EAS4UserMessageSendResult.TRANSPORT_ERROR,
        null, ReceiptCheck.Outcome.NOT_RUN, List.of(), SENT, 404, true, null).failure());
    assertEquals(SendFailure.SEND_REFUSED, AttemptClassifier.judge(EAS4UserMessageSendResult.TRANSPORT_ERROR_NO_RETRY,
        null, ReceiptCheck.Outcome.NOT_RUN, List.of(), SENT, 0, false, new Phase4Exception("odd")).failure());
    for (SendFailure f : SendFailure.values()) {
      assertEquals(f.isRetryable() ? Verdict.RETRY : Verdict.PERMANENT,
          new Judgement(f, SendFailureTest.sample(f), "x").verdict(), f.name());
    }
  }

  @Test
  void transportTroubleAndMissingSignalsAreRetriedCertificateProblemsAreNot() {
    assertEquals(
        Verdict.RETRY,
        AttemptClassifier.judge(EAS4UserMessageSendResult.TRANSPORT_ERROR, null, ReceiptCheck.Outcome.NOT_RUN,
            List.of(), SENT, 0, false, new Phase4Exception("refused")).verdict());
    Judgement http = AttemptClassifier.judge(EAS4UserMessageSendResult.NO_SIGNAL_MESSAGE_RECEIVED, null,
        ReceiptCheck.Outcome.NOT_RUN, List.of(), SENT, 502, true, null);
    assertEquals(Verdict.RETRY, http.verdict());
    assertEquals("HTTP_502", http.code());
    assertEquals(Verdict.RETRY, judge(EAS4UserMessageSendResult.INVALID_SIGNAL_MESSAGE_RECEIVED, null, ReceiptCheck.Outcome.NOT_RUN).verdict());
    Judgement cert = AttemptClassifier.judge(EAS4UserMessageSendResult.TRANSPORT_ERROR_NO_RETRY, null,
        ReceiptCheck.Outcome.NOT_RUN, List.of(), SENT, 0, false,
        new Phase4Exception("The configured receiver AP certificate is not valid"));
    assertEquals(Verdict.PERMANENT, cert.verdict());
    assertEquals("RECEIVER_CERTIFICATE_INVALID", cert.code());
  }

  @Test
  void anAnswerPhase4CannotParseIsRetriedNotFinal() {
    // phase4 flags "Content-Type header is missing" as not worth a retry; it came from the wire
    Phase4Exception unparsable = new Phase4Exception("Content-Type header is missing").setRetryFeasible(false);
    Judgement garbage = AttemptClassifier.judge(EAS4UserMessageSendResult.TRANSPORT_ERROR_NO_RETRY, null,
        ReceiptCheck.Outcome.NOT_RUN, List.of(), SENT, 200, true, unparsable);
    assertEquals(Verdict.RETRY, garbage.verdict());
    assertEquals("INVALID_RESPONSE", garbage.code());
    assertTrue(garbage.detail().contains("Content-Type header is missing"), garbage.detail());
    Judgement page = AttemptClassifier.judge(EAS4UserMessageSendResult.TRANSPORT_ERROR_NO_RETRY, null,
        ReceiptCheck.Outcome.NOT_RUN, List.of(), SENT, 502, true, unparsable);
    assertEquals(Verdict.RETRY, page.verdict());
    assertEquals("HTTP_502", page.code());
    // the same failure before anything was sent stays final
    assertEquals(Verdict.PERMANENT, AttemptClassifier.judge(EAS4UserMessageSendResult.TRANSPORT_ERROR_NO_RETRY, null,
        ReceiptCheck.Outcome.NOT_RUN, List.of(), SENT, 0, false, unparsable).verdict());
  }

  @Test
  void backoffDoublesWithJitterAndStopsAfterTheLastAttempt() {
    RetryPolicy p = RetryPolicy.defaults();
    assertEquals(Duration.ofMinutes(4), p.baseDelay(1));
    assertEquals(Duration.ofMinutes(8), p.baseDelay(2));
    assertEquals(Duration.ofMinutes(60), p.baseDelay(5), "capped at max delay");
    Duration total = Duration.ZERO;
    for (int i = 1; i < p.maxAttempts(); i++) {
      total = total.plus(p.baseDelay(i));
    }
    assertEquals(Duration.ofMinutes(120), total, "six attempts over about two hours");

    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Random r = new Random(1);
    for (int i = 0; i < 200; i++) {
      long ms = Duration.between(now, p.nextAttempt(1, now, r).orElseThrow()).toMillis();
      assertTrue(ms >= 192_000 && ms <= 288_000, "within ±20 %: " + ms);
    }
    assertTrue(p.nextAttempt(6, now, r).isEmpty());
  }

  @Test
  void aRefusedTlsHandshakeIsNamedAndRetried() {
    Phase4Exception e =
        new Phase4Exception(
            "Failed to send",
            new javax.net.ssl.SSLHandshakeException("PKIX path building failed"));
    for (EAS4UserMessageSendResult r :
        List.of(EAS4UserMessageSendResult.TRANSPORT_ERROR, EAS4UserMessageSendResult.TRANSPORT_ERROR_NO_RETRY)) {
      Judgement j = AttemptClassifier.judge(r, null, ReceiptCheck.Outcome.NOT_RUN, List.of(), SENT, 0, false, e);
      assertEquals(Verdict.RETRY, j.verdict());
      assertEquals("TLS_HANDSHAKE_FAILED", j.code());
      assertTrue(j.detail().contains("nothing was sent"), j.detail());
    }
  }
}
