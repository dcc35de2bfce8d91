package se.peppolgw.ap.mls;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Peppol service provider participant identifiers (OpenPeppol Service Provider Identification
 * Scheme, ICD 0242). A service provider's main id is the number of its seat id: seat
 * {@code PSE000123} is participant {@code 0242:000123}. MLS messages are addressed to these
 * (Peppol MLS 1.0; SCH-MLS-09/14 check the form).
 */
public final class ServiceProviderIds {
  /** The ICD of the scheme. */
  public static final String ICD = "0242";

  /** The value part, as the MLS Schematron checks it (main id, optional sub ids). */
  private static final Pattern VALUE =
      Pattern.compile("^[0-9]{6}(-[0-9A-Z_]{3,12}(\\.[0-9A-Z\\-._~]{3,24})?)?$");

  /** A seat id: a country or network prefix and the six digits of the main id. */
  private static final Pattern SEAT = Pattern.compile("^P[A-Z]{2}([0-9]{6})$");

  private ServiceProviderIds() {}

  /** The participant of a seat id ({@code PSE000123} → {@code 0242:000123}), if it is one. */
  public static Optional<String> fromSeatId(String seatId) {
    if (seatId == null) {
      return Optional.empty();
    }
    Matcher m = SEAT.matcher(seatId.trim().toUpperCase(java.util.Locale.ROOT));
    return m.matches() ? Optional.of(ICD + ":" + m.group(1)) : Optional.empty();
  }

  /** Whether {@code participant} (e.g. {@code 0242:000123}) is a service provider identifier. */
  public static boolean isServiceProvider(String participant) {
    if (participant == null) {
      return false;
    }
    String p = participant.trim();
    if (p.regionMatches(true, 0, "iso6523-actorid-upis::", 0, 22)) {
      p = p.substring(22);
    }
    return p.startsWith(ICD + ":") && VALUE.matcher(p.substring(ICD.length() + 1)).matches();
  }

  /** The participant value without a scheme prefix. */
  public static String value(String participant) {
    String p = participant.trim();
    return p.regionMatches(true, 0, "iso6523-actorid-upis::", 0, 22) ? p.substring(22) : p;
  }
}
