package se.peppolgw.ap.desk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.api.QueryNumbers;
import se.peppolgw.ap.desk.DeskInputException.FieldProblem;
import se.peppolgw.punchout.cart.BoundedDecimal;

/**
 * Reads the desk API's JSON requests. Every problem is collected with the JSON pointer of its
 * field, so one 400 names them all. Numbers go through {@link BoundedDecimal} (a quantity such as
 * {@code 1e1000000} is refused before it costs anything); unknown fields are refused too, so a
 * misspelt {@code quantitty} does not silently mean "everything".
 */
final class DeskJson {
  static final int MAX_TEXT = 500;
  static final int MAX_LINES = ReceivedOrder.MAX_LINES;
  private static final ObjectReader READER =
      Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final List<FieldProblem> problems = new ArrayList<>();
  private final JsonNode root;

  private DeskJson(JsonNode root) {
    this.root = root;
  }

  static DeskJson parse(byte[] body) throws DeskInputException {
    JsonNode n;
    try {
      n = READER.readTree(body);
    } catch (IOException e) {
      throw DeskInputException.of("/", "the body is not JSON");
    }
    if (n == null || !n.isObject()) {
      throw DeskInputException.of("/", "the body must be a JSON object");
    }
    return new DeskJson(n);
  }

  OrderResponseRequest orderResponse() throws DeskInputException {
    only(root, "", Set.of("decision", "responseId", "reason", "promisedDelivery", "lines"));
    OrderResponseRequest.Decision decision = null;
    String d = text(root, "/decision", true);
    if (d != null) {
      try {
        decision = OrderResponseRequest.Decision.valueOf(d);
      } catch (IllegalArgumentException e) {
        problems.add(new FieldProblem("/decision", "must be ACCEPT, ACCEPT_WITH_CHANGES or REJECT"));
      }
    }
    List<OrderResponseRequest.LineChange> changes = new ArrayList<>();
    for (Line l : lines(Set.of("lineId", "quantity", "deliveryDate", "substituteArticle"), false)) {
      BigDecimal q = zeroOrQuantity(l.node(), l.at() + "/quantity");
      changes.add(
          new OrderResponseRequest.LineChange(
              text(l.node(), l.at() + "/lineId", true), q, date(l.node(), l.at() + "/deliveryDate", false),
              text(l.node(), l.at() + "/substituteArticle", false)));
    }
    OrderResponseRequest r =
        new OrderResponseRequest(
            decision, text(root, "/responseId", false), text(root, "/reason", false),
            date(root, "/promisedDelivery", false), changes);
    done();
    return r;
  }

  DespatchRequest despatch() throws DeskInputException {
    only(root, "", Set.of("despatchId", "deliveryDate", "deliveryTime", "packages", "grossWeightKg", "grossVolumeM3",
        "trackingId", "lines"));
    DespatchRequest r =
        new DespatchRequest(
            text(root, "/despatchId", false),
            date(root, "/deliveryDate", true),
            time(root, "/deliveryTime"),
            whole(root, "/packages", 1, 100_000),
            decimal(root, "/grossWeightKg", BoundedDecimal.QUANTITY),
            decimal(root, "/grossVolumeM3", BoundedDecimal.QUANTITY),
            text(root, "/trackingId", false),
            quantities(true));
    done();
    return r;
  }

  InvoiceRequest invoice() throws DeskInputException {
    only(root, "", Set.of("invoiceNumber", "note", "lines"));
    InvoiceRequest r = new InvoiceRequest(text(root, "/invoiceNumber", true), text(root, "/note", false), quantities(false));
    done();
    return r;
  }

  CreditNoteRequest creditNote() throws DeskInputException {
    only(root, "", Set.of("creditNoteNumber", "invoiceNumber", "reason", "lines"));
    CreditNoteRequest r =
        new CreditNoteRequest(
            text(root, "/creditNoteNumber", true), text(root, "/invoiceNumber", true), text(root, "/reason", true),
            quantities(false));
    done();
    return r;
  }

  OrderAgreementRequest orderAgreement() throws DeskInputException {
    only(root, "", Set.of("agreementId", "orderReference", "buyer", "buyerName", "buyerReference", "note", "lines"));
    List<OrderAgreementRequest.AgreedLine> agreed = new ArrayList<>();
    for (Line l : lines(Set.of("articleNumber", "quantity", "deliveryDate"), true)) {
      BigDecimal q = decimal(l.node(), l.at() + "/quantity", BoundedDecimal.QUANTITY);
      if (q == null && !l.node().has("quantity")) {
        problems.add(new FieldProblem(l.at() + "/quantity", "required"));
      }
      agreed.add(new OrderAgreementRequest.AgreedLine(
          text(l.node(), l.at() + "/articleNumber", true), q, date(l.node(), l.at() + "/deliveryDate", false)));
    }
    OrderAgreementRequest r =
        new OrderAgreementRequest(
            text(root, "/agreementId", true), text(root, "/orderReference", true), text(root, "/buyer", true),
            text(root, "/buyerName", true), text(root, "/buyerReference", false), text(root, "/note", false), agreed);
    done();
    return r;
  }

