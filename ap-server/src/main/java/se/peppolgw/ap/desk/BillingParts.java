package se.peppolgw.ap.desk;

import java.util.Optional;
import java.util.function.Function;
import se.peppolgw.punchout.catalogue.CatalogueItem;

/** The parts an invoice and a credit note are both built from, made once per supplier. */
record BillingParts(
    SupplierSettings supplier,
    BillingLinePricer pricer,
    BillingParties parties,
    PaymentDetails payment,
    BillingLineContent lines) {

  static BillingParts of(SupplierSettings supplier, Function<String, Optional<CatalogueItem>> catalogue) {
    return new BillingParts(
        supplier,
        new BillingLinePricer(supplier, catalogue),
        new BillingParties(supplier),
        new PaymentDetails(supplier),
        new BillingLineContent(catalogue));
  }
}
