package se.peppolgw.smp;

import se.peppolgw.smp.trace.LookupTrace;

/** A successful lookup: the endpoint and how it was found. */
public record LookupResult(ResolvedEndpoint endpoint, LookupTrace trace) {
}
