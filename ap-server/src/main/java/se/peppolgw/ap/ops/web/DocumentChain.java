package se.peppolgw.ap.ops.web;

import java.util.ArrayList;
import java.util.List;
import se.peppolgw.ap.ops.DocumentKinds;
import se.peppolgw.ap.store.Direction;
import se.peppolgw.ap.store.Transmission;
import se.peppolgw.ap.store.TransmissionState;

/**
 * The documents of one order in time order (the order, order responses and agreements, despatch
 * advices, invoices and credit notes referencing it) and what is still missing.
 */
public record DocumentChain(String orderNumber, List<Transmission> documents, List<String> missing) {

  public static DocumentChain of(String orderNumber, List<Transmission> documents) {
    List<Transmission> usable =
        documents.stream()
            .filter(t -> t.state() != TransmissionState.DUPLICATE)
            .toList();
    List<String> missing = new ArrayList<>();
    boolean order = has(usable, "order");
    boolean response = has(usable, "order-response") || has(usable, "order-response-advanced")
        || has(usable, "order-agreement");
    boolean despatch = has(usable, "despatch-advice");
    boolean invoice = has(usable, "invoice");
    if (!order) {
      missing.add("The order itself is not in the log (received another way, not yet received, or purged).");
    }
    if (!response) {
      missing.add("No order response yet" + (order ? " (order received, not confirmed)." : "."));
    }
    if (!despatch) {
      missing.add("No despatch advice yet.");
    }
    if (!invoice) {
      missing.add(response ? "Order confirmed but no invoice yet." : "No invoice yet.");
    }
    for (Transmission t : usable) {
      if (t.state() == TransmissionState.FAILED || t.state() == TransmissionState.REJECTED
          || t.state() == TransmissionState.CANCELLED) {
        missing.add(
            DocumentKinds.label(t.documentTypeId()) + " " + (t.businessId() == null ? t.id() : t.businessId())
                + " is " + t.state().name().toLowerCase(java.util.Locale.ROOT)
                + (t.direction() == Direction.OUT ? ": resend it." : ": the sender must resend it."));
      }
    }
    return new DocumentChain(orderNumber, documents, List.copyOf(missing));
  }

  private static boolean has(List<Transmission> docs, String alias) {
    return docs.stream()
        .anyMatch(
            t -> alias.equals(DocumentKinds.alias(t.documentTypeId()))
                && t.state() != TransmissionState.FAILED
                && t.state() != TransmissionState.REJECTED
                && t.state() != TransmissionState.CANCELLED);
  }
}
