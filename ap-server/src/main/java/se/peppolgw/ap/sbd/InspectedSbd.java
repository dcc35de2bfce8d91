package se.peppolgw.ap.sbd;

/**
 * What {@link SbdInspector} learned from an SBD without trusting it.
 *
 * @param document the business document, byte for byte as it stands inside the SBD (when {@code
 *     byteExact}); otherwise a re-serialisation that carries the namespace declarations it needs
 * @param byteExact whether {@code document} is an exact slice of the SBD bytes
 * @param headerOnlySbd the SBD with the business document replaced by an empty element of the same
 *     name and namespace (the whole SBD when that cannot be cut out): for SBDH readers that would
 *     otherwise build a DOM of the whole business document
 * @param rootNamespace namespace URI of the business document's root element
 * @param rootLocalName local name of the business document's root element
 * @param customizationId the UBL CustomizationID (child of the root), or null
 * @param profileId the UBL ProfileID, or null
 * @param businessId the document's own ID (order number, invoice number …), or null
 * @param orderRef the referenced order number (OrderReference/ID), or null
 * @param buyerRef the BuyerReference, or null
 * @param documentOffset where {@code document} starts inside the SBD bytes when it is a plain
 *     slice of them (byte-exact and UTF-8), so it can be stored as a range of the SBD; else -1
 * @param issueDate the document's cbc:IssueDate (part of an invoice's business identity), or null
 */
public record InspectedSbd(
    byte[] document,
    boolean byteExact,
    byte[] headerOnlySbd,
    String rootNamespace,
    String rootLocalName,
    String customizationId,
    String profileId,
    String businessId,
    String orderRef,
    String buyerRef,
    int documentOffset,
    String issueDate) {}
