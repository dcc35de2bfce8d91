package se.peppolgw.ap.ops.web;

import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;

/**
 * Which actions a transmission's state allows: the one place the operator UI and OpsService ask.
 *
 * <p>TODO(TransmissionState): once {@code TransmissionState.allowedActions()} exists (issue #14, the
 * domain model), answer from it instead of the state lists here.
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
      boolean handedOver = s == TransmissionState.HANDED_OVER || s == TransmissionState.ACKNOWLEDGED
          || s == TransmissionState.RECEIVED;
      return new TransmissionActions(true, handedOver, false, false, Resend.NONE);
    }
    boolean waiting = s == TransmissionState.RETRY_WAIT || s == TransmissionState.PENDING;
    return new TransmissionActions(false, false, waiting || s == TransmissionState.FAILED, waiting, resend(s));
  }

  static Resend resend(TransmissionState s) {
    return switch (s) {
      case PENDING, SENDING, RETRY_WAIT -> Resend.IN_FLIGHT;
      case DELIVERED -> Resend.CONFIRM;
      default -> Resend.DIRECT;
    };
  }
}
