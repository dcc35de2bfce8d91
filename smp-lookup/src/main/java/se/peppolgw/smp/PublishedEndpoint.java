package se.peppolgw.smp;

/**
 * One endpoint an SMP publishes for a participant and document type, with the process it serves
 * (see {@link SmpLookupService#publishedEndpoints}).
 *
 * @param process  the process identifier in URI form ({@code scheme::value})
 * @param endpoint the endpoint, with its activation and expiration dates as published (not checked)
 */
public record PublishedEndpoint(String process, ResolvedEndpoint endpoint) {
}
