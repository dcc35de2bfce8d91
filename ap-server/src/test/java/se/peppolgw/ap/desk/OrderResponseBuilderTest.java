package se.peppolgw.ap.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.desk.OrderResponseRequest.Decision;
import se.peppolgw.ap.desk.OrderResponseRequest.LineChange;
import se.peppolgw.ap.testkit.SharedTestData;
import se.peppolgw.ap.validation.PeppolBisValidator;
import se.peppolgw.ap.validation.ValidationReport;

class OrderResponseBuilderTest {
  static final PeppolBisValidator VALIDATOR = new PeppolBisValidator();
  static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
  final OrderResponseBuilder builder = new OrderResponseBuilder(DeskOrders.catalogue()::item);

  static void assertValid(DeskDocument d) throws Exception {
    ValidationReport r =
        VALIDATOR.validate(d.kind().rootLocalName(), d.kind().customizationId(), d.xml());
    assertTrue(r.isValid(), r.errors() + "\n" + new String(d.xml(), StandardCharsets.UTF_8));
  }

  static ReceivedOrder swedishOrder() throws Exception {
    byte[] xml = DeskOrders.order("PO-1001", "Anna Andersson");
    ValidationReport r = VALIDATOR.validate("Order", "urn:fdc:peppol.eu:poacc:trns:order:3", xml);
    assertTrue(r.isValid(), r.errors().toString());
    return ReceivedOrder.read("t-order", xml);
  }

  @Test
  void acceptsTheOpenPeppolExampleOrderAsIs() throws Exception {
    ReceivedOrder o = ReceivedOrder.read("t1", SharedTestData.read(SharedTestData.ORDER));
    DeskDocument d =
        builder.build(o, new OrderResponseRequest(Decision.ACCEPT, null, null, TODAY.plusDays(3), null), "R-1", TODAY);
    assertValid(d);
    assertEquals("AP", d.responseCode());
    assertEquals(o.lines().size(), d.lineQuantities().size());
    assertEquals(o.lines().get(0).quantity(), d.lineQuantities().get(o.lines().get(0).lineId()));
  }

  @Test
  void acceptsWithAChangedQuantityADateAndASubstituteFromTheCatalogue() throws Exception {
    ReceivedOrder o = swedishOrder();
    DeskDocument d =
        builder.build(
            o,
            new OrderResponseRequest(
                Decision.ACCEPT_WITH_CHANGES,
                null,
                null,
                null,
                List.of(
                    new LineChange("1", new BigDecimal("100"), TODAY.plusDays(7), null),
                    new LineChange("2", null, null, "100-2005"))),
            "R-2",
            TODAY);
    assertValid(d);
    String xml = new String(d.xml(), StandardCharsets.UTF_8);
    assertTrue(xml.contains("SellerSubstitutedLineItem") && xml.contains("100-2005"), xml);
    assertEquals(0, new BigDecimal("100").compareTo(d.lineQuantities().get("1")));
    assertEquals(0, new BigDecimal("10").compareTo(d.lineQuantities().get("2")));
    assertEquals("CA", d.responseCode());
  }

  @Test
  void rejectsTheWholeOrderWithAReason() throws Exception {
    DeskDocument d =
        builder.build(
            swedishOrder(), new OrderResponseRequest(Decision.REJECT, null, "Sortimentet utgår", null, null), "R-3", TODAY);
    assertValid(d);
    assertEquals("RE", d.responseCode());
    assertEquals(0, BigDecimal.ZERO.compareTo(d.lineQuantities().get("1")));
  }

  @Test
  void refusesASubstituteNotInTheCatalogueAnUnknownLineAndARejectionWithoutReason() throws Exception {
    ReceivedOrder o = swedishOrder();
    DeskInputException e =
        assertThrows(
            DeskInputException.class,
            () ->
                builder.build(
                    o,
                    new OrderResponseRequest(
                        Decision.ACCEPT_WITH_CHANGES,
                        null,
                        null,
                        null,
                        List.of(new LineChange("2", null, null, "999-9999"), new LineChange("9", BigDecimal.ONE, null, null))),
                    "R-4",
                    TODAY));
    assertEquals(
        List.of("/lines/0/substituteArticle", "/lines/1/lineId"),
        e.problems().stream().map(DeskInputException.FieldProblem::field).toList());
    DeskInputException noReason =
        assertThrows(
            DeskInputException.class,
            () -> builder.build(o, new OrderResponseRequest(Decision.REJECT, null, " ", null, null), "R-5", TODAY));
    assertEquals("/reason", noReason.problems().get(0).field());
    DeskInputException blankSubstitute =
        assertThrows(
            DeskInputException.class,
            () ->
                builder.build(
                    o,
                    new OrderResponseRequest(
                        Decision.ACCEPT_WITH_CHANGES, null, null, null, List.of(new LineChange("1", null, null, ""))),
                    "R-6",
                    TODAY));
    assertEquals("/lines/0/substituteArticle", blankSubstitute.problems().get(0).field());
  }

  @Test
  void refusesAnOrderThatIsNotAnOrderOrTooLarge() {
    assertThrows(
        ReceivedOrder.Unreadable.class,
        () -> ReceivedOrder.read("t", SharedTestData.read(SharedTestData.INVOICE)));
    assertThrows(ReceivedOrder.Unreadable.class, () -> ReceivedOrder.read("t", "<Order".getBytes(StandardCharsets.UTF_8)));
    assertThrows(ReceivedOrder.Unreadable.class, () -> ReceivedOrder.read("t", new byte[ReceivedOrder.MAX_BYTES + 1]));
  }
}
