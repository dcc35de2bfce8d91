package se.peppolgw.ap.peppol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The business identity of a document, the same for what is sent and what is received: sender,
 * receiver, document type, the document's own number (cbc:ID) and, for invoices and credit notes,
 * the issue date (invoice numbers may restart each year). Two AS4 messages or two API requests
 * with the same identity carry the same business document, whatever their message ids.
 */
public final class BusinessIdentity {
  private BusinessIdentity() {}

  /** Invoices and credit notes: their number is unique only together with the issue date. */
  public static boolean isInvoiceLike(String rootLocalName) {
    return "Invoice".equals(rootLocalName) || "CreditNote".equals(rootLocalName);
  }

  /**
   * The identity as a SHA-256 hex digest (fits an indexed column, reveals nothing); empty when
   * the document has no number, so that nothing is compared.
   *
   * @param senderId participant identifier values, compared without case
   * @param issueDate cbc:IssueDate, used for invoice-like roots only; may be null
   */
  public static Optional<String> sha256(
      String senderId, String receiverId, String documentTypeId, String rootLocalName,
      String documentId, String issueDate) {
    if (documentId == null || documentId.isBlank()) {
      return Optional.empty();
    }
    String identity =
        String.join(
            "\n",
            lower(senderId),
            lower(receiverId),
            documentTypeId == null ? "" : documentTypeId,
            documentId,
            isInvoiceLike(rootLocalName) && issueDate != null ? issueDate : "");
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return Optional.of(HexFormat.of().formatHex(d));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
