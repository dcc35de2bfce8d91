package se.peppolgw.ap.store;

import java.util.EnumSet;

/**
 * Where a transmission stands. Inbound and outbound states share one column. Each state knows
 * its direction, whether it is final (nothing more happens on its own), the states it may become
 * and the operator actions it allows: the views ask the state instead of listing states.
 */
public enum TransmissionState {
  /** Inbound: stored durably, receipt sent (or being sent); not yet handed to the back office. */
  RECEIVED,
  /** Inbound: written to the inbox folder / webhook. */
  HANDED_OVER,
  /** Inbound: the back office confirmed it took the document (pull API ack). */
  ACKNOWLEDGED,
  /** Inbound: refused with an AS4 error; nothing reached the back office. */
  REJECTED,
  /** Inbound: a repeat of an earlier message; answered, never handed over again. */
  DUPLICATE,
  /**
   * Inbound: a message for the gateway itself (a Message Level Status answering one of our
   * transmissions), processed by it when stored; never handed to the back office.
   */
  CONSUMED,
  /** Outbound: accepted and waiting for the sender worker. */
  PENDING,
  /** Outbound: claimed by a worker and being sent. */
  SENDING,
  /** Outbound: waiting for the next attempt after a retryable failure. */
  RETRY_WAIT,
  /** Outbound: the receiving AP returned a valid signed receipt. */
  DELIVERED,
  /** Outbound: gave up (permanent error or attempts exhausted); the reason is on the timeline. */
  FAILED,
  /** Outbound: cancelled by an operator before delivery. */
  CANCELLED;

  /** Inbound or outbound: the states never mix. */
  public Direction direction() {
    return switch (this) {
      case RECEIVED, HANDED_OVER, ACKNOWLEDGED, REJECTED, DUPLICATE, CONSUMED -> Direction.IN;
      case PENDING, SENDING, RETRY_WAIT, DELIVERED, FAILED, CANCELLED -> Direction.OUT;
    };
  }

  /**
   * True when the gateway is done: nothing more happens unless someone acts (an operator's retry
   * or re-delivery). HANDED_OVER is not final: the back office may still acknowledge it.
   */
  public boolean isFinal() {
    return switch (this) {
      case ACKNOWLEDGED, REJECTED, DUPLICATE, CONSUMED, DELIVERED, FAILED, CANCELLED -> true;
      case RECEIVED, HANDED_OVER, PENDING, SENDING, RETRY_WAIT -> false;
    };
  }

  /** The states a transmission is first stored in. */
  public boolean isInitial() {
    return switch (this) {
      case RECEIVED, REJECTED, DUPLICATE, CONSUMED, PENDING -> true;
      default -> false;
    };
  }

  /** The states this one may become (a state staying what it is, e.g. a re-claim, is no change). */
  public EnumSet<TransmissionState> next() {
    return switch (this) {
      // hand-over, the back office's ack, an operator's re-delivery
      case RECEIVED -> EnumSet.of(HANDED_OVER, ACKNOWLEDGED);
      case HANDED_OVER -> EnumSet.of(RECEIVED, ACKNOWLEDGED);
      case ACKNOWLEDGED -> EnumSet.of(RECEIVED);
      case REJECTED, DUPLICATE, CONSUMED, DELIVERED, CANCELLED -> EnumSet.noneOf(TransmissionState.class);
      // claimed, or cancelled before that
      case PENDING, RETRY_WAIT -> EnumSet.of(SENDING, CANCELLED);
      // the attempt's outcome, or a claim given back unstarted (PENDING or RETRY_WAIT); not
      // cancelled: an attempt may be running, and a dead node's claim is taken over on its own
      case SENDING -> EnumSet.of(DELIVERED, RETRY_WAIT, FAILED, PENDING);
      // an operator's "retry now": a new round of attempts
      case FAILED -> EnumSet.of(PENDING);
    };
  }

  /** True when a transmission in this state may become {@code next}. */
  public boolean canBecome(TransmissionState next) {
    return next().contains(next);
  }

  /** What an operator (or the back office) may do with a transmission in this state. */
  public EnumSet<OperatorAction> allowedActions() {
    return switch (this) {
      case RECEIVED, HANDED_OVER -> EnumSet.of(OperatorAction.REDELIVER, OperatorAction.ACKNOWLEDGE);
      case ACKNOWLEDGED -> EnumSet.of(OperatorAction.REDELIVER);
      // never reached the back office / processed by the gateway itself
      case REJECTED, DUPLICATE, CONSUMED -> EnumSet.noneOf(OperatorAction.class);
      // no resend while the original may still go out: the receiver would get two copies
      case PENDING, RETRY_WAIT -> EnumSet.of(OperatorAction.RETRY_NOW, OperatorAction.CANCEL);
      case SENDING -> EnumSet.noneOf(OperatorAction.class);
      case FAILED -> EnumSet.of(OperatorAction.RETRY_NOW, OperatorAction.RESEND);
      case DELIVERED, CANCELLED -> EnumSet.of(OperatorAction.RESEND);
    };
  }

  public boolean allows(OperatorAction action) {
    return allowedActions().contains(action);
  }
}
