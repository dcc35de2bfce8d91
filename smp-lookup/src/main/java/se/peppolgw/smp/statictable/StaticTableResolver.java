package se.peppolgw.smp.statictable;

import java.util.ArrayList;
import java.util.List;

import com.helger.peppolid.IDocumentTypeIdentifier;
import com.helger.peppolid.IParticipantIdentifier;
import com.helger.peppolid.IProcessIdentifier;
import com.helger.peppolid.factory.PeppolIdentifierFactory;

import se.peppolgw.smp.EndpointQuery;
import se.peppolgw.smp.EndpointResolver;
import se.peppolgw.smp.FailureKind;
import se.peppolgw.smp.PublishedEndpoint;
import se.peppolgw.smp.ResolvedEndpoint;
import se.peppolgw.smp.SmpLookupException;
import se.peppolgw.smp.StaticRoute;
import se.peppolgw.smp.trace.TraceRecorder;

/**
 * Answers from a fixed routing table. Routes serve the configured transport profile only. Identifiers are
 * normalised with the Peppol identifier factory, so the table matches like an SMP would (participant ids
 * case-insensitively).
 */
public final class StaticTableResolver implements EndpointResolver {
  private record Route(String participant, String documentType, String process, StaticRoute source) {
  }

  private final List<Route> routes = new ArrayList<>();
  private final String transportProfile;

  public StaticTableResolver(List<StaticRoute> table, String transportProfile) {
    this.transportProfile = transportProfile;
    PeppolIdentifierFactory ids = PeppolIdentifierFactory.INSTANCE;
    for (StaticRoute r : table) {
      IParticipantIdentifier p = ids.parseParticipantIdentifier(r.participant());
      IDocumentTypeIdentifier d = ids.parseDocumentTypeIdentifier(r.documentType());
      IProcessIdentifier proc = r.process() == null ? null : ids.parseProcessIdentifier(r.process());
      if (p == null || d == null || (r.process() != null && proc == null)) {
        throw new IllegalArgumentException("Static route with an invalid Peppol identifier: " + r.participant()
            + " | " + r.documentType() + " | " + r.process());
      }
      routes.add(new Route(p.getURIEncoded(), d.getURIEncoded(), proc == null ? null : proc.getURIEncoded(), r));
    }
  }

  @Override
  public String modeName() {
    return "STATIC_TABLE";
  }

  @Override
  public ResolvedEndpoint resolve(EndpointQuery query, TraceRecorder trace) throws SmpLookupException {
    String participant = query.participant().getURIEncoded();
    String documentType = query.documentType().getURIEncoded();
    String process = query.process().getURIEncoded();
    TraceRecorder.Timer step = trace.start("STATIC_TABLE", participant + " | " + documentType + " | " + process);

    boolean participantKnown = false;
    boolean documentTypeKnown = false;
    for (Route r : routes) {
      if (!r.participant.equals(participant)) {
        continue;
      }
      participantKnown = true;
      if (!r.documentType.equals(documentType)) {
        continue;
      }
      documentTypeKnown = true;
      if (r.process == null || r.process.equals(process)) {
        if (!transportProfile.equals(query.transportProfile())) {
          step.done("no route for transport profile " + query.transportProfile());
          throw new SmpLookupException(FailureKind.NO_ENDPOINT_FOR_TRANSPORT_PROFILE,
              "Static routes serve " + transportProfile + " only.");
        }
        step.done(r.source.endpointUrl());
        StaticRoute s = r.source;
        return new ResolvedEndpoint(s.endpointUrl(), s.certificate(), null, null, null, null, "static route",
            transportProfile, null);
      }
    }
    if (!participantKnown) {
      step.done("participant not in table");
      throw new SmpLookupException(FailureKind.PARTICIPANT_NOT_REGISTERED, participant + " is not in the static table.");
    }
    if (!documentTypeKnown) {
      step.done("document type not in table");
      throw new SmpLookupException(FailureKind.DOCUMENT_TYPE_NOT_SUPPORTED,
          participant + " has no static route for " + documentType + ".");
    }
    step.done("process not in table");
    throw new SmpLookupException(FailureKind.PROCESS_NOT_SUPPORTED,
        participant + " has no static route for " + documentType + " with process " + process + ".");
  }

  @Override
  public List<String> documentTypes(IParticipantIdentifier participant, TraceRecorder trace)
      throws SmpLookupException {
    String p = participant.getURIEncoded();
    List<String> types = routes.stream().filter(r -> r.participant.equals(p)).map(r -> r.documentType)
        .distinct().toList();
    if (types.isEmpty()) {
      throw new SmpLookupException(FailureKind.PARTICIPANT_NOT_REGISTERED, p + " is not in the static table.");
    }
    return types;
  }

  @Override
  public List<PublishedEndpoint> endpoints(IParticipantIdentifier participant, IDocumentTypeIdentifier documentType,
      String transportProfile, TraceRecorder trace) throws SmpLookupException {
    List<String> types = documentTypes(participant, trace);
    String d = documentType.getURIEncoded();
    if (!types.contains(d)) {
      throw new SmpLookupException(FailureKind.DOCUMENT_TYPE_NOT_SUPPORTED,
          participant.getURIEncoded() + " has no static route for " + d + ".");
    }
    if (!this.transportProfile.equals(transportProfile)) {
      return List.of();
    }
    String p = participant.getURIEncoded();
    return routes.stream().filter(r -> r.participant.equals(p) && r.documentType.equals(d))
        .map(r -> new PublishedEndpoint(r.process, new ResolvedEndpoint(r.source.endpointUrl(),
            r.source.certificate(), null, null, null, null, "static route", this.transportProfile, null)))
        .toList();
  }
}
