package se.peppolgw.ap.ubl;

import org.w3c.dom.Element;

/**
 * What a business document says about itself that the gateway keeps, indexes and shows beside
 * the routing: its own number, the order it references and the buyer's reference. One record for
 * every path a document takes (received, sent, listed), and the one place that reads these facts
 * from UBL ({@link #of}); the store keeps them in one column each.
 *
 * @param businessId the document's own cbc:ID (invoice number, order number …), or null
 * @param orderRef the referenced order number (cac:OrderReference/cbc:ID), or null
 * @param buyerRef the cbc:BuyerReference, or null
 */
public record BusinessFacts(String businessId, String orderRef, String buyerRef) {
  /** A document that says nothing (or was never read). */
  public static final BusinessFacts NONE = new BusinessFacts(null, null, null);

  /** Reads the facts from the root element of a UBL 2.1 document. */
  public static BusinessFacts of(Element root) {
    if (root == null) {
      return NONE;
    }
    return new BusinessFacts(
        UblDom.cbc(root, "ID"),
        UblDom.cbc(UblDom.child(root, UblDom.CAC, "OrderReference"), "ID"),
        UblDom.cbc(root, "BuyerReference"));
  }

  /**
   * The facts every reader of the gateway knows (the fast inbound scanner, a report's own number):
   * any fact added later stays null here. Only {@link #of(Element)} and the store's row mapper use
   * the canonical constructor, so that the compiler points at both when a fact is added.
   */
  public static BusinessFacts of(String businessId, String orderRef, String buyerRef) {
    return new BusinessFacts(businessId, orderRef, buyerRef);
  }

  /** {@code facts}, or {@link #NONE} for null. */
  public static BusinessFacts orNone(BusinessFacts facts) {
    return facts == null ? NONE : facts;
  }
}
