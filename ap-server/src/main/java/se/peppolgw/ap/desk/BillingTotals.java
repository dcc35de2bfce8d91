package se.peppolgw.ap.desk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.MonetaryTotalType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.TaxSubtotalType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.TaxTotalType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.LineExtensionAmountType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.PayableAmountType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.TaxAmountType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.TaxExclusiveAmountType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.TaxInclusiveAmountType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.TaxableAmountType;
import oasis.names.specification.ubl.schema.xsd.unqualifieddatatypes_21.AmountType;
import se.peppolgw.ap.ubl.UblTax;

/**
 * The tax total (one subtotal per VAT category and percent, tax rounded per subtotal) and the
 * document totals of an invoice or credit note, plus the amount and VAT-scheme helpers the other
 * billing parts share.
 */
final class BillingTotals {
  private BillingTotals() {}

  static TaxTotalType taxTotal(List<BillingLine> lines, String currency) {
    Map<String, BigDecimal[]> byCategory = new LinkedHashMap<>();
    for (BillingLine p : lines) {
      String key = p.taxCategory() + "|" + p.percent().stripTrailingZeros().toPlainString();
      byCategory.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO, p.percent()})[0] =
          byCategory.get(key)[0].add(p.net());
    }
    TaxTotalType total = new TaxTotalType();
    BigDecimal sum = BigDecimal.ZERO;
    for (Map.Entry<String, BigDecimal[]> e : byCategory.entrySet()) {
      BigDecimal taxable = e.getValue()[0];
      BigDecimal percent = e.getValue()[1];
      BigDecimal tax = Ubl.money(taxable.multiply(percent).divide(BigDecimal.valueOf(100), 10, RoundingMode.HALF_UP));
      sum = sum.add(tax);
      TaxSubtotalType st = new TaxSubtotalType();
      st.setTaxableAmount(amount(new TaxableAmountType(taxable), currency));
      st.setTaxAmount(amount(new TaxAmountType(tax), currency));
      st.setTaxCategory(UblTax.category(e.getKey().substring(0, e.getKey().indexOf('|')), percent));
      total.addTaxSubtotal(st);
    }
    total.setTaxAmount(amount(new TaxAmountType(sum), currency));
    return total;
  }

  static MonetaryTotalType totals(List<BillingLine> lines, String currency) {
    BigDecimal net = lines.stream().map(BillingLine::net).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal tax = taxTotal(lines, currency).getTaxAmountValue();
    MonetaryTotalType t = new MonetaryTotalType();
    t.setLineExtensionAmount(amount(new LineExtensionAmountType(net), currency));
    t.setTaxExclusiveAmount(amount(new TaxExclusiveAmountType(net), currency));
    t.setTaxInclusiveAmount(amount(new TaxInclusiveAmountType(net.add(tax)), currency));
    t.setPayableAmount(amount(new PayableAmountType(net.add(tax)), currency));
    return t;
  }

  static <T extends AmountType> T amount(T a, String currency) {
    a.setCurrencyID(currency);
    return a;
  }
}
