package se.peppolgw.ap.outbound;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import se.peppolgw.ap.config.ServedParticipant;
import se.peppolgw.smp.EndpointQuery;
import se.peppolgw.smp.LookupResult;
import se.peppolgw.smp.ResolvedEndpoint;
import se.peppolgw.smp.SmpLookupException;
import se.peppolgw.smp.trace.CacheOutcome;
import se.peppolgw.smp.trace.LookupTrace;
import se.peppolgw.smp.trace.TraceStep;

/**
 * Local mode only: a document addressed to a participant this gateway serves (for a document type
 * it accepts) is routed to this gateway's own AS4 endpoint, so a fresh {@code ./gateway} can send
 * and receive a real signed, encrypted AS4 message without any routing set up. Everything else
 * goes to the configured lookup. Off in test and production mode, where only the SML/SMP decides.
 */
final class LocalLoopbackLookup implements ReceiverLookup {
  static final String MODE = "LOCAL_LOOPBACK";
  private static final String PARTICIPANT_SCHEME = "iso6523-actorid-upis";

  private final List<ServedParticipant> served;
  private final Supplier<String> ownAs4Url;
  private final X509Certificate ownCertificate;
  private final ReceiverLookup next;
  private final Clock clock;

  /**
   * @param ownAs4Url asked at send time: the port is only known once the server runs
   */
  LocalLoopbackLookup(
      List<ServedParticipant> served,
      Supplier<String> ownAs4Url,
      X509Certificate ownCertificate,
      ReceiverLookup next,
      Clock clock) {
    this.served = List.copyOf(served);
    this.ownAs4Url = ownAs4Url;
    this.ownCertificate = ownCertificate;
    this.next = next;
    this.clock = clock;
  }

  @Override
  public LookupResult lookup(EndpointQuery q) throws SmpLookupException {
    if (!PARTICIPANT_SCHEME.equals(q.participant().getScheme()) || !servesHere(q)) {
      return next.lookup(q);
    }
    long t0 = System.nanoTime();
    String url = ownAs4Url.get();
    ResolvedEndpoint endpoint =
        new ResolvedEndpoint(
            url, ownCertificate, null, null, null, null,
            "this gateway (local mode loopback)", q.transportProfile(), null);
    long micros = (System.nanoTime() - t0) / 1000;
    LookupTrace trace =
        new LookupTrace(
            q.participant().getURIEncoded(),
            q.documentType().getURIEncoded(),
            q.process().getURIEncoded(),
            q.transportProfile(),
            MODE,
            clock.instant(),
            CacheOutcome.MISS,
            "OK",
            micros,
            List.of(new TraceStep(MODE, q.participant().getValue() + " is served by this gateway", url, null, micros)));
    return new LookupResult(endpoint, trace);
  }

  private boolean servesHere(EndpointQuery q) {
    String participant = q.participant().getValue();
    String docType = q.documentType().getValue();
    return served.stream().anyMatch(p -> p.isParticipant(participant) && p.accepts(docType));
  }
}
