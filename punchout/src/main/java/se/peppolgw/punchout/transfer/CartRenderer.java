package se.peppolgw.punchout.transfer;

import java.util.List;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.LineProblem;
import se.peppolgw.punchout.session.PunchoutSession;

/** Turns the internal cart into one protocol's return form. */
public interface CartRenderer {
  /** Protocol-specific limits (field lengths, number ranges) on top of {@code CartValidator}. */
  List<LineProblem> check(PunchoutSession session, List<CartLine> lines);

  ReturnForm render(PunchoutSession session, List<CartLine> lines);
}
