package se.peppolgw.ap.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.peppolgw.ap.desk.OrderResponseBuilderTest.TODAY;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.MonetaryTotalType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PaymentMeansType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.TaxTotalType;
import org.junit.jupiter.api.Test;
import se.peppolgw.ap.config.ConfigSource;

/** The parts {@link BillingBuilder} is made of, each on its own: pricing, totals, payment, checks. */
class BillingPartsTest {
  static SupplierSettings supplier(Map<String, String> extra) {
    Map<String, String> m = new LinkedHashMap<>(Map.of("gateway.supplier.vat-id", "SE556721234401"));
    m.putAll(extra);
    return SupplierSettings.from(ConfigSource.of(m, Path.of("test.properties")));
  }

  static OrderedLine line(String id, String article, String price, String base, String category, String percent) {
    return new OrderedLine(id, article, "Line " + id, BigDecimal.TEN, null, price == null ? null : new BigDecimal(price),
        new BigDecimal(base), category, percent == null ? null : new BigDecimal(percent));
  }

  static BillingLine billed(String net, String category, String percent) {
    return new BillingLine(line("1", "A", "1", "1", category, percent), "A", BigDecimal.ONE, new BigDecimal(net), category,
        new BigDecimal(percent));
  }

  @Test
  void taxIsSummedPerCategoryAndPercentAndRoundedOncePerSubtotal() {
    // 10.01 + 10.01 at 25 % (also written 25.00) = 20.02 -> 5.005 -> 5.01, not 2 x 2.50 = 5.00
    List<BillingLine> lines =
        List.of(billed("10.01", "S", "25"), billed("10.01", "S", "25.00"), billed("3.33", "S", "12"), billed("5.00", "Z", "0"));
    TaxTotalType tax = BillingTotals.taxTotal(lines, "EUR");
    assertEquals(3, tax.getTaxSubtotal().size());
    assertEquals(new BigDecimal("20.02"), tax.getTaxSubtotal().get(0).getTaxableAmountValue());
    assertEquals(new BigDecimal("5.01"), tax.getTaxSubtotal().get(0).getTaxAmountValue());
    assertEquals(new BigDecimal("0.40"), tax.getTaxSubtotal().get(1).getTaxAmountValue());
    assertEquals("Z", tax.getTaxSubtotal().get(2).getTaxCategory().getIDValue());
    assertEquals(new BigDecimal("0.00"), tax.getTaxSubtotal().get(2).getTaxAmountValue());
    assertEquals(new BigDecimal("5.41"), tax.getTaxAmountValue());
    assertEquals("EUR", tax.getTaxAmount().getCurrencyID());
    MonetaryTotalType totals = BillingTotals.totals(lines, "EUR");
    assertEquals(new BigDecimal("28.35"), totals.getLineExtensionAmountValue());
    assertEquals(new BigDecimal("28.35"), totals.getTaxExclusiveAmountValue());
    assertEquals(new BigDecimal("33.76"), totals.getTaxInclusiveAmountValue());
    assertEquals(new BigDecimal("33.76"), totals.getPayableAmountValue());
  }

  @Test
  void pricesPerBaseQuantityRoundsEachLineAndTakesVatFromLineThenCatalogueThenDefault() throws Exception {
    ReceivedOrder from = OrderResponseBuilderTest.swedishOrder();
    ReceivedOrder o =
        new ReceivedOrder("t", from.order(), List.of(
            line("1", "100-2001", "100", "10", null, null), // 100 per 10, catalogue says 25 %
            line("2", "X-9", "0.125", "1", "AA", "12"), // the line's own rate wins
            line("3", "X-9", "4", "1", null, null))); // not in the catalogue: the default, 6 %
    BillingLinePricer pricer =
        new BillingLinePricer(supplier(Map.of("gateway.supplier.default-vat-percent", "6")), DeskOrders.catalogue()::item);
    Map<String, BigDecimal> picked = new LinkedHashMap<>();
    picked.put("1", new BigDecimal("3"));
    picked.put("2", BigDecimal.ONE);
    picked.put("3", new BigDecimal("2"));
    List<BillingLine> priced = pricer.price(o, OrderProgress.none(), picked);
    assertEquals(new BigDecimal("30.00"), priced.get(0).net());
    assertEquals("S", priced.get(0).taxCategory());
    assertEquals(0, new BigDecimal("25").compareTo(priced.get(0).percent()));
    assertEquals(new BigDecimal("0.13"), priced.get(1).net());
    assertEquals("AA", priced.get(1).taxCategory());
    assertEquals(0, new BigDecimal("12").compareTo(priced.get(1).percent()));
    assertEquals(new BigDecimal("8.00"), priced.get(2).net());
    assertEquals(0, new BigDecimal("6").compareTo(priced.get(2).percent()));
  }

