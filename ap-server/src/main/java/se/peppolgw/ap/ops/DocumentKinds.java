package se.peppolgw.ap.ops;

import java.util.Locale;
import se.peppolgw.ap.peppol.DocumentTypeAliases;

/** Readable names for document type identifiers ("invoice", "order-response" …). */
public final class DocumentKinds {
  private DocumentKinds() {}

  /** The alias (e.g. {@code invoice}) or, for unknown types, the UBL root element name. */
  public static String alias(String documentTypeId) {
    if (documentTypeId == null) {
      return "unknown";
    }
    return DocumentTypeAliases.aliasOf(documentTypeId)
        .orElseGet(
            () -> {
              int a = documentTypeId.indexOf("::");
              int b = documentTypeId.indexOf("##");
              String root = a >= 0 && b > a ? documentTypeId.substring(a + 2, b) : documentTypeId;
              return root.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            });
  }

  /**
   * The heading of a transmission: its document's label, or, when the document type could not be
   * read (a message refused before its SBDH was read, e.g. with EBMS:0009), what it is instead of
   * "Unknown".
   */
  public static String title(se.peppolgw.ap.store.Transmission t) {
    if (t.documentTypeId() != null) {
      return label(t.documentTypeId());
    }
    return t.state() == se.peppolgw.ap.store.TransmissionState.REJECTED
        ? "Refused AS4 message"
        : "AS4 message of unknown document type";
  }

  /** "Order response", "Invoice" … */
  public static String label(String documentTypeId) {
    String a = alias(documentTypeId).replace('-', ' ');
    return a.isEmpty() ? a : Character.toUpperCase(a.charAt(0)) + a.substring(1);
  }
}
