package se.peppolgw.ap.config;

import com.helger.peppolid.peppol.spis.SPIDHelper;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our identity as a Peppol Service Provider, in the two forms the Peppol Reporting specification
 * uses:
 *
 * <ul>
 *   <li>inside the TSR and EUSR the reporter is the <b>seat id</b> (the CN of our AP certificate,
 *       e.g. {@code PSE000123}) with {@code schemeID="CertSubjectCN"} (Schematron SCH-TSR-18 / SCH-EUSR-08:
 *       "the layout of the certificate subject CN is not a valid Peppol Seat ID");
 *   <li>as the <b>participant</b> that sends the reports (SBDH sender and AS4 originalSender) the
 *       identifier of the OpenPeppol Service Provider Identification Scheme (SPIS), ICD {@code
 *       0242}, whose value is the SPID: the <b>six digits</b> of the seat id without the {@code P}
 *       and the country letters ({@code PSE000123} is {@code 0242:000123}). peppol-commons'
 *       {@link SPIDHelper} carries the SPID layout; {@code 0242:PSE000123} is not a valid SPID.
 * </ul>
 */
public final class ServiceProviderIds {
  /** A Peppol seat id: P, the two letters of the country, six digits. */
  private static final Pattern SEAT_ID = Pattern.compile("P[A-Z]{2}([0-9]{6})");

  private ServiceProviderIds() {}

  /** The SPIS participant identifier value ({@code 0242:NNNNNN}) of a seat id, if it is one. */
  public static Optional<String> spisParticipantId(String seatId) {
    Matcher m = SEAT_ID.matcher(seatId == null ? "" : seatId.trim().toUpperCase(java.util.Locale.ROOT));
    return m.matches()
        ? Optional.of(SPIDHelper.SPIS_PARTICIPANT_ID_SCHEME + ":" + m.group(1))
        : Optional.empty();
  }

  /** Whether a participant identifier value in scheme 0242 carries a valid SPID. */
  public static boolean isValidSpisParticipantId(String value) {
    String prefix = SPIDHelper.SPIS_PARTICIPANT_ID_SCHEME + ":";
    return value.startsWith(prefix) && SPIDHelper.isValidSPID(value.substring(prefix.length()));
  }

  /** The value part as the MLS Schematron checks it (SCH-MLS-09/14): main id, optional sub ids. */
  private static final Pattern SPIS_VALUE =
      Pattern.compile("^[0-9]{6}(-[0-9A-Z_]{3,12}(\\.[0-9A-Z\\-._~]{3,24})?)?$");

  private static final String UPIS_PREFIX = "iso6523-actorid-upis::";

  /**
   * Whether {@code participant} (e.g. {@code 0242:000123}, with or without the {@code
   * iso6523-actorid-upis::} scheme) is a service provider identifier an MLS can be addressed to.
   */
  public static boolean isServiceProvider(String participant) {
    if (participant == null) {
      return false;
    }
    String p = value(participant);
    String prefix = SPIDHelper.SPIS_PARTICIPANT_ID_SCHEME + ":";
    return p.startsWith(prefix) && SPIS_VALUE.matcher(p.substring(prefix.length())).matches();
  }

  /** The participant value without a scheme prefix. */
  public static String value(String participant) {
    String p = participant.trim();
    return p.regionMatches(true, 0, UPIS_PREFIX, 0, UPIS_PREFIX.length()) ? p.substring(UPIS_PREFIX.length()) : p;
  }
}
