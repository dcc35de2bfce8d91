package se.peppolgw.ap.desk;

/** The documents the desk builds in answer to a received order. */
public enum DeskDocumentKind {
  ORDER_RESPONSE("OrderResponse", "urn:fdc:peppol.eu:poacc:trns:order_response:3"),
  DESPATCH_ADVICE("DespatchAdvice", "urn:fdc:peppol.eu:poacc:trns:despatch_advice:3"),
  INVOICE("Invoice", Ubl.BILLING_CUSTOMIZATION),
  CREDIT_NOTE("CreditNote", Ubl.BILLING_CUSTOMIZATION),
  /** A call-off agreed by phone or in the web shop: not part of a received order's chain. */
  ORDER_AGREEMENT("OrderResponse", "urn:fdc:peppol.eu:poacc:trns:order_agreement:3");

  private final String rootLocalName;
  private final String customizationId;

  DeskDocumentKind(String rootLocalName, String customizationId) {
    this.rootLocalName = rootLocalName;
    this.customizationId = customizationId;
  }

  public String rootLocalName() {
    return rootLocalName;
  }

  public String customizationId() {
    return customizationId;
  }
}
