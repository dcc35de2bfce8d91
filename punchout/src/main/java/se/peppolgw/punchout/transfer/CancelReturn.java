package se.peppolgw.punchout.transfer;

import se.peppolgw.punchout.buyer.Protocol;
import se.peppolgw.punchout.session.PunchoutSession;

/**
 * What "cancel" in the shop gives back to the buyer's system, per protocol (punchout/README.md, "Cancel").
 * The buyer must not be stranded in the shop window, but a cancel must never change what the buyer had.
 */
public enum CancelReturn {
  /**
   * An empty cart through the browser: OCI posts to HOOK_URL with no NEW_ITEM lines; cXML {@code create}
   * (and {@code inspect}, which changes nothing) posts a PunchOutOrderMessage without ItemIn, Total 0.00.
   */
  EMPTY_CART,
  /**
   * Nothing is sent; the session is closed and the page says so. cXML {@code edit}: an empty message there
   * means "delete every line of the requisition", the opposite of cancel. Peppol punch-out: the cart is a
   * Peppol BIS Punch Out (T77) Catalogue, which needs at least one CatalogueLine with a quantity above zero,
   * and the BIS defines no cancel message, so there is no valid empty cart to send.
   */
  NOTHING_SENT;

  public static CancelReturn of(PunchoutSession s) {
    Protocol p = s.buyer().protocol();
    if (p == Protocol.OCI) {
      return EMPTY_CART;
    }
    if (p == Protocol.CXML && s.cxml() != null && !"edit".equals(s.cxml().operation())) {
      return EMPTY_CART;
    }
    return NOTHING_SENT;
  }
}
