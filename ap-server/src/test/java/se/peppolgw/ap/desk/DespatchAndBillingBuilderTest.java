package se.peppolgw.ap.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.desk.OrderResponseBuilderTest.TODAY;
import static se.peppolgw.ap.desk.OrderResponseBuilderTest.assertValid;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.ConfigSource;

class DespatchAndBillingBuilderTest {
  static final SupplierSettings SUPPLIER =
      SupplierSettings.from(
          ConfigSource.of(
              Map.of(
                  "gateway.supplier.vat-id", "SE556721234401",
                  "gateway.supplier.organisation-number", "5567212344",
                  "gateway.supplier.legal-name", "Kontorsleveranser AB",
                  "gateway.supplier.bankgiro", "5050-1055",
                  "gateway.supplier.payment-terms-days", "30"),
              Path.of("test.properties")));

  final DespatchAdviceBuilder despatch = new DespatchAdviceBuilder();
  final BillingBuilder billing = new BillingBuilder(SUPPLIER, DeskOrders.catalogue()::item);

  static OrderProgress confirmedWithSubstitute() {
    // line 1 confirmed at 100 of 120, line 2 substituted by 100-2005
    return new OrderProgress(
        "CA",
        Map.of("1", new BigDecimal("100"), "2", new BigDecimal("10")),
        Map.of("2", "100-2005"),
        Map.of("1", new BigDecimal("40")),
        Map.of(),
        Map.of());
  }

  @Test
  void announcesAPartialDeliveryWithPackagesWeightAndTracking() throws Exception {
    ReceivedOrder o = OrderResponseBuilderTest.swedishOrder();
    DeskDocument d =
        despatch.build(
            o,
            confirmedWithSubstitute(),
            new DespatchRequest(null, TODAY.plusDays(2), java.time.LocalTime.of(10, 0), 3, new BigDecimal("12.5"), null,
                "SE123456789", List.of(new LineQuantity("1", new BigDecimal("60")), new LineQuantity("2", new BigDecimal("4")))),
            "D-1",
            TODAY);
    assertValid(d);
    String xml = new String(d.xml(), StandardCharsets.UTF_8);
    assertTrue(xml.contains("SE123456789") && xml.contains("100-2005") && xml.contains("PO-1001"), xml);
    assertEquals(new BigDecimal("60"), d.lineQuantities().get("1"));
  }

  @Test
  void neverAnnouncesMoreThanAgreedMinusAlreadyAnnounced() throws Exception {
    ReceivedOrder o = OrderResponseBuilderTest.swedishOrder();
    DeskInputException e =
        assertThrows(
            DeskInputException.class,
            () ->
                despatch.build(
                    o,
                    confirmedWithSubstitute(),
                    new DespatchRequest(null, TODAY, null, null, null, null, null,
                        List.of(new LineQuantity("1", new BigDecimal("61")))),
                    "D-2",
                    TODAY));
    assertEquals(409, e.status());
    assertEquals("/lines/0/quantity", e.problems().get(0).field());
    assertTrue(e.problems().get(0).problem().contains("60"), e.problems().toString());
    DeskInputException bad =
        assertThrows(
            DeskInputException.class,
            () ->
                despatch.build(
                    o,
                    OrderProgress.none(),
                    new DespatchRequest(null, null, null, 0, null, null, null, List.of(new LineQuantity("7", BigDecimal.ONE))),
                    "D-3",
                    TODAY));
    assertEquals(List.of("/deliveryDate", "/packages"), bad.problems().stream().map(DeskInputException.FieldProblem::field).toList());
    DeskInputException rejected =
        assertThrows(
            DeskInputException.class,
            () ->
                despatch.build(
                    o,
                    new OrderProgress("RE", Map.of(), Map.of(), Map.of(), Map.of(), Map.of()),
                    new DespatchRequest(null, TODAY, null, null, null, null, null, List.of(new LineQuantity("1", BigDecimal.ONE))),
                    "D-4",
                    TODAY));
    assertEquals(409, rejected.status());
  }

  @Test
  void invoicesWhatWasAgreedWithPaymentDetailsAndTheBuyersReference() throws Exception {
    ReceivedOrder o = OrderResponseBuilderTest.swedishOrder();
    DeskDocument inv = billing.invoice(o, confirmedWithSubstitute(), new InvoiceRequest("F-1001", null, List.of()), TODAY);
    assertValid(inv);
    String xml = new String(inv.xml(), StandardCharsets.UTF_8);
    assertTrue(xml.contains("SE556721234401") && xml.contains("5050-1055".replace("-", "")) && xml.contains("SE:BANKGIRO"), xml);
    assertTrue(xml.contains("<cbc:BuyerReference>Anna Andersson</cbc:BuyerReference>"), xml);
    assertTrue(xml.contains("2026-12-31"), "due date by 30 days' terms: " + xml);
    // 100 x 49.00 + 10 x 21.50 = 5115.00, 25 % VAT = 1278.75
    assertTrue(xml.contains(">6393.75</cbc:PayableAmount>"), xml);
    assertEquals(Map.of("1", new BigDecimal("100"), "2", new BigDecimal("10")), inv.lineQuantities());
  }

