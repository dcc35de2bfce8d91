package se.peppolgw.smp.smp;

import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.helger.datetime.xml.XMLOffsetDateTime;
import com.helger.peppolid.IDocumentTypeIdentifier;
import com.helger.peppolid.IParticipantIdentifier;
import com.helger.peppolid.IProcessIdentifier;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.smpclient.peppol.SMPClientReadOnly;
import com.helger.xsds.peppol.smp1.EndpointType;
import com.helger.xsds.peppol.smp1.ProcessType;
import com.helger.xsds.peppol.smp1.ServiceInformationType;
import com.helger.xsds.peppol.smp1.SignedServiceMetadataType;

import se.peppolgw.smp.EndpointQuery;
import se.peppolgw.smp.FailureKind;
import se.peppolgw.smp.PublishedEndpoint;
import se.peppolgw.smp.ResolvedEndpoint;
import se.peppolgw.smp.SmpLookupException;

/**
 * Picks the endpoint for a process and transport profile out of verified service metadata.
 *
 * <p>peppol-commons' {@code SMPClientReadOnly.getEndpointAt} answers only "an endpoint or null"; we walk
 * the same structure ourselves so that the caller learns which of "process missing", "no such transport
 * profile", "expired" and "not yet active" it was (phase4#248 asks for exactly that distinction).
 */
final class ServiceMetadataReader {
  private ServiceMetadataReader() {
  }

  static ResolvedEndpoint read(SignedServiceMetadataType signed, EndpointQuery query, Instant now, URI smpUrl)
      throws SmpLookupException {
    ServiceInformationType info = signed.getServiceMetadata() == null ? null
        : signed.getServiceMetadata().getServiceInformation();
    if (info == null) {
      throw new SmpLookupException(FailureKind.SMP_BAD_RESPONSE,
          "SMP " + smpUrl + " returned no ServiceInformation (an SMP redirect that was not followed?)");
    }
    requireAnswerIsAbout(info, query.participant(), query.documentType(), smpUrl);
    IProcessIdentifier process = query.process();
    String transportProfile = query.transportProfile();
    ProcessType matchingProcess = null;
    for (ProcessType p : info.getProcessList().getProcess()) {
      if (p.getProcessIdentifier() != null
          && Objects.equals(p.getProcessIdentifier().getScheme(), process.getScheme())
          && Objects.equals(p.getProcessIdentifier().getValue(), process.getValue())) {
        matchingProcess = p;
        break;
      }
    }
    if (matchingProcess == null) {
      throw new SmpLookupException(FailureKind.PROCESS_NOT_SUPPORTED,
          "Process " + process.getURIEncoded() + " not found at SMP " + smpUrl + ".");
    }

    List<EndpointType> withProfile = new ArrayList<>();
    List<String> offeredProfiles = new ArrayList<>();
    for (EndpointType ep : matchingProcess.getServiceEndpointList().getEndpoint()) {
      offeredProfiles.add(ep.getTransportProfile());
      if (transportProfile.equals(ep.getTransportProfile())) {
        withProfile.add(ep);
      }
    }
    if (withProfile.isEmpty()) {
      throw new SmpLookupException(FailureKind.NO_ENDPOINT_FOR_TRANSPORT_PROFILE,
          "Wanted " + transportProfile + ", the SMP offers " + offeredProfiles + ".");
    }

    SmpLookupException firstUnusable = null;
    for (EndpointType ep : withProfile) {
      Instant activation = toInstant(ep.getServiceActivationDate());
      Instant expiration = toInstant(ep.getServiceExpirationDate());
      if (activation != null && now.isBefore(activation)) {
        firstUnusable = firstUnusable != null ? firstUnusable
            : new SmpLookupException(FailureKind.ENDPOINT_NOT_YET_ACTIVE, "Active from " + activation + ".");
        continue;
      }
      if (expiration != null && now.isAfter(expiration)) {
        firstUnusable = firstUnusable != null ? firstUnusable
            : new SmpLookupException(FailureKind.ENDPOINT_EXPIRED, "Expired at " + expiration + ".");
        continue;
      }
      return toEndpoint(ep, activation, expiration, smpUrl);
    }
    throw firstUnusable;
  }

