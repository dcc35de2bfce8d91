package se.peppolgw.ap.desk.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.peppolgw.ap.desk.DeskInputException;
import se.peppolgw.ap.desk.DeskInputException.FieldProblem;
import se.peppolgw.ap.desk.OrderAgreementRequest;
import se.peppolgw.ap.desk.OrderAgreementRequest.AgreedLine;

/**
 * The order agreement form: the call-off's header fields and up to {@link #ROWS} rows of
 * {@code art.<n>}, {@code qty.<n>}, {@code date.<n>} (blank rows are skipped). Problems are named
 * by form field; the desk's JSON pointers are mapped back to the rows they came from.
 */
final class AgreementForm {
  static final int ROWS = 10;
  private final Map<String, String> values;
  private final List<Integer> rows = new ArrayList<>();
  private final List<FieldProblem> problems = new ArrayList<>();

  AgreementForm(Map<String, String> values) {
    this.values = values;
  }

  OrderAgreementRequest parse() throws DeskInputException {
    List<AgreedLine> lines = new ArrayList<>();
    for (int n = 1; n <= ROWS; n++) {
      String art = text("art." + n);
      String qty = text("qty." + n);
      LocalDate date = date("date." + n);
      if (art == null && qty == null && date == null) {
        continue;
      }
      BigDecimal q = null;
      if (qty == null) {
        problems.add(new FieldProblem("qty." + n, "required"));
      } else {
        try {
          q = new BigDecimal(qty.replace(',', '.'));
          if (q.precision() - q.scale() > 12 || q.scale() > 6) {
            problems.add(new FieldProblem("qty." + n, "too many digits: " + qty));
          }
        } catch (NumberFormatException e) {
          problems.add(new FieldProblem("qty." + n, "not a number: " + qty));
        }
      }
      rows.add(n);
      lines.add(new AgreedLine(art, q, date));
    }
    if (!problems.isEmpty()) {
      throw new DeskInputException(400, problems);
    }
    return new OrderAgreementRequest(text("agreementId"), text("orderReference"), text("buyer"), text("buyerName"),
        text("buyerReference"), text("note"), lines);
  }

  /** Problems by form field ({@code /lines/2/quantity} becomes the field of the row it came from). */
  Map<String, String> byField(List<FieldProblem> ps) {
    Map<String, String> out = new LinkedHashMap<>();
    for (FieldProblem p : ps) {
      out.putIfAbsent(field(p.field()), p.problem());
    }
    return out;
  }

  private String field(String pointer) {
    if (!pointer.startsWith("/")) {
      return pointer;
    }
    String[] p = pointer.split("/");
    if (p.length >= 4 && p[1].equals("lines")) {
      try {
        int i = Integer.parseInt(p[2]);
        if (i >= 0 && i < rows.size()) {
          String prefix = switch (p[3]) {
            case "articleNumber" -> "art.";
            case "deliveryDate" -> "date.";
            default -> "qty.";
          };
          return prefix + rows.get(i);
        }
      } catch (NumberFormatException e) {
        return "lines";
      }
    }
    return pointer.length() <= 1 ? "form" : pointer.substring(1);
  }

  private String text(String name) {
    String v = values.get(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    if (v.length() > DeskForms.MAX_VALUE) {
      problems.add(new FieldProblem(name, "longer than " + DeskForms.MAX_VALUE + " characters"));
      return null;
    }
    return v.trim();
  }

  private LocalDate date(String name) {
    String v = text(name);
    if (v == null) {
      return null;
    }
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      problems.add(new FieldProblem(name, "not a date (yyyy-mm-dd): " + v));
      return null;
    }
  }
}
