package se.peppolgw.smp.smp;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;

import com.helger.httpclient.HttpClientFactory;
import com.helger.httpclient.HttpClientManager;
import com.helger.httpclient.HttpClientSettings;
import com.helger.smpclient.peppol.SMPClientReadOnly;

import se.peppolgw.smp.trace.TraceRecorder;

/**
 * The peppol-commons SMP client, with each HTTP request recorded in the lookup trace (URL, status,
 * time). URL building, signature verification and XML parsing stay the library's. One instance per
 * lookup, because the trace is per lookup.
 *
 * <p>It also switches off httpclient's automatic retries. With no retry count configured, ph-httpclient
 * leaves httpclient's default strategy in place, which silently repeats a request after a 503 (one
 * second later) and after some I/O errors. Retrying is the outbound sender's decision, and a hidden
 * second request would double the load on a struggling SMP and hide failures from the circuit breaker.
 */
final class TracingSmpClient extends SMPClientReadOnly {
  private final TraceRecorder trace;

  TracingSmpClient(URI smpUrl, TraceRecorder trace) {
    super(smpUrl);
    this.trace = trace;
  }

  @Override
  public <T> T executeRequest(HttpUriRequestBase request, HttpClientResponseHandler<T> handler) throws IOException {
    TraceRecorder.Timer timer = trace.start("SMP_" + request.getMethod(), describe(request));
    int[] status = {0};
    request.setAbsoluteRequestUri(true);
    try (HttpClientManager http = new HttpClientManager(new NoRetryHttpClientFactory(httpClientSettings()))) {
      T result = http.execute(request, createHttpContext(), response -> {
        status[0] = response.getCode();
        return handler.handleResponse(response);
      });
      timer.done("OK", status[0]);
      return result;
    } catch (IOException | RuntimeException e) {
      timer.done(SmpFailures.describe(e), status[0] == 0 ? null : status[0]);
      throw e;
    }
  }

  private static String describe(HttpUriRequestBase request) {
    try {
      return request.getUri().toString();
    } catch (URISyntaxException e) {
      return request.getRequestUri();
    }
  }

  /** ph-httpclient's factory with httpclient's automatic retries disabled. */
  private static final class NoRetryHttpClientFactory extends HttpClientFactory {
    NoRetryHttpClientFactory(HttpClientSettings settings) {
      super(settings);
    }

    @Override
    public HttpClientBuilder createHttpClientBuilder() {
      return super.createHttpClientBuilder().disableAutomaticRetries();
    }
  }
}
