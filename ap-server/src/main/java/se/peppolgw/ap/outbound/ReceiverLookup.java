package se.peppolgw.ap.outbound;

import se.peppolgw.smp.EndpointQuery;
import se.peppolgw.smp.LookupResult;
import se.peppolgw.smp.SmpLookupException;

/** Finds the receiving access point; {@code SmpLookupService::lookup} in the gateway. */
@FunctionalInterface
public interface ReceiverLookup {
  LookupResult lookup(EndpointQuery query) throws SmpLookupException;
}
