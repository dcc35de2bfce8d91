package se.peppolgw.ap.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.desk.OrderResponseBuilderTest.TODAY;
import static se.peppolgw.ap.desk.OrderResponseBuilderTest.assertValid;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.desk.OrderAgreementRequest.AgreedLine;

class OrderAgreementBuilderTest {
  final OrderAgreementBuilder builder =
      new OrderAgreementBuilder(DespatchAndBillingBuilderTest.SUPPLIER, DeskOrders.catalogue()::item, "SEK");

  static OrderAgreementRequest callOff(List<AgreedLine> lines) {
    return new OrderAgreementRequest("OA-1", "TEL-0042", DeskOrders.BUYER, "Västra Götalandsregionen", "Anna Andersson",
        "Beställt per telefon", lines);
  }

  @Test
  void buildsAValidOrderAgreementFromTheCatalogue() throws Exception {
    DeskDocument d =
        builder.build(
            callOff(List.of(new AgreedLine("100-2001", new BigDecimal("12"), TODAY.plusDays(3)),
                new AgreedLine("100-2005", new BigDecimal("5"), null))),
            DeskOrders.SUPPLIER, TODAY);
    assertValid(d);
    assertEquals(DeskDocumentKind.ORDER_AGREEMENT, d.kind());
    String xml = new String(d.xml(), StandardCharsets.UTF_8);
    assertTrue(xml.contains("urn:fdc:peppol.eu:poacc:bis:order_agreement:3") && xml.contains("TEL-0042"), xml);
    assertTrue(xml.contains("Kulspetspenna svart") && xml.contains("588.00") && xml.contains("Anna Andersson"), xml);
    assertEquals(new BigDecimal("12"), d.lineQuantities().get("1"));
  }

  @Test
  void namesEveryMissingFieldAndEveryArticleNotInTheCatalogue() {
    DeskInputException e =
        assertThrows(
            DeskInputException.class,
            () ->
                builder.build(
                    new OrderAgreementRequest(" ", null, "2321000131", null, null, null,
                        List.of(new AgreedLine("999-0000", BigDecimal.ONE, null), new AgreedLine("100-2001", BigDecimal.ZERO, null))),
                    DeskOrders.SUPPLIER, TODAY));
    assertEquals(400, e.status());
    assertEquals(
        List.of("/agreementId", "/orderReference", "/buyerName", "/buyer", "/lines/0/articleNumber", "/lines/1/quantity"),
        e.problems().stream().map(DeskInputException.FieldProblem::field).toList());
    DeskInputException none =
        assertThrows(DeskInputException.class, () -> builder.build(callOff(List.of()), DeskOrders.SUPPLIER, TODAY));
    assertEquals("/lines", none.problems().get(0).field());
  }

  @Test
  void packageUnitsOfTheCatalogueGetTheirXPrefix() {
    assertEquals("XPK", UnitCodes.ubl("pk"));
    assertEquals("XBX", UnitCodes.ubl("BX"));
    assertEquals("KGM", UnitCodes.ubl("KGM"));
    assertEquals("EA", UnitCodes.ubl(" "));
  }
}
