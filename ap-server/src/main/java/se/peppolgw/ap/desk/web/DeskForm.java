package se.peppolgw.ap.desk.web;

import java.util.Optional;
import se.peppolgw.ap.desk.DeskDocumentKind;

/** The desk's four forms on an order's page, each posted to {@code /ops/desk/orders/{id}/{path}}. */
public enum DeskForm {
  RESPONSE("response", "Order response", DeskDocumentKind.ORDER_RESPONSE),
  DESPATCH("despatch-advice", "Despatch advice", DeskDocumentKind.DESPATCH_ADVICE),
  INVOICE("invoice", "Invoice", DeskDocumentKind.INVOICE),
  CREDIT_NOTE("credit-note", "Credit note", DeskDocumentKind.CREDIT_NOTE);

  private final String path;
  private final String title;
  private final DeskDocumentKind kind;

  DeskForm(String path, String title, DeskDocumentKind kind) {
    this.path = path;
    this.title = title;
    this.kind = kind;
  }

  public String path() {
    return path;
  }

  public String title() {
    return title;
  }

  public DeskDocumentKind kind() {
    return kind;
  }

  static Optional<DeskForm> byPath(String path) {
    for (DeskForm f : values()) {
      if (f.path.equals(path)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
