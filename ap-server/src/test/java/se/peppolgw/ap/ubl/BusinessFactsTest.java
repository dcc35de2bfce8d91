package se.peppolgw.ap.ubl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import se.peppolgw.ap.ops.web.BusinessDocument;
import se.peppolgw.ap.peppol.DocumentTypeAliases;
import se.peppolgw.ap.sbd.InspectedSbd;
import se.peppolgw.ap.sbd.SafeXml;
import se.peppolgw.ap.sbd.SbdInspector;
import se.peppolgw.ap.sbd.SbdWriter;
import se.peppolgw.ap.testkit.SharedTestData;

/** The one UBL fact reader, and the fast inbound scanner and the operator page agreeing with it. */
class BusinessFactsTest {
  static Element root(byte[] xml) throws Exception {
    return SafeXml.documentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
  }

  @Test
  void readsNumberOrderReferenceAndBuyerReference() throws Exception {
    String doc = "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\""
        + " xmlns:cbc=\"" + UblDom.CBC + "\" xmlns:cac=\"" + UblDom.CAC + "\">"
        + "<cbc:ID> INV-2026-0042 </cbc:ID><cbc:BuyerReference>0150abc</cbc:BuyerReference>"
        + "<cac:OrderReference><cbc:ID>PO-7</cbc:ID></cac:OrderReference>"
        + "<cac:InvoiceLine><cbc:ID>1</cbc:ID></cac:InvoiceLine></Invoice>";
    assertEquals(BusinessFacts.of("INV-2026-0042", "PO-7", "0150abc"),
        BusinessFacts.of(root(doc.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void missingBlankOrForeignElementsAreNull() throws Exception {
    String doc = "<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\""
        + " xmlns:cbc=\"" + UblDom.CBC + "\" xmlns:x=\"urn:other\">"
        + "<x:ID>not-ubl</x:ID><cbc:BuyerReference>  </cbc:BuyerReference></Order>";
    assertEquals(BusinessFacts.NONE, BusinessFacts.of(root(doc.getBytes(StandardCharsets.UTF_8))));
    assertSame(BusinessFacts.NONE, BusinessFacts.of(null));
    assertSame(BusinessFacts.NONE, BusinessFacts.orNone(null));
  }

  @Test
  void theInboundScannerAndTheOperatorPageReadTheSameFacts() throws Exception {
    for (String[] sample : new String[][] {
        {SharedTestData.INVOICE, "invoice", "Invoice", "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"},
        {SharedTestData.ORDER, "order", "Order", "urn:oasis:names:specification:ubl:schema:xsd:Order-2"}}) {
      byte[] ubl = SharedTestData.read(sample[0]);
      BusinessFacts facts = BusinessFacts.of(root(ubl));
      assertNotNull(facts.businessId(), sample[0]);
      byte[] sbd = SbdWriter.write(
          new SbdWriter.Header("0088:1", "0007:2", DocumentTypeAliases.expand(sample[1]), "urn:proc", "SE",
              "i-" + sample[1], Instant.now(), sample[3], sample[2]),
          ubl);
      InspectedSbd scanned = SbdInspector.inspect(sbd);
      assertEquals(facts, BusinessFacts.of(scanned.businessId(), scanned.orderRef(), scanned.buyerRef()), sample[0]);

      BusinessDocument page = BusinessDocument.parse(ubl).orElseThrow();
      assertEquals(facts.businessId(), page.references().get("Number"));
      assertEquals(facts.orderRef(), page.references().get("Order number"));
      assertEquals(facts.buyerRef(), page.references().get("Buyer reference"));
    }
  }
}
