package se.peppolgw.ap.desk.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.peppolgw.ap.desk.CreditNoteRequest;
import se.peppolgw.ap.desk.DeskInputException;
import se.peppolgw.ap.desk.DeskInputException.FieldProblem;
import se.peppolgw.ap.desk.DeskRequest;
import se.peppolgw.ap.desk.DespatchRequest;
import se.peppolgw.ap.desk.InvoiceRequest;
import se.peppolgw.ap.desk.LineQuantity;
import se.peppolgw.ap.desk.OrderResponseRequest;
import se.peppolgw.ap.desk.OrderResponseRequest.Decision;
import se.peppolgw.ap.desk.OrderResponseRequest.LineChange;
import se.peppolgw.ap.desk.OrderedLine;

/**
 * Turns an order page's form into a desk request. Per order line the fields are {@code qty.<line>},
 * {@code date.<line>} and {@code sub.<line>}; every problem is named by its form field, so the
 * page can show it beside the field. The desk's own problems (JSON pointers such as
 * {@code /lines/1/quantity}) are mapped back to form fields by {@link #field}.
 */
final class DeskForms {
  static final int MAX_VALUE = 500;

  private final Map<String, String> values;
  private final List<OrderedLine> lines;
  private final List<FieldProblem> problems = new ArrayList<>();
  /** Per index of the request's line list: the order line it names (to map the desk's pointers back). */
  private final List<String> requestLines = new ArrayList<>();

  DeskForms(Map<String, String> values, List<OrderedLine> lines) {
    this.values = values;
    this.lines = lines;
  }

  DeskRequest parse(DeskForm form) throws DeskInputException {
    DeskRequest r =
        switch (form) {
          case RESPONSE -> response();
          case DESPATCH -> despatch();
          case INVOICE -> new InvoiceRequest(text("invoiceNumber"), text("note"), quantities(false));
          case CREDIT_NOTE ->
              new CreditNoteRequest(text("creditNoteNumber"), text("invoiceNumber"), text("reason"), quantities(false));
        };
    if (!problems.isEmpty()) {
      throw new DeskInputException(400, problems);
    }
    return r;
  }

  /** The form field a problem of the desk (a JSON pointer into the request) is about. */
  String field(String pointer) {
    String[] p = pointer.split("/");
    if (p.length >= 3 && p[1].equals("lines")) {
      int i;
      try {
        i = Integer.parseInt(p[2]);
      } catch (NumberFormatException e) {
        return "lines";
      }
      if (i < 0 || i >= requestLines.size()) {
        return "lines";
      }
      String line = requestLines.get(i);
      String what = p.length > 3 ? p[3] : "quantity";
      return switch (what) {
        case "deliveryDate" -> "date." + line;
        case "substituteArticle" -> "sub." + line;
        default -> "qty." + line;
      };
    }
    return pointer.startsWith("/") ? pointer.substring(1) : pointer;
  }

  private OrderResponseRequest response() {
    String d = text("decision");
    Decision decision = null;
    if (d == null) {
      problems.add(new FieldProblem("decision", "choose accept, accept with changes or reject"));
    } else {
      try {
        decision = Decision.valueOf(d);
      } catch (IllegalArgumentException e) {
        problems.add(new FieldProblem("decision", "not a decision: " + d));
      }
    }
    List<LineChange> changes = new ArrayList<>();
    if (decision == Decision.ACCEPT_WITH_CHANGES) {
      for (OrderedLine l : lines) {
        BigDecimal q = decimal("qty." + l.lineId());
        LocalDate date = date("date." + l.lineId());
        String sub = text("sub." + l.lineId());
        boolean quantityChanged = q != null && q.compareTo(l.quantity()) != 0;
        if (quantityChanged || date != null || sub != null) {
          requestLines.add(l.lineId());
          changes.add(new LineChange(l.lineId(), quantityChanged ? q : null, date, sub));
        }
      }
    }
    return new OrderResponseRequest(decision, text("responseId"), text("reason"), date("promisedDelivery"), changes);
  }

  private DespatchRequest despatch() {
    String packages = text("packages");
    Integer count = null;
    if (packages != null) {
      try {
        count = Integer.valueOf(packages);
      } catch (NumberFormatException e) {
        problems.add(new FieldProblem("packages", "not a whole number: " + packages));
      }
    }
    LocalTime time = null;
    String t = text("deliveryTime");
    if (t != null) {
      try {
        time = LocalTime.parse(t);
      } catch (DateTimeParseException e) {
        problems.add(new FieldProblem("deliveryTime", "not a time (hh:mm): " + t));
      }
    }
    return new DespatchRequest(
        text("despatchId"), date("deliveryDate"), time, count, decimal("grossWeightKg"), decimal("grossVolumeM3"),
        text("trackingId"), quantities(true));
  }

  /** The lines with a quantity; blank or 0 means "not this line". */
  private List<LineQuantity> quantities(boolean atLeastOne) {
    List<LineQuantity> out = new ArrayList<>();
    for (OrderedLine l : lines) {
      BigDecimal q = decimal("qty." + l.lineId());
      if (q != null && q.signum() != 0) {
        requestLines.add(l.lineId());
        out.add(new LineQuantity(l.lineId(), q));
      }
    }
    if (atLeastOne && out.isEmpty()) {
      problems.add(new FieldProblem("lines", "enter the quantity of at least one line"));
    }
    return out;
  }

  private String text(String name) {
    String v = values.get(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    if (v.length() > MAX_VALUE) {
      problems.add(new FieldProblem(name, "longer than " + MAX_VALUE + " characters"));
      return null;
    }
    return v.trim();
  }

  private BigDecimal decimal(String name) {
    String v = text(name);
    if (v == null) {
      return null;
    }
    try {
      BigDecimal d = new BigDecimal(v.replace(',', '.'));
      if (d.scale() > 6 || d.precision() - d.scale() > 12) {
        problems.add(new FieldProblem(name, "too many digits: " + v));
        return null;
      }
      return d;
    } catch (NumberFormatException e) {
      problems.add(new FieldProblem(name, "not a number: " + v));
      return null;
    }
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

  /** Problems by form field, the first one per field. */
  Map<String, String> byField(List<FieldProblem> ps) {
    Map<String, String> out = new LinkedHashMap<>();
    for (FieldProblem p : ps) {
      out.putIfAbsent(p.field().startsWith("/") ? field(p.field()) : p.field(), p.problem());
    }
    return out;
  }
}
