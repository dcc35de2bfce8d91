package se.peppolgw.punchout.transfer;

import java.util.List;
import se.peppolgw.punchout.cart.LineProblem;

/** Outcome of a checkout (or of a cancel, which may send an empty cart). */
public sealed interface TransferResult {
  /** The page to show: it posts the cart to the buyer. */
  record Sent(ReturnForm form) implements TransferResult {
  }

  /** Lines that cannot be sent, with the reasons to show the user. Nothing was sent. */
  record Invalid(List<LineProblem> problems) implements TransferResult {
  }

  /** Cancelled in the shop; nothing could be sent for this protocol ({@link CancelReturn#NOTHING_SENT}). */
  record Cancelled() implements TransferResult {
  }

  /** The session is not active any more (already transferred, expired, cancelled). */
  record NotActive(String reason) implements TransferResult {
  }
}
