package se.peppolgw.ap.desk;

import java.math.BigDecimal;
import java.util.Optional;
import se.peppolgw.ap.config.ConfigException;
import se.peppolgw.ap.config.ConfigSource;

/**
 * The supplier's own facts that an invoice needs and an order does not carry: VAT id, legal name
 * and organisation number, how to be paid and the payment terms ({@code gateway.supplier.*}).
 *
 * @param vatId the seller VAT id (e.g. SE556721234401), empty when not configured: then the desk
 *     refuses to invoice
 * @param bankgiro Swedish bankgiro number (7 or 8 digits), or empty
 * @param iban IBAN for credit transfers, or empty (one of bankgiro and IBAN is needed to invoice)
 * @param paymentTermsDays due date = issue date + this many days
 * @param defaultVatPercent the VAT rate of a line when neither the order nor the catalogue gives one
 * @param zone the supplier's time zone: issue and due dates are days there
 */
public record SupplierSettings(
    Optional<String> vatId,
    Optional<String> legalName,
    Optional<String> organisationNumber,
    Optional<String> bankgiro,
    Optional<String> iban,
    Optional<String> bic,
    int paymentTermsDays,
    BigDecimal defaultVatPercent,
    java.time.ZoneId zone) {

  public static final String PREFIX = "gateway.supplier.";

  public static SupplierSettings from(ConfigSource src) {
    Optional<String> bankgiro = trimmed(src, "bankgiro");
    bankgiro.ifPresent(
        b -> {
          if (!b.replace("-", "").matches("[0-9]{7,8}")) {
            throw new ConfigException(PREFIX + "bankgiro (" + src.origin(PREFIX + "bankgiro")
                + ") must be 7 or 8 digits (a hyphen is allowed), e.g. 5050-1055");
          }
        });
    Optional<String> iban = trimmed(src, "iban").map(s -> s.replace(" ", ""));
    iban.ifPresent(
        i -> {
          if (!i.matches("[A-Z]{2}[0-9]{2}[A-Z0-9]{8,30}")) {
            throw new ConfigException(PREFIX + "iban (" + src.origin(PREFIX + "iban")
                + ") is not an IBAN (two letters, two check digits, 8 to 30 letters or digits)");
          }
        });
    int days = (int) whole(src, "payment-terms-days", 30, 0, 365);
    BigDecimal vat = BigDecimal.valueOf(whole(src, "default-vat-percent", 25, 0, 100));
    return new SupplierSettings(
        trimmed(src, "vat-id"),
        trimmed(src, "legal-name"),
        trimmed(src, "organisation-number"),
        bankgiro.map(b -> b.replace("-", "")),
        iban,
        trimmed(src, "bic"),
        days,
        vat,
        zone(src));
  }

  private static java.time.ZoneId zone(ConfigSource src) {
    String v = trimmed(src, "time-zone").orElse("Europe/Stockholm");
    try {
      return java.time.ZoneId.of(v);
    } catch (java.time.DateTimeException e) {
      throw new ConfigException(PREFIX + "time-zone = '" + v + "' (" + src.origin(PREFIX + "time-zone")
          + ") is not a time zone id (e.g. Europe/Stockholm)");
    }
  }

  private static Optional<String> trimmed(ConfigSource src, String key) {
    return src.get(PREFIX + key).map(String::trim).filter(s -> !s.isEmpty());
  }

  private static long whole(ConfigSource src, String key, long def, long min, long max) {
    Optional<String> v = trimmed(src, key);
    if (v.isEmpty()) {
      return def;
    }
    if (!v.get().matches("[0-9]{1,9}")) {
      throw new ConfigException(PREFIX + key + " = '" + v.get() + "' (" + src.origin(PREFIX + key)
          + ") is not a whole number from " + min + " to " + max);
    }
    long n = Long.parseLong(v.get());
    if (n < min || n > max) {
      throw new ConfigException(PREFIX + key + " = " + n + " (" + src.origin(PREFIX + key)
          + ") is outside " + min + " to " + max);
    }
    return n;
  }

  /** What is missing before the desk can invoice, as config keys; empty when nothing is. */
  public java.util.List<String> missingForInvoicing() {
    java.util.List<String> missing = new java.util.ArrayList<>();
    if (vatId.isEmpty()) {
      missing.add(PREFIX + "vat-id");
    }
    if (bankgiro.isEmpty() && iban.isEmpty()) {
      missing.add(PREFIX + "bankgiro or " + PREFIX + "iban");
    }
    return missing;
  }
}
