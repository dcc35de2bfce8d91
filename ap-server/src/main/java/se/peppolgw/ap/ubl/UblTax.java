package se.peppolgw.ap.ubl;

import java.math.BigDecimal;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.TaxCategoryType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.TaxSchemeType;

/** UBL VAT elements the gateway's document builders (desk, catalogue) write. */
public final class UblTax {
  private UblTax() {}

  /** The tax scheme every Peppol BIS tax category names: {@code VAT}. */
  public static TaxSchemeType vat() {
    TaxSchemeType s = new TaxSchemeType();
    s.setID("VAT");
    return s;
  }

  /** A VAT category (UNCL5305 code, e.g. {@code S}) with its rate in percent. */
  public static TaxCategoryType category(String code, BigDecimal percent) {
    TaxCategoryType c = new TaxCategoryType();
    c.setID(code);
    c.setPercent(percent);
    c.setTaxScheme(vat());
    return c;
  }

  /**
   * The category of an article's VAT rate where the catalogue says nothing else: {@code Z} (zero
   * rated) for 0 %, else {@code S} (standard rate).
   */
  public static TaxCategoryType categoryOfRate(BigDecimal percent) {
    return category(percent.signum() == 0 ? "Z" : "S", percent);
  }
}
