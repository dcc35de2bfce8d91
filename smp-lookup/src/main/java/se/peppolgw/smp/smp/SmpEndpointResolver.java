package se.peppolgw.smp.smp;

import java.net.URI;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.apache.hc.core5.util.Timeout;

import com.helger.peppolid.IDocumentTypeIdentifier;
import com.helger.peppolid.IParticipantIdentifier;
import com.helger.peppolid.factory.PeppolIdentifierFactory;
import com.helger.smpclient.exception.SMPClientException;
import com.helger.smpclient.exception.SMPClientNotFoundException;
import com.helger.smpclient.peppol.SMPClientReadOnly;
import com.helger.xsds.peppol.smp1.ServiceGroupType;
import com.helger.xsds.peppol.smp1.SignedServiceMetadataType;

import se.peppolgw.smp.EndpointQuery;
import se.peppolgw.smp.EndpointResolver;
import se.peppolgw.smp.FailureKind;
import se.peppolgw.smp.PublishedEndpoint;
import se.peppolgw.smp.ResolvedEndpoint;
import se.peppolgw.smp.SmpLookupException;
import se.peppolgw.smp.cache.CircuitBreaker;
import se.peppolgw.smp.cache.CircuitBreakers;
import se.peppolgw.smp.trace.TraceRecorder;
import se.peppolgw.smp.tls.OutboundTls;

/** Locates the participant's SMP (SML or fixed), asks it for the signed service metadata, picks the endpoint. */
public final class SmpEndpointResolver implements EndpointResolver {
  private final String modeName;
  private final SmpLocator locator;
  private final CircuitBreakers breakers;
  private final KeyStore trustStore;
  private final boolean verifySignature;
  private final Timeout connectTimeout;
  private final Timeout responseTimeout;
  private final Clock clock;
  private final OutboundTls tls;

  public SmpEndpointResolver(String modeName, SmpLocator locator, CircuitBreakers breakers, KeyStore trustStore,
      boolean verifySignature, Duration connectTimeout, Duration responseTimeout, Clock clock, OutboundTls tls) {
    this.modeName = modeName;
    this.locator = locator;
    this.breakers = breakers;
    this.trustStore = trustStore;
    this.verifySignature = verifySignature;
    this.connectTimeout = Timeout.ofMilliseconds(connectTimeout.toMillis());
    this.responseTimeout = Timeout.ofMilliseconds(responseTimeout.toMillis());
    this.clock = clock;
    this.tls = tls;
  }

  /** "host:port" of an SMP URL: the key of its circuit breaker. */
  public static String hostKey(URI smpUrl) {
    int port = smpUrl.getPort() != -1 ? smpUrl.getPort() : "https".equalsIgnoreCase(smpUrl.getScheme()) ? 443 : 80;
    return smpUrl.getHost() + ":" + port;
  }

  @Override
  public String modeName() {
    return modeName;
  }

  @Override
  public ResolvedEndpoint resolve(EndpointQuery query, TraceRecorder trace) throws SmpLookupException {
    URI smpUrl = locator.locate(query.participant(), trace);
    SignedServiceMetadataType metadata = metadata(smpUrl, query.participant(), query.documentType(), trace);
    return ServiceMetadataReader.read(metadata, query, clock.instant(), smpUrl);
  }

  @Override
  public List<String> documentTypes(IParticipantIdentifier participant, TraceRecorder trace)
      throws SmpLookupException {
    URI smpUrl = locator.locate(participant, trace);
    // getServiceGroup, not ...OrNull: the latter also answers null when the SMP cannot be reached
    ServiceGroupType group = call(smpUrl, trace, client -> client.getServiceGroup(participant),
        client -> new SmpLookupException(FailureKind.PARTICIPANT_NOT_REGISTERED,
            "SMP " + smpUrl + " has no service group for " + participant.getURIEncoded() + "."));
    // references the library cannot read as a document type are left out (an SMP bug, not ours to judge)
    return SMPClientReadOnly.getAllDocumentTypes(group, PeppolIdentifierFactory.INSTANCE, href -> { })
        .stream().map(IDocumentTypeIdentifier::getURIEncoded).toList();
  }

  @Override
  public List<PublishedEndpoint> endpoints(IParticipantIdentifier participant, IDocumentTypeIdentifier documentType,
      String transportProfile, TraceRecorder trace) throws SmpLookupException {
    URI smpUrl = locator.locate(participant, trace);
    SignedServiceMetadataType metadata = metadata(smpUrl, participant, documentType, trace);
    return ServiceMetadataReader.readAll(metadata, participant, documentType, transportProfile, smpUrl);
  }

