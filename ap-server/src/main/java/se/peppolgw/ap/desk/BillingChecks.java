package se.peppolgw.ap.desk;

import java.util.List;
import se.peppolgw.ap.desk.DeskInputException.FieldProblem;

/** The checks every invoice and credit note passes before it is built. */
final class BillingChecks {
  private BillingChecks() {}

  /** A 409 naming the supplier settings still missing (VAT id, bankgiro or IBAN). */
  static void requireSettings(SupplierSettings supplier) throws DeskInputException {
    List<String> missing = supplier.missingForInvoicing();
    if (!missing.isEmpty()) {
      throw new DeskInputException(409, List.of(new FieldProblem("/",
          "this gateway cannot invoice until " + String.join(" and ", missing) + " is configured")));
    }
  }

  /** The document number from the supplier's own series: 1 to 64 letters, digits and . _ / -. */
  static void requireNumber(String field, String number) throws DeskInputException {
    if (number == null || number.isBlank()) {
      throw DeskInputException.of(field, "required: the number from your own number series");
    }
    if (number.trim().length() > 64 || !number.trim().matches("[\\p{Alnum}._/-]+")) {
      throw DeskInputException.of(field, "1 to 64 letters, digits and . _ / -");
    }
  }
}