  @Test
  void invoicesPartOfAnOrderAndRefusesMoreThanRemains() throws Exception {
    ReceivedOrder o = OrderResponseBuilderTest.swedishOrder();
    OrderProgress halfInvoiced =
        new OrderProgress(null, Map.of(), Map.of(), Map.of(), Map.of("1", new BigDecimal("100")), Map.of());
    DeskDocument inv =
        billing.invoice(o, halfInvoiced, new InvoiceRequest("F-1002", "Delfaktura 2", List.of(new LineQuantity("1", new BigDecimal("20")))), TODAY);
    assertValid(inv);
    DeskInputException e =
        assertThrows(
            DeskInputException.class,
            () -> billing.invoice(o, halfInvoiced, new InvoiceRequest("F-1003", null, List.of(new LineQuantity("1", new BigDecimal("21")))), TODAY));
    assertEquals(409, e.status());
    DeskInputException noNumber =
        assertThrows(DeskInputException.class, () -> billing.invoice(o, halfInvoiced, new InvoiceRequest(" ", null, List.of()), TODAY));
    assertEquals("/invoiceNumber", noNumber.problems().get(0).field());
  }

  @Test
  void refusesToInvoiceWithoutSupplierVatIdOrPaymentDetails() throws Exception {
    ReceivedOrder o = OrderResponseBuilderTest.swedishOrder();
    BillingBuilder unconfigured =
        new BillingBuilder(SupplierSettings.from(ConfigSource.of(Map.of(), Path.of("x"))), DeskOrders.catalogue()::item);
    DeskInputException e =
        assertThrows(DeskInputException.class, () -> unconfigured.invoice(o, OrderProgress.none(), new InvoiceRequest("F-1", null, List.of()), TODAY));
    assertTrue(e.problems().get(0).problem().contains("gateway.supplier.vat-id"), e.problems().toString());
    assertThrows(ConfigException.class,
        () -> SupplierSettings.from(ConfigSource.of(Map.of("gateway.supplier.bankgiro", "12"), Path.of("x"))));
    assertThrows(ConfigException.class,
        () -> SupplierSettings.from(ConfigSource.of(Map.of("gateway.supplier.payment-terms-days", "9999"), Path.of("x"))));
  }

  @Test
  void creditsAWholeInvoiceOrChosenLines() throws Exception {
    ReceivedOrder o = OrderResponseBuilderTest.swedishOrder();
    InvoicedDocument invoiced =
        new InvoicedDocument("F-1001", TODAY, Map.of("1", new BigDecimal("100"), "2", new BigDecimal("10")), Map.of());
    DeskDocument whole =
        billing.creditNote(o, confirmedWithSubstitute(), invoiced, new CreditNoteRequest("K-1", "F-1001", "Fel pris", List.of()), TODAY);
    assertValid(whole);
    assertEquals(2, whole.lineQuantities().size());
    DeskDocument oneLine =
        billing.creditNote(o, confirmedWithSubstitute(), invoiced,
            new CreditNoteRequest("K-2", "F-1001", "Returnerade pennor", List.of(new LineQuantity("2", new BigDecimal("3")))), TODAY);
    assertValid(oneLine);
    String xml = new String(oneLine.xml(), StandardCharsets.UTF_8);
    assertTrue(xml.contains("F-1001") && xml.contains(">64.50</cbc:LineExtensionAmount>"), xml);
    InvoicedDocument partlyCredited =
        new InvoicedDocument("F-1001", TODAY, Map.of("2", new BigDecimal("10")), Map.of("2", new BigDecimal("8")));
    DeskInputException e =
        assertThrows(
            DeskInputException.class,
            () -> billing.creditNote(o, confirmedWithSubstitute(), partlyCredited,
                new CreditNoteRequest("K-3", "F-1001", "x", List.of(new LineQuantity("2", new BigDecimal("3")))), TODAY));
    assertEquals(409, e.status());
    DeskInputException notOnInvoice =
        assertThrows(
            DeskInputException.class,
            () -> billing.creditNote(o, confirmedWithSubstitute(), partlyCredited,
                new CreditNoteRequest("K-4", "F-1001", "x", List.of(new LineQuantity("1", BigDecimal.ONE))), TODAY));
    assertEquals("/lines/0/quantity", notOnInvoice.problems().get(0).field());
  }
}
