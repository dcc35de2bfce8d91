package se.peppolgw.punchout.cxml;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import se.peppolgw.punchout.buyer.BuyerProfile;
import se.peppolgw.punchout.buyer.BuyerProfile.CxmlTransport;
import se.peppolgw.punchout.buyer.SupplierIdentity;
import se.peppolgw.punchout.cart.CartLine;
import se.peppolgw.punchout.cart.LineProblem;
import se.peppolgw.punchout.session.PunchoutSession;
import se.peppolgw.punchout.transfer.CartRenderer;
import se.peppolgw.punchout.transfer.FormField;
import se.peppolgw.punchout.transfer.ReturnForm;

/** PunchOutOrderMessage posted by the browser to BrowserFormPost as cxml-base64 or cxml-urlencoded. */
public final class CxmlCartRenderer implements CartRenderer {
  private final CxmlDocuments documents;
  private final SupplierIdentity supplier;

  public CxmlCartRenderer(CxmlDocuments documents, SupplierIdentity supplier) {
    this.documents = documents;
    this.supplier = supplier;
  }

  @Override
  public List<LineProblem> check(PunchoutSession session, List<CartLine> lines) {
    return List.of();
  }

  @Override
  public ReturnForm render(PunchoutSession session, List<CartLine> lines) {
    BuyerProfile buyer = session.buyer();
    String version = buyer.protocolVersion() == null ? CxmlDocuments.DEFAULT_VERSION : buyer.protocolVersion();
    String operationAllowed = session.isReadOnly() ? "inspect" : buyer.cxml().allowEdit() ? "edit" : "create";
    boolean urlencoded = buyer.cxml().transport() == CxmlTransport.URLENCODED;
    String xml = documents.orderMessage(version, supplier, session.cxml(), operationAllowed, buyer.currency(),
        buyer.language(), buyer.cxml().defaultUnspsc(), lines, urlencoded);
    FormField field = urlencoded
        ? new FormField("cxml-urlencoded", xml)
        : new FormField("cxml-base64", Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8)));
    return new ReturnForm(session.returnUrl(), session.returnTarget(), StandardCharsets.UTF_8, List.of(field),
        "application/xml", xml);
  }
}
