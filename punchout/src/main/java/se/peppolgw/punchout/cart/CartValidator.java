package se.peppolgw.punchout.cart;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that every line carries what Proceedo requires. A cart with any problem is not sent at all: a line
 * silently dropped by the buyer (OCI has no status channel) is worse than a clear message in the shop.
 */
public final class CartValidator {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  public List<LineProblem> validate(List<CartLine> lines) {
    List<LineProblem> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      validateLine(i + 1, lines.get(i), problems);
    }
    return problems;
  }

  public List<LineProblem> validateLine(int lineNumber, CartLine line) {
    List<LineProblem> problems = new ArrayList<>();
    validateLine(lineNumber, line, problems);
    return problems;
  }

  private static void validateLine(int n, CartLine line, List<LineProblem> problems) {
    String article = line.articleNumber();
    if (isBlank(article)) {
      problems.add(new LineProblem(n, article, "articleNumber", "article number is missing"));
    }
    if (isBlank(line.name())) {
      problems.add(new LineProblem(n, article, "name", "article name is missing"));
    }
    if (line.price() == null) {
      problems.add(new LineProblem(n, article, "price", "price is missing"));
    } else {
      bound(BoundedDecimal.PRICE, line.price(), n, article, "price", problems);
    }
    if (isBlank(line.currency())) {
      problems.add(new LineProblem(n, article, "currency", "currency is missing"));
    }
    if (isBlank(line.unit())) {
      problems.add(new LineProblem(n, article, "unit", "unit is missing"));
    } else if (!UnitCodes.isKnown(line.unit())) {
      problems.add(new LineProblem(n, article, "unit", "unit '" + line.unit() + "' is not a supported UN/ECE Rec 20 code"));
    }
    if (line.vatRate() == null) {
      problems.add(new LineProblem(n, article, "vatRate", "VAT rate is missing"));
    } else if (line.vatRate().signum() < 0 || line.vatRate().compareTo(HUNDRED) > 0) {
      problems.add(new LineProblem(n, article, "vatRate", "VAT rate must be between 0 and 100"));
    } else {
      bound(BoundedDecimal.VAT_RATE, line.vatRate(), n, article, "vatRate", problems);
    }
    problems.addAll(quantityProblems(n, article, line.quantity(), line.unit()));
    if (line.unspsc() != null && !line.unspsc().isBlank() && !line.unspsc().matches("\\d{8}")) {
      problems.add(new LineProblem(n, article, "unspsc", "UNSPSC code must be 8 digits"));
    }
    if (line.leadTimeDays() != null && line.leadTimeDays() < 0) {
      problems.add(new LineProblem(n, article, "leadTimeDays", "lead time must not be negative"));
    }
  }

  /** Quantity rules on their own, also used when the shop user types a quantity. */
  public static List<LineProblem> quantityProblems(int n, String article, BigDecimal quantity, String unit) {
    List<LineProblem> problems = new ArrayList<>();
    if (quantity == null) {
      problems.add(new LineProblem(n, article, "quantity", "quantity is missing"));
    } else if (quantity.signum() <= 0) {
      problems.add(new LineProblem(n, article, "quantity", "quantity must be greater than 0"));
    } else if (!bound(BoundedDecimal.QUANTITY, quantity, n, article, "quantity", problems)) {
      return problems;
    } else if (quantity.stripTrailingZeros().scale() > 0) {
      boolean fractional = UnitCodes.allowsFraction(unit).orElse(false);
      if (!fractional) {
        problems.add(new LineProblem(n, article, "quantity",
            "quantity must be a whole number for unit " + (unit == null ? "(none)" : unit)));
      } else if (quantity.stripTrailingZeros().scale() > 3) {
        problems.add(new LineProblem(n, article, "quantity", "quantity may have at most 3 decimals"));
      }
    }
    return problems;
  }

  /** The parse limits again, for values built in code or grown in the cart (merged quantities). */
  private static boolean bound(BoundedDecimal kind, BigDecimal value, int n, String article, String field,
      List<LineProblem> problems) {
    try {
      kind.check(value, field);
      return true;
    } catch (BoundedDecimal.Refused e) {
      problems.add(new LineProblem(n, article, field, e.reason()));
      return false;
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
