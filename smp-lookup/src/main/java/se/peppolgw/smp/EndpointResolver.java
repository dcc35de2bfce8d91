package se.peppolgw.smp;

import se.peppolgw.smp.trace.TraceRecorder;

/**
 * One way of answering a query without any caching (SML+SMP, fixed SMP, static table). The
 * {@link SmpLookupService} puts the cache, the certificate check and the trace around it.
 */
public interface EndpointResolver {
  /** The lookup mode name shown in traces. */
  String modeName();

  ResolvedEndpoint resolve(EndpointQuery query, TraceRecorder trace) throws SmpLookupException;
}
