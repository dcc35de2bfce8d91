package se.peppolgw.ap.outbound;

import com.helger.http.header.HttpHeaderMap;
import com.helger.httpclient.HttpClientFactory;
import com.helger.phase4.messaging.http.BasicHttpPoster;
import com.helger.phase4.profile.peppol.Phase4PeppolHttpClientSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.peppolgw.smp.tls.OutboundTls;

/**
 * phase4's HTTP poster with one long-lived, pooled Apache HttpClient for every send of this node,
 * so that connections (and TLS sessions) to a receiving AP are kept open and reused, instead of
 * phase4's default of a new HttpClient, connection pool and TCP/TLS connection per message.
 *
 * <p>The client is built by phase4's own {@link Phase4PeppolHttpClientSettings} (5 s connect, 1 s
 * to lease a connection, phase4's user agent, no HTTP retries) with the configured response
 * timeout and our {@link OutboundTls} instead of phase4's trust-everything TLS context, exactly what {@link PeppolAs4Sender} gives phase4 without this poster, so
 * that the wire behaviour of one message is what phase4 does; only the connection outlives it.
 * Reuse brings one risk of its own: the other side may close an idle connection just as we send
 * on it. Against that, a connection idle for more than {@link #VALIDATE_AFTER_IDLE} is checked
 * before reuse, idle connections are dropped after {@link #MAX_IDLE}, and none lives longer than
 * {@link #TIME_TO_LIVE} (so DNS and load balancer changes are picked up). A send that still fails
 * this way is a failed attempt like any connection failure: the outbox tries again with a new
 * MessageId.
 */
final class PooledHttpPoster extends BasicHttpPoster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PooledHttpPoster.class);
  static final TimeValue VALIDATE_AFTER_IDLE = TimeValue.ofSeconds(1);
  static final TimeValue MAX_IDLE = TimeValue.ofSeconds(20);
  static final TimeValue TIME_TO_LIVE = TimeValue.ofMinutes(5);

  private final CloseableHttpClient client;
  private final AtomicLong connectionsOpened = new AtomicLong();

  /**
   * @param maxConnectionsPerAp at least the number of concurrent sends, so that none waits for a
   *     connection
   * @param responseTimeout how long to wait for the receiver's answer
   *     (gateway.outbound.response-timeout-seconds)
   */
  PooledHttpPoster(int maxConnectionsPerAp, Duration responseTimeout) {
    this(maxConnectionsPerAp, responseTimeout, OutboundTls.jdkDefault());
  }

  /** @param tls how the receiving AP's TLS certificate is verified */
  PooledHttpPoster(int maxConnectionsPerAp, Duration responseTimeout, OutboundTls tls) {
    HttpClientFactory factory = new Factory(Math.max(1, maxConnectionsPerAp), responseTimeout, tls);
    setHttpClientFactory(factory);
    // phase4's Peppol builder sends header values unquoted (some receivers choke on quotes)
    setQuoteHttpHeaders(false);
    this.client = factory.createHttpClient();
  }

  /** How many TCP connections were opened so far (for tests and the log). */
  long connectionsOpened() {
    return connectionsOpened.get();
  }

  @Override
  public <T> T sendGenericMessage(
      String url,
      HttpHeaderMap headers,
      HttpEntity entity,
      HttpClientResponseHandler<? extends T> handler)
      throws IOException {
    HttpPost post = new HttpPost(url);
    if (headers != null) {
      headers.forEachSingleHeader(post::addHeader, true, isQuoteHttpHeaders());
    }
    post.setEntity(entity);
    if (getHttpCustomizer() != null) {
      getHttpCustomizer().accept(post);
    }
    try {
      return client.execute(post, HttpClientContext.create(), handler);
    } catch (IOException e) {
      LOG.warn("AS4 POST to {} failed: {}", url, e.toString());
      throw e;
    }
  }

  @Override
  public void close() {
    client.close(CloseMode.GRACEFUL);
  }

  private static Phase4PeppolHttpClientSettings settings(Duration responseTimeout, OutboundTls tls) {
    Phase4PeppolHttpClientSettings s = new Phase4PeppolHttpClientSettings();
    s.setResponseTimeout(Timeout.ofMilliseconds(responseTimeout.toMillis()));
    return tls.applyTo(s);
  }

  /** phase4's Peppol client settings with a pool that keeps connections. */
  private final class Factory extends HttpClientFactory {
    private final int maxPerRoute;

    Factory(int maxPerRoute, Duration responseTimeout, OutboundTls tls) {
      super(settings(responseTimeout, tls));
      this.maxPerRoute = maxPerRoute;
    }

    @Override
    public ConnectionConfig.Builder createConnectionConfigBuilder() {
      return super.createConnectionConfigBuilder()
          .setValidateAfterInactivity(VALIDATE_AFTER_IDLE)
          .setTimeToLive(TIME_TO_LIVE);
    }

    @Override
    public HttpClientConnectionManager createConnectionManager(TlsSocketStrategy tls) {
      HttpClientConnectionManager m = super.createConnectionManager(tls);
      if (m instanceof PoolingHttpClientConnectionManager p) {
        p.setDefaultMaxPerRoute(Math.max(p.getDefaultMaxPerRoute(), maxPerRoute));
        p.setMaxTotal(Math.max(p.getMaxTotal(), 2 * maxPerRoute));
      }
      return m;
    }

    @Override
    public HttpClientBuilder createHttpClientBuilder() {
      return super.createHttpClientBuilder()
          .evictIdleConnections(MAX_IDLE)
          .evictExpiredConnections()
          .addResponseInterceptorLast(
              (response, entity, context) -> {
                // the connection is still ours here: one request on it means it is new
                EndpointDetails d = HttpClientContext.castOrCreate(context).getEndpointDetails();
                if (d != null && d.getRequestCount() == 1) {
                  connectionsOpened.incrementAndGet();
                }
              });
    }
  }
}