  @Test
  void refusesToPriceLinesWithoutAPriceNamingEachOne() throws Exception {
    ReceivedOrder from = OrderResponseBuilderTest.swedishOrder();
    ReceivedOrder o =
        new ReceivedOrder("t", from.order(), List.of(
            line("1", "A", null, "1", null, null), line("2", "B", "5", "1", null, null), line("3", "C", null, "1", null, null)));
    Map<String, BigDecimal> picked = new LinkedHashMap<>();
    picked.put("1", BigDecimal.ONE);
    picked.put("2", BigDecimal.ONE);
    picked.put("3", BigDecimal.ONE);
    DeskInputException e =
        assertThrows(DeskInputException.class,
            () -> new BillingLinePricer(supplier(Map.of()), a -> java.util.Optional.empty()).price(o, OrderProgress.none(), picked));
    assertEquals(409, e.status());
    assertEquals(List.of("/lines/0", "/lines/2"), e.problems().stream().map(DeskInputException.FieldProblem::field).toList());
    assertTrue(e.problems().get(1).problem().contains("order line 3"), e.problems().toString());
  }

  @Test
  void paysByBankgiroWhenConfiguredElseByIbanWithOrWithoutBic() {
    PaymentMeansType both =
        new PaymentDetails(supplier(Map.of("gateway.supplier.bankgiro", "5050-1055", "gateway.supplier.iban", "SE4550000000058398257466")))
            .means("F-1");
    assertEquals("30", both.getPaymentMeansCodeValue());
    assertEquals("F-1", both.getPaymentID().get(0).getValue());
    assertEquals("50501055", both.getPayeeFinancialAccount().getIDValue());
    assertEquals("SE:BANKGIRO", both.getPayeeFinancialAccount().getFinancialInstitutionBranch().getIDValue());
    PaymentMeansType iban =
        new PaymentDetails(supplier(Map.of("gateway.supplier.iban", "SE45 5000 0000 0583 9825 7466", "gateway.supplier.bic", "ESSESESS")))
            .means("K-2");
    assertEquals("SE4550000000058398257466", iban.getPayeeFinancialAccount().getIDValue());
    assertEquals("ESSESESS", iban.getPayeeFinancialAccount().getFinancialInstitutionBranch().getIDValue());
    PaymentMeansType noBic = new PaymentDetails(supplier(Map.of("gateway.supplier.iban", "SE4550000000058398257466"))).means("F-3");
    assertNull(noBic.getPayeeFinancialAccount().getFinancialInstitutionBranch());
    PaymentDetails tenDays = new PaymentDetails(supplier(Map.of("gateway.supplier.payment-terms-days", "10")));
    assertEquals("10 dagar netto / 10 days net", tenDays.terms().getNote().get(0).getValue());
  }

  @Test
  void documentNumbersAreRequiredAndFromALimitedAlphabet() throws Exception {
    BillingChecks.requireNumber("/invoiceNumber", " F-2026/001_a.b ");
    for (String bad : new String[] {null, "", "  ", "F 1", "F-1;", "x".repeat(65)}) {
      DeskInputException e = assertThrows(DeskInputException.class, () -> BillingChecks.requireNumber("/creditNoteNumber", bad));
      assertEquals("/creditNoteNumber", e.problems().get(0).field(), "for " + bad);
    }
    BillingChecks.requireNumber("/invoiceNumber", "x".repeat(64));
  }

  @Test
  void invoicesWithIbanValidateAndCarryTheOrderNumberWhenTheBuyerGaveNoReference() throws Exception {
    ReceivedOrder o = ReceivedOrder.read("t", DeskOrders.order("PO-7", null));
    BillingBuilder b =
        new BillingBuilder(
            supplier(Map.of("gateway.supplier.iban", "SE4550000000058398257466", "gateway.supplier.bic", "ESSESESS")),
            DeskOrders.catalogue()::item);
    DeskDocument inv = b.invoice(o, OrderProgress.none(), new InvoiceRequest("F-7", null, List.of()), TODAY);
    OrderResponseBuilderTest.assertValid(inv);
    String xml = new String(inv.xml(), StandardCharsets.UTF_8);
    assertTrue(xml.contains("<cbc:BuyerReference>PO-7</cbc:BuyerReference>") && xml.contains("ESSESESS"), xml);
    DeskDocument cn =
        b.creditNote(o, OrderProgress.none(), new InvoicedDocument("F-7", TODAY, inv.lineQuantities(), Map.of()),
            new CreditNoteRequest("K-7", "F-7", "Retur", List.of()), TODAY);
    OrderResponseBuilderTest.assertValid(cn);
    DeskInputException noReason =
        assertThrows(DeskInputException.class,
            () -> b.creditNote(o, OrderProgress.none(), new InvoicedDocument("F-7", TODAY, inv.lineQuantities(), Map.of()),
                new CreditNoteRequest("K-8", "F-7", " ", List.of()), TODAY));
    assertEquals("/reason", noReason.problems().get(0).field());
    DeskInputException rejected =
        assertThrows(DeskInputException.class,
            () -> b.invoice(o, new OrderProgress("RE", Map.of(), Map.of(), Map.of(), Map.of(), Map.of()),
                new InvoiceRequest("F-8", null, List.of()), TODAY));
    assertEquals(409, rejected.status());
  }
}
