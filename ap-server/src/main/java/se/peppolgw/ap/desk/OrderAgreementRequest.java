package se.peppolgw.ap.desk;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * An order agreement (Peppol BIS Order Agreement 3) for a call-off the buyer made by phone or in
 * the web shop: no Peppol order exists, so the agreement itself tells the buyer what was agreed.
 *
 * @param agreementId the agreement's own number (required)
 * @param orderReference the buyer's number for the call-off (required: the buyer's order reference)
 * @param buyer the buyer's participant id, {@code scheme:value} (required)
 * @param buyerName the buyer's legal name (required)
 * @param buyerReference the buyer's reference (beställar-id), or null
 * @param note free text, or null
 * @param lines the articles of the supplier's catalogue agreed, with quantities
 */
public record OrderAgreementRequest(
    String agreementId,
    String orderReference,
    String buyer,
    String buyerName,
    String buyerReference,
    String note,
    List<AgreedLine> lines) {
  public OrderAgreementRequest {
    lines = lines == null ? List.of() : List.copyOf(lines);
  }

  /** One agreed article: from the catalogue (name, price, unit, VAT), a quantity, and perhaps a delivery date. */
  public record AgreedLine(String articleNumber, BigDecimal quantity, LocalDate deliveryDate) {}
}
