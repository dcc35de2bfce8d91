package se.peppolgw.punchout.peppol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import se.peppolgw.punchout.buyer.SupplierIdentity;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.LineProblem;
import se.peppolgw.punchout.session.PunchoutSession;
import se.peppolgw.punchout.transfer.CartRenderer;
import se.peppolgw.punchout.transfer.FormField;
import se.peppolgw.punchout.transfer.ReturnForm;

/**
 * Peppol punch-out return (SFTI practice): the T77 Catalogue, base64 of its UTF-8 bytes, posted by the
 * browser to the buyer's return URL in the form field the buyer profile names.
 */
public final class PeppolCartRenderer implements CartRenderer {
  private final PeppolCartDocument document;
  private final SupplierIdentity supplier;

  public PeppolCartRenderer(PeppolCartDocument document, SupplierIdentity supplier) {
    this.document = document;
    this.supplier = supplier;
  }

  @Override
  public List<LineProblem> check(PunchoutSession session, List<CartLine> lines) {
    return List.of();
  }

  @Override
  public ReturnForm render(PunchoutSession session, List<CartLine> lines) {
    String xml = document.render(session.id(), supplier, session.buyer(), session.buyerReference(), lines);
    FormField field = new FormField(session.buyer().peppol().cartField(),
        Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8)));
    return new ReturnForm(session.returnUrl(), session.returnTarget(), StandardCharsets.UTF_8, List.of(field),
        "application/xml", xml);
  }
}
