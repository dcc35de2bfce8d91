package se.peppolgw.ap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.outbound.SendFailure;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.EventType;
import se.peppolgw.ap.store.TimelineEvent;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;

/** The verdict of a failed send reads the failure kind, from new and from old timelines. */
class VerdictFailureKindsTest {
  static Verdict of(TransmissionState s, String code, String detail, TimelineEvent... timeline) {
    Transmission t = VerdictWordsTest.t(Direction.OUT, s, null, code, detail);
    return Verdict.of(t, List.of(timeline), Optional.empty(), ZoneOffset.UTC);
  }

  static TimelineEvent event(EventType type, String code, String message) {
    return TimelineEvent.of(type, message).withCode(code);
  }

  @Test
  void everyKindGivesItsOwnSideLine() {
    for (SendFailure f : SendFailure.values()) {
      String code = f.isFamily() ? f.code(f.accepts("EBMS:0004") ? "EBMS:0004"
          : f.accepts("HTTP_404") ? "HTTP_404" : "HTTP_502") : f.code();
      Verdict failed = of(TransmissionState.FAILED, code, "why",
          event(f.isRetryable() ? EventType.GAVE_UP : EventType.FAILED, code, "x"));
      assertEquals(f.sideLine(), failed.side(), f.name());
    }
  }

  @Test
  void aGaveUpEventAndAnOldGaveUpMessageBothReadAsAttemptsExhausted() {
    Verdict now = of(TransmissionState.FAILED, "TRANSPORT_ERROR", "connection refused",
        event(EventType.GAVE_UP, "TRANSPORT_ERROR", "Gave up after 6 attempts; last error: connection refused"));
    assertEquals("Not delivered, attempts exhausted: connection refused", now.headline());
    Verdict old = of(TransmissionState.FAILED, "TRANSPORT_ERROR", "connection refused",
        event(EventType.FAILED, "TRANSPORT_ERROR", "Gave up after 6 attempts; last error: connection refused"));
    assertEquals(now, old);
    Verdict permanent = of(TransmissionState.FAILED, "SEND_REFUSED", "phase4 said no",
        event(EventType.FAILED, "SEND_REFUSED", "Failed permanently, not retried: phase4 said no"));
    assertEquals("Not delivered: phase4 said no", permanent.headline());
  }

  @Test
  void anEbmsCodeIsARefusalOnceAndATemporaryTroubleWhenItWasRetried() {
    String detail = "The receiving access point answered with an AS4 error: EBMS:0004 Other: PEPPOL:NOT_SERVICED";
    Verdict refused = of(TransmissionState.FAILED, "EBMS:0004", detail,
        event(EventType.ERROR_SIGNAL_RECEIVED, "EBMS:0004", detail));
    assertTrue(refused.headline().startsWith("Rejected by the receiving access point: EBMS:0004"), refused.headline());
    assertTrue(refused.headline().endsWith("does not accept this document type; not retried"), refused.headline());
    assertEquals(SendFailure.RECEIVER_AS4_ERROR.sideLine(), refused.side());

    Verdict waiting = of(TransmissionState.RETRY_WAIT, "EBMS:0004", "on HTTP 503: EBMS:0004 NOT received");
    assertEquals(SendFailure.RECEIVER_UNAVAILABLE.sideLine(), waiting.side());

    Verdict exhausted = of(TransmissionState.FAILED, "EBMS:0004", "on HTTP 503",
        event(EventType.GAVE_UP, "EBMS:0004", "Gave up after 6 attempts; last error: on HTTP 503"));
    assertEquals("Not delivered, attempts exhausted: on HTTP 503", exhausted.headline());
    assertEquals(SendFailure.RECEIVER_UNAVAILABLE.sideLine(), exhausted.side());
  }

  @Test
  void anUnknownCodeFallsBackToTheTimelineAndAnOddErrorSignalStaysARefusal() {
    Verdict unknown = of(TransmissionState.FAILED, "SOMETHING_ELSE", "odd");
    assertEquals("See the timeline for the attempt's details.", unknown.side());
    assertEquals("Unknown: see the timeline.", of(TransmissionState.RETRY_WAIT, null, null).side());
    // an old row: a receiver's code outside the EBMS range, stored as it came, with its signal
    Verdict odd = of(TransmissionState.FAILED, "PEPPOL:ODD", "The receiving access point answered with an AS4 error: PEPPOL:ODD",
        event(EventType.ERROR_SIGNAL_RECEIVED, "PEPPOL:ODD", "x"));
    assertTrue(odd.headline().startsWith("Rejected by the receiving access point: PEPPOL:ODD"), odd.headline());
    assertEquals(SendFailure.AS4_ERROR.sideLine(), odd.side());
  }
}
