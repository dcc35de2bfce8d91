package se.peppolgw.ap.peppol;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Short names for the Peppol BIS 3 document type identifiers, so that an operator can write
 * {@code order,invoice-response} in the configuration instead of 120-character identifiers.
 */
public final class DocumentTypeAliases {
  private static final String UBL = "urn:oasis:names:specification:ubl:schema:xsd:";
  private static final String BILLING =
      "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
  private static final Map<String, String> ALIASES = new LinkedHashMap<>();

  static {
    ALIASES.put("invoice", id("Invoice", BILLING));
    ALIASES.put("credit-note", id("CreditNote", BILLING));
    ALIASES.put("order", id("Order", "urn:fdc:peppol.eu:poacc:trns:order:3"));
    ALIASES.put("order-change", id("OrderChange", "urn:fdc:peppol.eu:poacc:trns:order_change:3"));
    ALIASES.put(
        "order-cancellation",
        id("OrderCancellation", "urn:fdc:peppol.eu:poacc:trns:order_cancellation:3"));
    ALIASES.put(
        "order-response", id("OrderResponse", "urn:fdc:peppol.eu:poacc:trns:order_response:3"));
    ALIASES.put(
        "order-response-advanced",
        id("OrderResponse", "urn:fdc:peppol.eu:poacc:trns:order_response_advanced:3"));
    ALIASES.put(
        // an Order Agreement is a UBL OrderResponse with its own CustomizationID
        "order-agreement", id("OrderResponse", "urn:fdc:peppol.eu:poacc:trns:order_agreement:3"));
    ALIASES.put(
        "despatch-advice", id("DespatchAdvice", "urn:fdc:peppol.eu:poacc:trns:despatch_advice:3"));
    ALIASES.put("catalogue", id("Catalogue", "urn:fdc:peppol.eu:poacc:trns:catalogue:3"));
    ALIASES.put(
        "catalogue-response",
        id("ApplicationResponse", "urn:fdc:peppol.eu:poacc:trns:catalogue_response:3"));
    ALIASES.put(
        "invoice-response",
        id("ApplicationResponse", "urn:fdc:peppol.eu:poacc:trns:invoice_response:3"));
    ALIASES.put("mlr", id("ApplicationResponse", "urn:fdc:peppol.eu:poacc:trns:mlr:3"));
    ALIASES.put("punch-out", id("Catalogue", "urn:fdc:peppol.eu:poacc:trns:punch_out:3"));
  }

  private DocumentTypeAliases() {}

  /**
   * The Peppol document type identifier value (scheme {@code busdox-docid-qns}) of a UBL 2.1
   * document: root namespace, root element name and CustomizationID.
   */
  public static String id(String ublRootElement, String customizationId) {
    return UBL + ublRootElement + "-2::" + ublRootElement + "##" + customizationId + "::2.1";
  }

  /** Expands an alias; anything that is not an alias is returned unchanged (a full identifier). */
  public static String expand(String aliasOrId) {
    String a = aliasOrId.trim();
    return ALIASES.getOrDefault(a.toLowerCase(Locale.ROOT), a);
  }

  /** The alias of a full identifier, for readable logs and UI. */
  public static Optional<String> aliasOf(String documentTypeId) {
    return ALIASES.entrySet().stream()
        .filter(e -> e.getValue().equals(documentTypeId))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  public static Map<String, String> all() {
    return Map.copyOf(ALIASES);
  }
}