  private record Line(String at, JsonNode node) {}

  private List<LineQuantity> quantities(boolean required) {
    List<LineQuantity> out = new ArrayList<>();
    for (Line l : lines(Set.of("lineId", "quantity"), required)) {
      BigDecimal q = decimal(l.node(), l.at() + "/quantity", BoundedDecimal.QUANTITY);
      if (q == null && !l.node().has("quantity")) {
        problems.add(new FieldProblem(l.at() + "/quantity", "required"));
      }
      out.add(new LineQuantity(text(l.node(), l.at() + "/lineId", true), q));
    }
    return out;
  }

  private List<Line> lines(Set<String> fields, boolean required) {
    JsonNode lines = root.get("lines");
    List<Line> out = new ArrayList<>();
    if (lines == null || lines.isNull()) {
      if (required) {
        problems.add(new FieldProblem("/lines", "required: at least one line"));
      }
      return out;
    }
    if (!lines.isArray()) {
      problems.add(new FieldProblem("/lines", "must be an array"));
      return out;
    }
    if (lines.size() > MAX_LINES) {
      problems.add(new FieldProblem("/lines", "at most " + MAX_LINES + " lines"));
      return out;
    }
    for (int i = 0; i < lines.size(); i++) {
      JsonNode l = lines.get(i);
      String at = "/lines/" + i;
      if (!l.isObject()) {
        problems.add(new FieldProblem(at, "must be an object"));
        continue;
      }
      only(l, at, fields);
      out.add(new Line(at, l));
    }
    return out;
  }

  private void only(JsonNode node, String at, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        problems.add(new FieldProblem(at + "/" + f, "unknown field; allowed: " + String.join(", ", allowed.stream().sorted().toList())));
      }
    }
  }

  private String text(JsonNode node, String at, boolean required) {
    JsonNode v = node.get(leaf(at));
    if (v == null || v.isNull()) {
      if (required) {
        problems.add(new FieldProblem(at, "required"));
      }
      return null;
    }
    if (!v.isTextual()) {
      problems.add(new FieldProblem(at, "must be a string"));
      return null;
    }
    String s = v.asText();
    if (s.length() > MAX_TEXT) {
      problems.add(new FieldProblem(at, "at most " + MAX_TEXT + " characters"));
      return null;
    }
    if (required && s.isBlank()) {
      problems.add(new FieldProblem(at, "required"));
      return null;
    }
    return s;
  }

  private LocalDate date(JsonNode node, String at, boolean required) {
    String s = text(node, at, required);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      problems.add(new FieldProblem(at, "must be a date yyyy-mm-dd"));
      return null;
    }
  }

  private LocalTime time(JsonNode node, String at) {
    String s = text(node, at, false);
    if (s == null) {
      return null;
    }
    try {
      return LocalTime.parse(s);
    } catch (DateTimeParseException e) {
      problems.add(new FieldProblem(at, "must be a time hh:mm or hh:mm:ss"));
      return null;
    }
  }

  private Integer whole(JsonNode node, String at, long min, long max) {
    JsonNode v = node.get(leaf(at));
    if (v == null || v.isNull()) {
      return null;
    }
    try {
      String text = v.isIntegralNumber() ? v.bigIntegerValue().toString() : v.isTextual() ? v.asText() : "x";
      return (int) QueryNumbers.bounded(leaf(at), text.length() > 20 ? "x" : text, min, max);
    } catch (IllegalArgumentException e) {
      problems.add(new FieldProblem(at, "must be a whole number from " + min + " to " + max));
      return null;
    }
  }

  private BigDecimal decimal(JsonNode node, String at, BoundedDecimal kind) {
    JsonNode v = node.get(leaf(at));
    if (v == null || v.isNull()) {
      return null;
    }
    try {
      if (v.isNumber()) {
        return kind.check(v.decimalValue(), at);
      }
      if (v.isTextual()) {
        return kind.parse(v.asText(), at);
      }
      problems.add(new FieldProblem(at, "must be a number"));
    } catch (BoundedDecimal.Refused e) {
      problems.add(new FieldProblem(at, e.reason()));
    }
    return null;
  }

  /** An order response may set a line's quantity to 0: the line is not accepted. */
  private BigDecimal zeroOrQuantity(JsonNode node, String at) {
    JsonNode v = node.get(leaf(at));
    if (v != null && ((v.isNumber() && v.decimalValue().signum() == 0) || (v.isTextual() && v.asText().trim().matches("0+(\\.0+)?")))) {
      return BigDecimal.ZERO;
    }
    return decimal(node, at, BoundedDecimal.QUANTITY);
  }

  private static String leaf(String at) {
    return at.substring(at.lastIndexOf('/') + 1);
  }

  private void done() throws DeskInputException {
    if (!problems.isEmpty()) {
      throw new DeskInputException(400, problems);
    }
  }
}
