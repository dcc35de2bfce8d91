package se.peppolgw.ap.outbound;

import se.peppolgw.ap.ubl.BusinessFacts;

/**
 * A submitted document, understood: its routing, the SBD to send (built here or given by the
 * caller) and the business document inside it.
 *
 * @param sbd the SBD, byte for byte what will be sent
 * @param document the business document as it stands inside the SBD
 * @param submittedAsSbd whether the caller gave a complete SBD
 * @param issueDate cbc:IssueDate of the business document, if any
 * @param mlsType the MLS_TYPE the SBDH asks for (ALWAYS_SEND / FAILURE_ONLY), null when it asks
 *     for none (an MLS itself)
 */
public record ParsedOutbound(
    Routing routing,
    String sbdhInstanceId,
    byte[] sbd,
    byte[] document,
    String rootLocalName,
    String customizationId,
    BusinessFacts facts,
    boolean submittedAsSbd,
    String issueDate,
    String mlsType) {

  /** Invoices and credit notes: their number is unique only together with the issue date. */
  boolean isInvoiceLike() {
    return se.peppolgw.ap.peppol.BusinessIdentity.isInvoiceLike(rootLocalName);
  }
}