  /**
   * A validly signed document can still be the answer to another question (a replayed or mis-cached
   * response for another participant or document type); its endpoints must not be used for this one.
   */
  /**
   * Every endpoint of the transport profile in every process, dates as published and not checked:
   * what the participant's registration says, for comparing it with what it should say.
   */
  static List<PublishedEndpoint> readAll(SignedServiceMetadataType signed, IParticipantIdentifier participant,
      IDocumentTypeIdentifier documentType, String transportProfile, URI smpUrl) throws SmpLookupException {
    ServiceInformationType info = signed.getServiceMetadata() == null ? null
        : signed.getServiceMetadata().getServiceInformation();
    if (info == null) {
      throw new SmpLookupException(FailureKind.SMP_BAD_RESPONSE,
          "SMP " + smpUrl + " returned no ServiceInformation (an SMP redirect that was not followed?)");
    }
    requireAnswerIsAbout(info, participant, documentType, smpUrl);
    List<PublishedEndpoint> out = new ArrayList<>();
    for (ProcessType p : info.getProcessList().getProcess()) {
      String process = p.getProcessIdentifier() == null ? null
          : p.getProcessIdentifier().getScheme() + "::" + p.getProcessIdentifier().getValue();
      for (EndpointType ep : p.getServiceEndpointList().getEndpoint()) {
        if (transportProfile.equals(ep.getTransportProfile())) {
          out.add(new PublishedEndpoint(process, toEndpoint(ep, toInstant(ep.getServiceActivationDate()),
              toInstant(ep.getServiceExpirationDate()), smpUrl)));
        }
      }
    }
    return out;
  }

  private static void requireAnswerIsAbout(ServiceInformationType info, IParticipantIdentifier query,
      IDocumentTypeIdentifier queryDocumentType, URI smpUrl) throws SmpLookupException {
    PeppolIdentifierFactory ids = PeppolIdentifierFactory.INSTANCE;
    IParticipantIdentifier participant = info.getParticipantIdentifier() == null ? null
        : ids.createParticipantIdentifier(info.getParticipantIdentifier().getScheme(),
            info.getParticipantIdentifier().getValue());
    IDocumentTypeIdentifier documentType = info.getDocumentIdentifier() == null ? null
        : ids.createDocumentTypeIdentifier(info.getDocumentIdentifier().getScheme(),
            info.getDocumentIdentifier().getValue());
    if (participant == null || !participant.getURIEncoded().equals(query.getURIEncoded())
        || documentType == null || !documentType.getURIEncoded().equals(queryDocumentType.getURIEncoded())) {
      throw new SmpLookupException(FailureKind.SMP_BAD_RESPONSE, "SMP " + smpUrl + " answered about "
          + (participant == null ? "?" : participant.getURIEncoded()) + " / "
          + (documentType == null ? "?" : documentType.getURIEncoded()) + ", not the participant and document type asked for.");
    }
  }

  private static ResolvedEndpoint toEndpoint(EndpointType ep, Instant activation, Instant expiration, URI smpUrl)
      throws SmpLookupException {
    String address = SMPClientReadOnly.getEndpointAddress(ep);
    if (address == null || address.isBlank()) {
      throw new SmpLookupException(FailureKind.SMP_BAD_RESPONSE, "Endpoint without an address at SMP " + smpUrl + ".");
    }
    X509Certificate cert;
    try {
      cert = SMPClientReadOnly.getEndpointCertificate(ep);
    } catch (CertificateException | RuntimeException e) {
      throw new SmpLookupException(FailureKind.RECEIVER_CERTIFICATE_INVALID,
          "The endpoint certificate cannot be decoded: " + e.getMessage(), e);
    }
    if (cert == null) {
      throw new SmpLookupException(FailureKind.RECEIVER_CERTIFICATE_INVALID, "The endpoint has no certificate.");
    }
    return new ResolvedEndpoint(address.trim(), cert, activation, expiration, trimToNull(ep.getTechnicalContactUrl()),
        trimToNull(ep.getTechnicalInformationUrl()), trimToNull(ep.getServiceDescription()), ep.getTransportProfile(),
        smpUrl);
  }

  /** xs:dateTime without a zone is read as UTC (the SMP spec does not say; Peppol SMPs send UTC). */
  static Instant toInstant(XMLOffsetDateTime dt) {
    if (dt == null) {
      return null;
    }
    ZoneOffset offset = dt.hasOffset() ? dt.getOffset() : ZoneOffset.UTC;
    return dt.toLocalDateTime().toInstant(offset);
  }

  private static String trimToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
