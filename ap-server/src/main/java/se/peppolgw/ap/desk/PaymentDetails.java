package se.peppolgw.ap.desk;

import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.BranchType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.FinancialAccountType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PaymentMeansType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PaymentTermsType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.NoteType;
import oasis.names.specification.ubl.schema.xsd.commonbasiccomponents_21.PaymentIDType;

/**
 * How the buyer pays: credit transfer to the supplier's bankgiro (preferred, the Swedish way) or
 * IBAN with optional BIC, and the payment terms in days, from {@link SupplierSettings}.
 */
final class PaymentDetails {
  private final SupplierSettings supplier;

  PaymentDetails(SupplierSettings supplier) {
    this.supplier = supplier;
  }

  /** Payment means with the document number as the payment id the buyer quotes. */
  PaymentMeansType means(String paymentId) {
    PaymentMeansType pm = new PaymentMeansType();
    pm.setPaymentMeansCode("30"); // credit transfer
    pm.addPaymentID(new PaymentIDType(paymentId));
    FinancialAccountType account = new FinancialAccountType();
    if (supplier.bankgiro().isPresent()) {
      account.setID(supplier.bankgiro().get());
      BranchType branch = new BranchType();
      branch.setID("SE:BANKGIRO");
      account.setFinancialInstitutionBranch(branch);
    } else {
      account.setID(supplier.iban().orElseThrow());
      supplier.bic().ifPresent(
          bic -> {
            BranchType branch = new BranchType();
            branch.setID(bic);
            account.setFinancialInstitutionBranch(branch);
          });
    }
    pm.setPayeeFinancialAccount(account);
    return pm;
  }

  PaymentTermsType terms() {
    PaymentTermsType t = new PaymentTermsType();
    t.addNote(new NoteType(
        supplier.paymentTermsDays() + " dagar netto / " + supplier.paymentTermsDays() + " days net"));
    return t;
  }
}
