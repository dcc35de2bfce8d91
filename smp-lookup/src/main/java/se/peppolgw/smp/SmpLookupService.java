package se.peppolgw.smp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

import com.helger.peppolid.IParticipantIdentifier;
import com.helger.peppolid.factory.PeppolIdentifierFactory;

import se.peppolgw.smp.cache.CircuitBreaker;
import se.peppolgw.smp.cache.CircuitBreakers;
import se.peppolgw.smp.cache.ExpiringLruCache;
import se.peppolgw.smp.cache.SingleFlight;
import se.peppolgw.smp.dns.NaptrSmpLocator;
import se.peppolgw.smp.smp.FixedSmpLocator;
import se.peppolgw.smp.smp.SmpEndpointResolver;
import se.peppolgw.smp.statictable.StaticTableFile;
import se.peppolgw.smp.statictable.StaticTableResolver;
import se.peppolgw.smp.trace.CacheOutcome;
import se.peppolgw.smp.trace.LookupTrace;
import se.peppolgw.smp.trace.TraceRecorder;
import se.peppolgw.smp.trace.TraceStep;

/**
 * The entry point: resolves (receiver, document type, process, transport profile) to an endpoint.
 *
 * <p>In front of the configured {@link EndpointResolver}: a TTL cache (found endpoints, and a shorter
 * negative cache for "not registered / not supported"), single-flight (concurrent lookups of one key
 * make one underlying request), the receiver certificate check, and a trace for every call. Thread-safe;
 * create one per gateway and share it.
 */
public final class SmpLookupService {
  /** What one underlying lookup produced: an endpoint or a failure, plus its steps. */
  private record Outcome(ResolvedEndpoint endpoint, SmpLookupException failure, List<TraceStep> steps,
      long cachedAtNanos) {
  }

  private final EndpointResolver resolver;
  private final ReceiverCertificateCheck certificateCheck;
  private final Clock clock;
  /** Cache ages and lifetimes; trace durations stay on System.nanoTime, they measure real work. */
  private final LongSupplier ticker;
  private final long positiveTtlNanos;
  private final long negativeTtlNanos;
  private final ExpiringLruCache<String, Outcome> cache;
  private final SingleFlight<String, Outcome> singleFlight = new SingleFlight<>();
  private final CircuitBreakers breakers;

