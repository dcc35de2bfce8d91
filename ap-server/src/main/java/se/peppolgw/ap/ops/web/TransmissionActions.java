package se.peppolgw.ap.ops.web;

import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.OperatorAction;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;

/**
 * What the operator UI offers for a transmission, as {@link TransmissionState#allowedActions()}
 * decides it; the one addition is that resending a delivered document asks first.
 */
public record TransmissionActions(
    boolean inbound, boolean redeliver, boolean retry, boolean cancel, Resend resend) {

  /** Whether and how resend is offered. */
  public enum Resend {
    /** Inbound: nothing to resend. */
    NONE,
    /** Still being sent (pending, sending or waiting for a retry): resend would race the original. */
    IN_FLIGHT,
    /** Failed or cancelled: the receiver has nothing yet; resend at once. */
    DIRECT,
    /** Delivered: the receiver would get a second copy; a confirmation page asks first. */
    CONFIRM
  }

  public static TransmissionActions of(Transmission t) {
    return of(t.direction(), t.state());
  }

  static TransmissionActions of(Direction direction, TransmissionState s) {
    if (direction == Direction.IN) {
      return new TransmissionActions(true, s.allows(OperatorAction.REDELIVER), false, false, Resend.NONE);
    }
    return new TransmissionActions(false, false, s.allows(OperatorAction.RETRY_NOW),
        s.allows(OperatorAction.CANCEL), resend(s));
  }

  static Resend resend(TransmissionState s) {
    if (!s.allows(OperatorAction.RESEND)) {
      return Resend.IN_FLIGHT;
    }
    return s == TransmissionState.DELIVERED ? Resend.CONFIRM : Resend.DIRECT;
  }
}