  private SignedServiceMetadataType metadata(URI smpUrl, IParticipantIdentifier participant,
      IDocumentTypeIdentifier documentType, TraceRecorder trace) throws SmpLookupException {
    return call(smpUrl, trace, client -> client.getServiceMetadata(participant, documentType, null),
        client -> notFoundReason(client, participant, documentType, smpUrl));
  }

  /** One SMP request, behind the host's circuit breaker, with the library's failures classified. */
  private <T> T call(URI smpUrl, TraceRecorder trace, SmpCall<T> request, NotFound notFound)
      throws SmpLookupException {
    String hostKey = hostKey(smpUrl);
    CircuitBreaker breaker = breakers.forHost(hostKey);
    TraceRecorder.Timer breakerStep = trace.start("BREAKER", hostKey);
    if (!breaker.tryAcquire()) {
      breakerStep.done("open, " + breaker.remainingCoolDown().toMillis() + " ms of cool-down left");
      throw new SmpLookupException(FailureKind.CIRCUIT_OPEN, "SMP " + hostKey + " after "
          + breaker.consecutiveFailures() + " consecutive failures.");
    }
    breakerStep.done(breaker.state().name().toLowerCase(java.util.Locale.ROOT));

    SMPClientReadOnly client = newClient(smpUrl, trace);
    try {
      T answer = request.run(client);
      breaker.onSuccess();
      return answer;
    } catch (SMPClientNotFoundException e) {
      // the library also reports a refused connection as "not found": the cause tells them apart
      SmpLookupException network = SmpFailures.classify(e, smpUrl);
      if (network.kind() != FailureKind.SMP_BAD_RESPONSE && SmpFailures.isHostFailure(network.kind())) {
        breaker.onFailure();
        throw network;
      }
      breaker.onSuccess();
      throw notFound.reason(client);
    } catch (SMPClientException e) {
      SmpLookupException failure = SmpFailures.classify(e, smpUrl);
      if (SmpFailures.isHostFailure(failure.kind())) {
        breaker.onFailure();
      } else {
        breaker.onSuccess();
      }
      throw failure;
    } catch (RuntimeException e) {
      breaker.onFailure();
      throw new SmpLookupException(FailureKind.SMP_BAD_RESPONSE, "SMP " + smpUrl + ": " + e, e);
    }
  }

  @FunctionalInterface
  private interface SmpCall<T> {
    T run(SMPClientReadOnly client) throws SMPClientException;
  }

  @FunctionalInterface
  private interface NotFound {
    SmpLookupException reason(SMPClientReadOnly client);
  }

  /**
   * A 404 for the service metadata means either "participant unknown to this SMP" or "document type not
   * registered". One more request for the service group tells them apart; it only happens on this
   * negative (and negatively cached) path.
   */
  private static SmpLookupException notFoundReason(SMPClientReadOnly client, IParticipantIdentifier participant,
      IDocumentTypeIdentifier documentType, URI smpUrl) {
    String docType = documentType.getURIEncoded();
    try {
      ServiceGroupType group = client.getServiceGroupOrNull(participant);
      if (group == null) {
        return new SmpLookupException(FailureKind.PARTICIPANT_NOT_REGISTERED,
            "SMP " + smpUrl + " has no service group for " + participant.getURIEncoded() + ".");
      }
      return new SmpLookupException(FailureKind.DOCUMENT_TYPE_NOT_SUPPORTED,
          "SMP " + smpUrl + " has no " + docType + " for " + participant.getURIEncoded() + ".");
    } catch (SMPClientException e) {
      return new SmpLookupException(FailureKind.DOCUMENT_TYPE_NOT_SUPPORTED,
          "SMP " + smpUrl + " answered 404 for " + docType + " (service group check failed: " + e.getMessage() + ").");
    }
  }

  private SMPClientReadOnly newClient(URI smpUrl, TraceRecorder trace) {
    TracingSmpClient client = new TracingSmpClient(smpUrl, trace);
    client.setTrustStore(trustStore);
    client.setVerifySignature(verifySignature);
    client.httpClientSettings().setConnectTimeout(connectTimeout);
    client.httpClientSettings().setResponseTimeout(responseTimeout);
    client.httpClientSettings().setRetryCount(0);
    // the SMP client's own settings trust every certificate: verify the SMP's TLS certificate
    tls.applyTo(client.httpClientSettings());
    return client;
  }
}
