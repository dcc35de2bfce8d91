package se.peppolgw.ap.ops.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.ops.web.TransmissionActions.Resend;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.TransmissionState;

class TransmissionActionsTest {
  @Test
  void resendWaitsWhileTheOriginalIsStillBeingSent() {
    for (TransmissionState s : EnumSet.of(TransmissionState.PENDING, TransmissionState.SENDING,
        TransmissionState.RETRY_WAIT)) {
      assertEquals(Resend.IN_FLIGHT, TransmissionActions.of(Direction.OUT, s).resend(), s.name());
    }
  }

  @Test
  void aDeliveredDocumentIsResentOnlyAfterConfirmation() {
    assertEquals(Resend.CONFIRM, TransmissionActions.of(Direction.OUT, TransmissionState.DELIVERED).resend());
    assertEquals(Resend.DIRECT, TransmissionActions.of(Direction.OUT, TransmissionState.FAILED).resend());
    assertEquals(Resend.DIRECT, TransmissionActions.of(Direction.OUT, TransmissionState.CANCELLED).resend());
  }

  @Test
  void retryAndCancelAsBefore() {
    TransmissionActions waiting = TransmissionActions.of(Direction.OUT, TransmissionState.RETRY_WAIT);
    assertTrue(waiting.retry() && waiting.cancel());
    TransmissionActions failed = TransmissionActions.of(Direction.OUT, TransmissionState.FAILED);
    assertTrue(failed.retry());
    assertFalse(failed.cancel());
    TransmissionActions sending = TransmissionActions.of(Direction.OUT, TransmissionState.SENDING);
    assertFalse(sending.retry() || sending.cancel(), "not while an attempt runs");
    TransmissionActions delivered = TransmissionActions.of(Direction.OUT, TransmissionState.DELIVERED);
    assertFalse(delivered.retry() || delivered.cancel() || delivered.redeliver());
  }

  @Test
  void inboundOnlyRedeliversWhatReachedTheBackOffice() {
    for (TransmissionState s : TransmissionState.values()) {
      TransmissionActions a = TransmissionActions.of(Direction.IN, s);
      boolean handedOver = s == TransmissionState.RECEIVED || s == TransmissionState.HANDED_OVER
          || s == TransmissionState.ACKNOWLEDGED;
      assertEquals(handedOver, a.redeliver(), s.name());
      assertEquals(Resend.NONE, a.resend());
      assertFalse(a.retry() || a.cancel());
    }
  }
}
