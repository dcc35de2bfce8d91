package se.peppolgw.smp;

import java.util.Objects;

import com.helger.peppol.smp.ESMPTransportProfile;
import com.helger.peppolid.IDocumentTypeIdentifier;
import com.helger.peppolid.IParticipantIdentifier;
import com.helger.peppolid.IProcessIdentifier;
import com.helger.peppolid.factory.PeppolIdentifierFactory;

/**
 * What to look up: receiver, document type, process and transport profile.
 *
 * @param participant      receiver participant id
 * @param documentType     document type id
 * @param process          process id
 * @param transportProfile SMP transport profile id, normally {@link #PEPPOL_AS4_V2}
 */
public record EndpointQuery(
    IParticipantIdentifier participant,
    IDocumentTypeIdentifier documentType,
    IProcessIdentifier process,
    String transportProfile) {

  /** {@code peppol-transport-as4-v2_0} */
  public static final String PEPPOL_AS4_V2 = ESMPTransportProfile.TRANSPORT_PROFILE_PEPPOL_AS4_V2.getID();

  public EndpointQuery {
    Objects.requireNonNull(participant, "participant");
    Objects.requireNonNull(documentType, "documentType");
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(transportProfile, "transportProfile");
  }

  /**
   * Parses Peppol identifiers in URI form ({@code scheme::value}) for the AS4 v2 transport profile.
   *
   * @throws IllegalArgumentException if an identifier is not a valid Peppol identifier
   */
  public static EndpointQuery of(String participantUri, String documentTypeUri, String processUri) {
    return of(participantUri, documentTypeUri, processUri, PEPPOL_AS4_V2);
  }

  /** As {@link #of(String, String, String)}, with an explicit transport profile. */
  public static EndpointQuery of(String participantUri, String documentTypeUri, String processUri,
      String transportProfile) {
    PeppolIdentifierFactory ids = PeppolIdentifierFactory.INSTANCE;
    IParticipantIdentifier participant = ids.parseParticipantIdentifier(participantUri);
    if (participant == null) {
      throw new IllegalArgumentException("Not a valid Peppol participant identifier: " + participantUri);
    }
    IDocumentTypeIdentifier documentType = ids.parseDocumentTypeIdentifier(documentTypeUri);
    if (documentType == null) {
      throw new IllegalArgumentException("Not a valid Peppol document type identifier: " + documentTypeUri);
    }
    IProcessIdentifier process = ids.parseProcessIdentifier(processUri);
    if (process == null) {
      throw new IllegalArgumentException("Not a valid Peppol process identifier: " + processUri);
    }
    return new EndpointQuery(participant, documentType, process, transportProfile);
  }

  /** A stable key: the URI forms (the identifier factory already lower-cases case-insensitive ids). */
  String cacheKey() {
    return participant.getURIEncoded() + '\n' + documentType.getURIEncoded() + '\n' + process.getURIEncoded()
        + '\n' + transportProfile;
  }
}
