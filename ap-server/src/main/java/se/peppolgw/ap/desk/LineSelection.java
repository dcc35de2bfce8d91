package se.peppolgw.ap.desk;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import se.peppolgw.ap.desk.DeskInputException.FieldProblem;

/**
 * Checks the lines a request picks: each names a line of the order once, with a positive quantity
 * no larger than what remains of that line. Every problem is reported, not just the first.
 */
final class LineSelection {
  private LineSelection() {}

  /**
   * @param remaining per order line what may still be picked
   * @param what the verb for messages ("delivered", "invoiced", "credited")
   * @return per line id the quantity picked, in request order
   */
  static Map<String, BigDecimal> check(
      ReceivedOrder order, List<LineQuantity> lines, Function<OrderedLine, BigDecimal> remaining, String what)
      throws DeskInputException {
    List<FieldProblem> problems = new ArrayList<>();
    boolean conflict = false;
    Map<String, BigDecimal> picked = new LinkedHashMap<>();
    if (lines.isEmpty()) {
      throw DeskInputException.of("/lines", "name at least one order line");
    }
    for (int i = 0; i < lines.size(); i++) {
      LineQuantity lq = lines.get(i);
      String at = "/lines/" + i;
      OrderedLine l = lq.lineId() == null ? null : order.line(lq.lineId()).orElse(null);
      if (l == null) {
        problems.add(new FieldProblem(at + "/lineId", "no line " + lq.lineId() + " in order " + order.orderNumber()));
        continue;
      }
      if (picked.containsKey(l.lineId())) {
        problems.add(new FieldProblem(at + "/lineId", "line " + l.lineId() + " is named twice"));
        continue;
      }
      if (lq.quantity() == null || lq.quantity().signum() <= 0) {
        problems.add(new FieldProblem(at + "/quantity", "must be a positive number"));
        continue;
      }
      BigDecimal left = remaining.apply(l);
      if (lq.quantity().compareTo(left) > 0) {
        conflict = true;
        problems.add(new FieldProblem(at + "/quantity",
            lq.quantity().toPlainString() + " is more than the " + left.stripTrailingZeros().toPlainString()
                + " of line " + l.lineId() + " not yet " + what));
        continue;
      }
      picked.put(l.lineId(), lq.quantity());
    }
    if (!problems.isEmpty()) {
      // only "more than remains" contradicts the chain (409); anything else is a bad request
      boolean allConflicts = conflict && problems.stream().allMatch(p -> p.problem().contains(" not yet "));
      throw new DeskInputException(allConflicts ? 409 : 400, problems);
    }
    return picked;
  }
}
