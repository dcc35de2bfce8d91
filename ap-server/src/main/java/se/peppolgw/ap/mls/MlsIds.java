package se.peppolgw.ap.mls;

import com.helger.peppolid.peppol.spis.SPIDHelper;
import java.util.Locale;
import se.peppolgw.ap.config.ServiceProviderIds;
import se.peppolgw.ap.peppol.DocumentTypeAliases;

/**
 * The identifiers of Peppol MLS 1.0 (specification chapter 9) and of the service provider that
 * receives MLS answers.
 */
public final class MlsIds {
  /** cbc:CustomizationID of an MLS (rule SCH-MLS-01). */
  public static final String CUSTOMIZATION_ID = "urn:peppol:edec:mls:1.0";
  /** cbc:ProfileID and the Peppol process identifier of an MLS (rule SCH-MLS-02). */
  public static final String PROCESS_ID = "urn:peppol:edec:mls";
  /** The Peppol document type identifier of an MLS: a UBL 2.1 ApplicationResponse. */
  public static final String DOCUMENT_TYPE_ID =
      DocumentTypeAliases.id("ApplicationResponse", CUSTOMIZATION_ID);
  /**
   * ICD of the OpenPeppol Service Provider Identification Scheme (SPIS): a service provider's
   * participant identifier for MLS is {@code 0242:<SPIS main id>}.
   */
  public static final String SPIS_ICD = SPIDHelper.SPIS_PARTICIPANT_ID_SCHEME;

  private MlsIds() {}

  public static boolean isMls(String documentTypeId) {
    return DOCUMENT_TYPE_ID.equalsIgnoreCase(documentTypeId == null ? "" : documentTypeId.trim());
  }

  /**
   * This service provider's participant identifier value for MLS, derived from the seat id (the
   * CN of the AP certificate): SPIS makes the six digits of the seat id the "main id", so seat
   * {@code PSE000123} is {@code 0242:000123} (Peppol Network Policy, rule MLS-2; SPIS 1.0).
   *
   * @throws IllegalArgumentException when the seat id has not the Peppol form (P, two letters,
   *     six digits)
   */
  public static String serviceProviderIdOfSeat(String seatId) {
    return ServiceProviderIds.spisParticipantId(seatId == null ? null : seatId.trim().toUpperCase(Locale.ROOT))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "the seat id '" + seatId + "' has not the Peppol form (P, country letters, six"
                        + " digits, e.g. PSE000123); set gateway.mls.service-provider-id"));
  }

  /** Whether a value is a service provider participant identifier ({@code 0242:} + SPIS id). */
  public static boolean isServiceProviderId(String value) {
    return value != null && ServiceProviderIds.isValidSpisParticipantId(value);
  }
}
