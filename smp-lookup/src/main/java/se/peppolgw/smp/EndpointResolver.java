package se.peppolgw.smp;

import java.util.List;

import com.helger.peppolid.IDocumentTypeIdentifier;
import com.helger.peppolid.IParticipantIdentifier;

import se.peppolgw.smp.trace.TraceRecorder;

/**
 * One way of answering a query without any caching (SML+SMP, fixed SMP, static table). The
 * {@link SmpLookupService} puts the cache, the certificate check and the trace around it.
 */
public interface EndpointResolver {
  /** The lookup mode name shown in traces. */
  String modeName();

  ResolvedEndpoint resolve(EndpointQuery query, TraceRecorder trace) throws SmpLookupException;

  /** The document types registered for the participant (URI form), as its service group lists them. */
  List<String> documentTypes(IParticipantIdentifier participant, TraceRecorder trace) throws SmpLookupException;

  /**
   * Every endpoint for the transport profile, whatever the process, with no activation, expiration or
   * certificate check: what is published, not what a sender would use.
   */
  List<PublishedEndpoint> endpoints(IParticipantIdentifier participant, IDocumentTypeIdentifier documentType,
      String transportProfile, TraceRecorder trace) throws SmpLookupException;
}