  SmpLookupService(EndpointResolver resolver, ReceiverCertificateCheck certificateCheck, Clock clock,
      LongSupplier ticker, Duration positiveTtl, Duration negativeTtl, int maxCacheEntries,
      CircuitBreakers breakers) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.certificateCheck = Objects.requireNonNull(certificateCheck, "certificateCheck");
    this.clock = clock;
    this.ticker = ticker;
    this.positiveTtlNanos = positiveTtl.toNanos();
    this.negativeTtlNanos = negativeTtl.toNanos();
    this.cache = new ExpiringLruCache<>(maxCacheEntries, ticker);
    this.breakers = breakers;
  }

  /**
   * Builds the service for a configuration.
   *
   * @param config           what to look up where
   * @param certificateCheck decides whether a receiver certificate is a valid AP certificate
   * @throws UncheckedIOException when the static table file cannot be read
   */
  public static SmpLookupService create(SmpLookupConfig config, ReceiverCertificateCheck certificateCheck) {
    CircuitBreakers breakers = new CircuitBreakers(config.breakerFailureThreshold(), config.breakerCoolDown(),
        config.ticker());
    EndpointResolver resolver = switch (config.mode()) {
      case SML -> new SmpEndpointResolver("SML",
          new NaptrSmpLocator(config.smlZone(), config.dnsServer(), config.dnsTimeout()), breakers,
          config.smpTrustStore(), config.verifySmpSignature(), config.smpConnectTimeout(),
          config.smpResponseTimeout(), config.clock(), config.tls());
      case FIXED_SMP -> new SmpEndpointResolver("FIXED_SMP", new FixedSmpLocator(config.fixedSmpUrl()), breakers,
          config.smpTrustStore(), config.verifySmpSignature(), config.smpConnectTimeout(),
          config.smpResponseTimeout(), config.clock(), config.tls());
      case STATIC_TABLE -> new StaticTableResolver(staticRoutes(config), EndpointQuery.PEPPOL_AS4_V2);
    };
    return new SmpLookupService(resolver, certificateCheck, config.clock(), config.ticker(), config.positiveTtl(),
        config.negativeTtl(), config.maxCacheEntries(), breakers);
  }

  private static List<StaticRoute> staticRoutes(SmpLookupConfig config) {
    List<StaticRoute> routes = new ArrayList<>(config.staticRoutes());
    if (config.staticTableFile() != null) {
      try {
        routes.addAll(StaticTableFile.read(config.staticTableFile()));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the static routing table " + config.staticTableFile(), e);
      }
    }
    return routes;
  }

  /** Shorthand for {@link #lookup(EndpointQuery)} with identifiers in URI form and transport profile AS4 v2. */
  public LookupResult lookup(String participant, String documentType, String process) throws SmpLookupException {
    return lookup(EndpointQuery.of(participant, documentType, process));
  }

  /**
   * Resolves the endpoint. Never returns an endpoint outside its activation/expiration window.
   *
   * @throws SmpLookupException with the failure kind and the trace of this call
   */
  public LookupResult lookup(EndpointQuery query) throws SmpLookupException {
    long startNanos = System.nanoTime();
    Instant startedAt = clock.instant();
    String key = query.cacheKey();

    Outcome cached = cache.get(key);
    if (cached != null && cached.endpoint() != null && !cached.endpoint().isUsableAt(startedAt)) {
      // the entry TTL already stops at the expiration date; this catches a clock that moved
      cache.remove(key);
      cached = null;
    }
    if (cached != null) {
      long ageMillis = (ticker.getAsLong() - cached.cachedAtNanos()) / 1_000_000;
      CacheOutcome how = cached.endpoint() != null ? CacheOutcome.HIT : CacheOutcome.NEGATIVE_HIT;
      List<TraceStep> steps = List.of(new TraceStep("CACHE", "lookup cache",
          (how == CacheOutcome.HIT ? "hit" : "negative hit") + ", cached " + ageMillis + " ms ago", null,
          (System.nanoTime() - startNanos) / 1_000));
      return finish(query, startedAt, startNanos, how, cached, steps);
    }

    SingleFlight.Result<Outcome> flight = singleFlight.run(key, () -> resolveAndCache(query, key));
    CacheOutcome how = flight.leader() ? CacheOutcome.MISS : CacheOutcome.JOINED_IN_FLIGHT;
    List<TraceStep> steps = new ArrayList<>();
    steps.add(new TraceStep("CACHE", "lookup cache",
        flight.leader() ? "miss" : "miss, joined the running lookup of another caller", null, 0));
    steps.addAll(flight.value().steps());
    return finish(query, startedAt, startNanos, how, flight.value(), steps);
  }

  private LookupResult finish(EndpointQuery query, Instant startedAt, long startNanos, CacheOutcome how,
      Outcome outcome, List<TraceStep> steps) throws SmpLookupException {
    LookupTrace trace = new LookupTrace(query.participant().getURIEncoded(), query.documentType().getURIEncoded(),
        query.process().getURIEncoded(), query.transportProfile(), resolver.modeName(), startedAt, how,
        outcome.endpoint() != null ? "OK" : outcome.failure().kind().name(),
        (System.nanoTime() - startNanos) / 1_000, steps);
    if (outcome.endpoint() == null) {
      throw outcome.failure().withTrace(trace);
    }
    return new LookupResult(outcome.endpoint(), trace);
  }

  /** The single-flight work: never throws, the failure travels inside the outcome. */
  private Outcome resolveAndCache(EndpointQuery query, String key) {
    TraceRecorder trace = new TraceRecorder();
    Outcome outcome;
    try {
      ResolvedEndpoint endpoint = resolver.resolve(query, trace);
      checkCertificate(endpoint, trace);
      outcome = new Outcome(endpoint, null, trace.steps(), ticker.getAsLong());
      long untilExpiry = Duration.between(clock.instant(), endpoint.usableUntil()).toNanos();
      cache.put(key, outcome, Math.min(positiveTtlNanos, untilExpiry));
    } catch (SmpLookupException e) {
      outcome = new Outcome(null, e, trace.steps(), ticker.getAsLong());
      if (e.kind().isNegativelyCacheable()) {
        cache.put(key, outcome, negativeTtlNanos);
      }
    }
    return outcome;
  }

  private void checkCertificate(ResolvedEndpoint endpoint, TraceRecorder trace) throws SmpLookupException {
    TraceRecorder.Timer step = trace.start("CERT_CHECK",
        endpoint.certificate().getSubjectX500Principal().getName() + " serial "
            + endpoint.certificate().getSerialNumber().toString(16));
    Optional<String> problem;
    try {
      problem = certificateCheck.rejectionReason(endpoint.certificate());
    } catch (RuntimeException e) {
      problem = Optional.of("the certificate check failed: " + e);
    }
    if (problem.isPresent()) {
      step.done("rejected: " + problem.get());
      throw new SmpLookupException(FailureKind.RECEIVER_CERTIFICATE_INVALID, problem.get());
    }
    step.done("accepted");
  }

  /**
   * The document types (URI form) the participant's SMP lists in its service group (the static table:
   * its routes). Asked afresh, neither read from nor written to the cache: for a registration check,
   * not for sending. A failure carries no trace.
   *
   * @throws SmpLookupException PARTICIPANT_NOT_REGISTERED, or why the SMP could not be asked
   */
  public List<String> publishedDocumentTypes(String participantUri) throws SmpLookupException {
    return resolver.documentTypes(participant(participantUri), new TraceRecorder());
  }

  /**
   * Every AS4 v2 endpoint the participant's SMP publishes for the document type, in every process,
   * with the SMP signature verified but neither the service dates nor the certificate checked (the
   * caller compares them). Not cached; a failure carries no trace.
   *
   * @throws SmpLookupException PARTICIPANT_NOT_REGISTERED, DOCUMENT_TYPE_NOT_SUPPORTED, or why the
   *     SMP could not be asked or its answer not be trusted
   */
  public List<PublishedEndpoint> publishedEndpoints(String participantUri, String documentTypeUri)
      throws SmpLookupException {
    var documentType = PeppolIdentifierFactory.INSTANCE.parseDocumentTypeIdentifier(documentTypeUri);
    if (documentType == null) {
      throw new IllegalArgumentException("Not a valid Peppol document type identifier: " + documentTypeUri);
    }
    return resolver.endpoints(participant(participantUri), documentType, EndpointQuery.PEPPOL_AS4_V2,
        new TraceRecorder());
  }

  private static IParticipantIdentifier participant(String uri) {
    IParticipantIdentifier p = PeppolIdentifierFactory.INSTANCE.parseParticipantIdentifier(uri);
    if (p == null) {
      throw new IllegalArgumentException("Not a valid Peppol participant identifier: " + uri);
    }
    return p;
  }

  /** Drops every cached answer (the circuit breakers keep their state). */
  public void clearCache() {
    cache.clear();
  }

  /** Cached answers, positive and negative. */
  public int cachedEntries() {
    return cache.size();
  }

  /** The circuit breaker state of an SMP host, given as "host:port". */
  public CircuitBreaker.State breakerState(String smpHostAndPort) {
    return breakers.state(smpHostAndPort);
  }

  /** The lookup mode name (SML, FIXED_SMP, STATIC_TABLE). */
  public String modeName() {
    return resolver.modeName();
  }
}
